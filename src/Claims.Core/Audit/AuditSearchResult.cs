namespace Claims.Audit;

/// <summary>
/// The answer to an audit search: the query as run (patient by pseudonym only), whether the typed patient matched
/// nobody (then nothing is shown), the number of matching entries and the newest of them.
/// </summary>
public sealed record AuditSearchResult(AuditQuery Query, bool PatientNotFound, long Total, IReadOnlyList<AuditEntry> Entries);
