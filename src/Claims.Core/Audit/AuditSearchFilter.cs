namespace Claims.Audit;

/// <summary>
/// What an auditor asks the trail for. <see cref="Patient"/> is what was typed: a pseudonym, a patient id, or (only
/// when <see cref="AuditSearches.FindPatientAsync"/> is allowed to) an MRN or member id, which are PHI and are looked up
/// through their blind indexes. It never reaches the trail; only the pseudonym it resolves to does.
/// </summary>
public sealed record AuditSearchFilter(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? User = null,
    string? Patient = null,
    string? EntityId = null,
    AuditAction? Action = null);
