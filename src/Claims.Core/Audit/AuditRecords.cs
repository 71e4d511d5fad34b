using Claims.Domain;

namespace Claims.Audit;

/// <summary>
/// The audit record of an act done by a <see cref="Caller"/>: who (id and role), from where (address, correlation),
/// on what, for which patient pseudonym. Use cases build their entries here so every edge records the same fields.
/// </summary>
public static class AuditRecords
{
    /// <summary>Purpose of use for claim work (HL7 v3 ActReason: healthcare payment).</summary>
    public const string Payment = "HPAYMT";

    /// <summary>Purpose of use for running the service itself (HL7 v3 ActReason: healthcare operations).</summary>
    public const string Operations = "HOPERAT";

    public static AuditRecord For(Caller caller, AuditAction action, string entityType, string? entityId, string? pseudonym, string details, string purpose = Payment, AuditOutcome outcome = AuditOutcome.Success)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new AuditRecord(caller.Actor.Id, caller.Actor.Role.ToString(), action, entityType, entityId, pseudonym, outcome,
            caller.Origin.SourceAddress, purpose, caller.Origin.CorrelationId, details);
    }
}
