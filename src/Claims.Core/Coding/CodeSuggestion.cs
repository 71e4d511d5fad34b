namespace Claims.Coding;

/// <summary>A suggested code with a score in [0, 1] and the evidence that led to it.</summary>
public sealed record CodeSuggestion(string Code, string Description, double Score, string Evidence);
