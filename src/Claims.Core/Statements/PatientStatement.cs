namespace Claims.Statements;

/// <summary>
/// A patient statement as data, in memory only: it names the patient (PHI), so it is rendered to a PDF on demand and
/// never stored in plaintext. The clinic is the sender: its name, billing address and NPI.
/// </summary>
public sealed record PatientStatement(
    string ClinicName,
    string ClinicAddress,
    string ClinicNpi,
    Guid PatientId,
    string Pseudonym,
    string PatientName,
    string PatientAddress,
    DateOnly StatementDate,
    IReadOnlyList<StatementClaim> Claims,
    StatementAging Aging)
{
    public long ChargeCents => Claims.Sum(c => c.ChargeCents);

    public long InsurancePaidCents => Claims.Sum(c => c.InsurancePaidCents);

    public long AdjustmentCents => Claims.Sum(c => c.AdjustmentCents);

    public long PatientPaidCents => Claims.Sum(c => c.PatientPaidCents);

    /// <summary>What the patient owes now: the sum of the patient balances (PR + transfers − patient payments).</summary>
    public long AmountDueCents => Claims.Sum(c => c.PatientOwesCents);
}
