namespace Claims.Submission;

/// <summary>
/// Loops 2320, 2330A and 2330B: a payer that adjudicated the claim before the one it is sent to now (coordination of
/// benefits). A secondary claim carries the primary here: its SBR (<see cref="PayerResponsibility"/> is the other
/// payer's place, P for the primary; <see cref="RelationshipCode"/> the patient's relationship to that subscriber,
/// 18 self), the claim-level CAS, what it paid (AMT*D), what it left the patient (AMT*EAF), the subscriber on that
/// coverage (2330A) and the payer with its adjudication date (2330B DTP*573). Line-level adjudication goes on each
/// line as <see cref="X12LineAdjudication"/> with the same <see cref="X12Payer.PayerId"/>.
/// </summary>
public sealed record X12OtherPayer(
    string PayerResponsibility,
    string ClaimFilingIndicator,
    string MemberId,
    string LastName,
    string FirstName,
    X12Payer Payer,
    long PaidCents,
    DateOnly AdjudicationDate)
{
    public string RelationshipCode { get; init; } = "18";

    public string? GroupNumber { get; init; }

    /// <summary>Claim-level adjustments (835 CAS under CLP), repeated in 2320 CAS.</summary>
    public IReadOnlyList<X12Adjustment> Adjustments { get; init; } = [];

    /// <summary>AMT*EAF: what the other payer left the patient to pay, when known.</summary>
    public long? RemainingPatientLiabilityCents { get; init; }
}
