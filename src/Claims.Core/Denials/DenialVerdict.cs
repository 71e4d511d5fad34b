namespace Claims.Denials;

/// <summary>
/// What the rules table says about one adjustment: its category, next action, whether it may be appealed, the appeal
/// window (days from the notice; null for the payer's default), the scrubber edit that could have caught it, and which
/// rule said so (<see cref="RuleSource"/>: shipped, admin, payer, or none).
/// </summary>
public sealed record DenialVerdict(DenialCategory Category, DenialAction NextAction, bool Appealable, int? AppealWindowDays, string? ScrubberEdit, string Note, string RuleSource, Guid? RuleId)
{
    /// <summary>No rule covers the code.</summary>
    public static DenialVerdict Unclassified { get; } = new(DenialCategory.Unclassified, DenialAction.Review, true, null, null, "No rule covers this code: read the payer's words and decide.", "none", null);
}
