namespace Claims.Audit;

/// <summary>A signed statement "the chain had this head hash at this sequence", every N entries and at every export.</summary>
public sealed class AuditCheckpoint
{
    public long Id { get; init; }

    public long Sequence { get; init; }

    public string HeadHash { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public string KeyId { get; init; } = "";

    /// <summary>Base64 ECDSA P-256 signature over <see cref="AuditCanonical.CheckpointMessage"/>.</summary>
    public string Signature { get; init; } = "";

    /// <summary>Why it was made: "periodic" or "export".</summary>
    public string Reason { get; init; } = "";
}
