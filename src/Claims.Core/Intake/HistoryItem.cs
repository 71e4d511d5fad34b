namespace Claims.Intake;

/// <summary>One coded fact of a history encounter: what it is, its code system, code and the code system's display.</summary>
public sealed record HistoryItem(ClinicalKind Kind, string? System, string Code, string? Display);
