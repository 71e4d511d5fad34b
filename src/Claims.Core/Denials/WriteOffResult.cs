namespace Claims.Denials;

/// <summary>What a write-off did: written off and closed, or waiting for an admin (<see cref="RequestId"/>).</summary>
public sealed record WriteOffResult(Guid ClaimId, long AmountCents, string Group, string Carc, bool PendingApproval, Guid? RequestId);
