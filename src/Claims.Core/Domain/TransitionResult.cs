namespace Claims.Domain;

/// <summary>What a workflow act did: the claim as it now is, where it came from, and one sentence for the person who did it.</summary>
public sealed record TransitionResult(Claim Claim, ClaimState From, string Message);
