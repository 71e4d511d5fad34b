namespace Claims.Coding;

/// <summary>One search hit: the code, its description, whether it may be billed, and a relevance score.</summary>
public sealed record CodeHit(string Code, string Description, bool Billable, double Score);
