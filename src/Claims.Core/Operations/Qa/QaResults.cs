namespace Claims.Operations.Qa;

/// <summary>QA results per coder and per client clinic.</summary>
public sealed record QaResults(IReadOnlyList<QaResult> ByCoder, IReadOnlyList<QaResult> ByClient);
