namespace Claims.Operations.Productivity;

/// <summary>Per-coder rows and the team's totals per period, for the coders the caller may see.</summary>
public sealed record ProductivityReport(DateOnly From, DateOnly To, ProductivityGrain Grain, IReadOnlyList<ProductivityRow> Coders, IReadOnlyList<ProductivityRow> Team);
