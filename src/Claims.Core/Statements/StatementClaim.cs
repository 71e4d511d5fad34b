namespace Claims.Statements;

/// <summary>
/// One claim on a statement: its services and, from the ledger, what insurance paid, the adjustments (contractual and
/// written off), what the patient paid and what the patient still owes on it.
/// </summary>
public sealed record StatementClaim(string ControlNumber, DateOnly ServiceFrom, bool SelfPay, IReadOnlyList<StatementService> Services,
    long ChargeCents, long InsurancePaidCents, long AdjustmentCents, long PatientPaidCents, long PatientOwesCents);
