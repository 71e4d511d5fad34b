namespace Claims.Coding;

/// <summary>The ranked codes for one source, each suggestion's evidence prefixed with the source resource.</summary>
public sealed record SourcedSuggestions(CodingSource Source, IReadOnlyList<CodeSuggestion> Suggestions);
