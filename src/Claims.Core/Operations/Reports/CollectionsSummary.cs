namespace Claims.Operations.Reports;

/// <summary>The ledger rows of a clinic's claims posted in the month, summed by kind (cents; reversals net out).</summary>
public sealed record CollectionsSummary(
    long ChargesCents,
    long PayerPaymentsCents,
    long PatientPaymentsCents,
    long ContractualCents,
    long PatientResponsibilityCents,
    long DeniedCents,
    long WrittenOffCents,
    long TransferredToPatientCents)
{
    public long CollectedCents => PayerPaymentsCents + PatientPaymentsCents;
}
