namespace Claims.Submission;

/// <summary>
/// One service line (2400): procedure code with up to four modifiers, the charge in cents, units, one to four
/// pointers (1-based) into the claim's diagnoses, and the date of service (DTP*472).
/// </summary>
public sealed record Professional837Line(
    string ProcedureCode,
    IReadOnlyList<string> Modifiers,
    long ChargeCents,
    int Units,
    IReadOnlyList<int> DiagnosisPointers,
    DateOnly ServiceDate)
{
    /// <summary>Other payers' adjudication of this line (2430), matched to <see cref="Professional837Claim.OtherPayers"/> by payer id.</summary>
    public IReadOnlyList<X12LineAdjudication> Adjudications { get; init; } = [];
}
