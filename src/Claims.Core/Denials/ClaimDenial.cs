using Claims.Domain;

namespace Claims.Denials;

/// <summary>
/// A denied or partly paid claim as the denial worklist shows it (no PHI: the patient by pseudonym): the payer's codes
/// in words, the primary code's category and next action, the amount at stake (the payer balance), the deadline of the
/// next action with days left at <see cref="AsOf"/>, the coder who coded it, and the biller working it.
/// </summary>
public sealed record ClaimDenial(
    Guid ClaimId,
    string ControlNumber,
    ClaimState State,
    Guid ClinicId,
    string Clinic,
    Guid? PayerId,
    string Payer,
    bool Medicare,
    string Patient,
    DateOnly ServiceFrom,
    string? PayerClaimNumber,
    int Frequency,
    DateOnly? RemittanceDate,
    IReadOnlyList<DenialCode> Codes,
    DenialCode? Primary,
    DenialAction NextAction,
    long AmountCents,
    DateOnly? Deadline,
    string? DeadlineKind,
    DateOnly AsOf,
    string? Coder,
    int NextAppealLevel,
    string? AssignedTo,
    DateTimeOffset? LeaseExpiresAt)
{
    public DenialCategory Category => Primary?.Verdict.Category ?? DenialCategory.Unclassified;

    public bool Appealable => Primary?.Verdict.Appealable ?? true;

    /// <summary>Days from <see cref="AsOf"/> to the deadline (negative once missed); null when the action has none.</summary>
    public int? DaysLeft => Deadline is { } d ? d.DayNumber - AsOf.DayNumber : null;

    /// <summary>
    /// The deadline passed without the act: computed at read time from the remittance date, the rules and the clock
    /// (nothing stored), so it follows a corrected rule; the claim's history shows whether the act came later.
    /// </summary>
    public bool DeadlineMissed => DaysLeft < 0;

    /// <summary>Whether the deadline falls within <paramref name="days"/> days (missed ones included).</summary>
    public bool DueWithin(int days) => DaysLeft <= days;
}
