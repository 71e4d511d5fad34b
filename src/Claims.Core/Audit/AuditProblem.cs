
namespace Claims.Audit;

/// <summary>The first thing wrong with a chain: where, what kind (modified, missing, reordered, truncated, signature), and why.</summary>
public sealed record AuditProblem(long Sequence, string Kind, string Message);
