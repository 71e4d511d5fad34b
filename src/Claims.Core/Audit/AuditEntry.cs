namespace Claims.Audit;

/// <summary>What happened (HIPAA 164.312(b): record and examine activity on ePHI).</summary>
public enum AuditAction
{
    Create,
    Read,
    Update,
    Delete,
    Transition,
    Export,
    Login,
    LoginFailed,
    Logout,
    KeyRotation,
    GdprExport,
    GdprErase,
    Upload,
}

public enum AuditOutcome
{
    Success,
    Failure,
}

/// <summary>
/// What a caller asks to record. Never PHI: patients appear only by pseudonym, details hold ids and codes.
/// </summary>
public sealed record AuditRecord(
    string ActorId,
    string ActorRole,
    AuditAction Action,
    string EntityType,
    string? EntityId,
    string? PatientPseudonym = null,
    AuditOutcome Outcome = AuditOutcome.Success,
    string? SourceAddress = null,
    string PurposeOfUse = "TREAT",
    string? CorrelationId = null,
    string? Details = null);

/// <summary>
/// One entry of the append-only audit trail. Each entry's hash covers its canonical encoding and the previous
/// entry's hash, so any change, deletion, insertion or reordering breaks the chain from that entry on.
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; init; }

    public DateTimeOffset Time { get; init; }

    public string ActorId { get; init; } = "";

    public string ActorRole { get; init; } = "";

    public AuditAction Action { get; init; }

    public string EntityType { get; init; } = "";

    public string? EntityId { get; init; }

    public string? PatientPseudonym { get; init; }

    public AuditOutcome Outcome { get; init; }

    public string? SourceAddress { get; init; }

    /// <summary>HL7 v3 PurposeOfUse code: TREAT, HPAYMT (payment), HOPERAT (operations), HCOMPL (compliance) ...</summary>
    public string PurposeOfUse { get; init; } = "";

    public string? CorrelationId { get; init; }

    /// <summary>Ids and codes only, never PHI (e.g. "trigger=Submit from=ReadyToSubmit").</summary>
    public string? Details { get; init; }

    /// <summary>Hex SHA-256 of the previous entry (64 zeros for the first).</summary>
    public string PreviousHash { get; init; } = "";

    /// <summary>Hex SHA-256 over this entry's canonical encoding, previous hash included.</summary>
    public string Hash { get; init; } = "";
}

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
