namespace Claims.Scrubbing;

/// <summary>A service line as the scrubber reads it.</summary>
public sealed record ScrubLine(int Number, string Code, IReadOnlyList<string> Modifiers, int Units, decimal Charge, IReadOnlyList<int> DiagnosisPointers, DateOnly? ServiceDate);
