namespace Claims.Coding;

/// <summary>An Excludes1 note of the Tabular List: it sits on <see cref="OnCode"/> and applies to all codes below it.</summary>
public sealed record Excludes1Note(string OnCode, string Text, IReadOnlyList<CodeReference> References);
