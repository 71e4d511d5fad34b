namespace Claims.Operations.Kpis;

/// <summary>QA code-over-code results for a period: codes the reviewer agreed with over codes reviewed, and the reviewed claims.</summary>
public sealed record CodingAccuracy(long CodesAgreed, long CodesReviewed, IReadOnlyList<Guid> AgreedClaims, IReadOnlyList<Guid> ReviewedClaims);
