namespace Claims.Audit;

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
