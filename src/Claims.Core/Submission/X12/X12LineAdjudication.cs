namespace Claims.Submission;

/// <summary>
/// Loop 2430: how another payer adjudicated one service line (from its 835 SVC): that payer's id (SVD01, equal to
/// its 2330B NM109), what it paid (SVD02), the code it adjudicated with its modifiers, the units paid, its line
/// adjustments (CAS) and the adjudication date (DTP*573). SV102 = SVD02 + the line's CAS amounts (TR3 balancing).
/// </summary>
public sealed record X12LineAdjudication(
    string PayerId,
    long PaidCents,
    string ProcedureCode,
    IReadOnlyList<string> Modifiers,
    int Units,
    DateOnly AdjudicationDate)
{
    public IReadOnlyList<X12Adjustment> Adjustments { get; init; } = [];
}
