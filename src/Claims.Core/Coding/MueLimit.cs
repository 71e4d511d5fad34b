namespace Claims.Coding;

/// <summary>One Medically Unlikely Edit: at most <see cref="MaxUnits"/> units of a code per line or per day.</summary>
public sealed record MueLimit(string Code, int MaxUnits, int AdjudicationIndicator, string Rationale);
