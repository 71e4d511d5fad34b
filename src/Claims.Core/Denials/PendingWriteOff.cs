namespace Claims.Denials;

/// <summary>A write-off waiting for an admin, as the approvals list shows it (no PHI).</summary>
public sealed record PendingWriteOff(Guid Id, Guid ClaimId, string ControlNumber, long AmountCents, string Group, string Carc, string Reason, string RequestedBy, DateTimeOffset RequestedAt);
