namespace Claims.Denials;

/// <summary>What an admin types for a rule (for every payer when <see cref="PayerId"/> is null).</summary>
public sealed record DenialRuleInput(Guid? PayerId, string Group, string Carc, string? Rarc, DenialCategory Category, DenialAction NextAction, bool Appealable, int? AppealWindowDays, string? ScrubberEdit, string? Note);
