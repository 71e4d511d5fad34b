namespace Claims.Audit;

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
