using Claims.Domain;

namespace Claims.Coding;

/// <summary>What a workbench act did: the claim as it now is, and one sentence for the person who did it.</summary>
public sealed record WorkbenchResult(Claim Claim, string Message);
