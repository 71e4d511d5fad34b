
namespace Claims.Audit;

/// <summary>Which entries to export or search. Patients are named by pseudonym; claims by id.</summary>
public sealed record AuditQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? User = null,
    string? PatientPseudonym = null,
    string? EntityId = null,
    AuditAction? Action = null)
{
    public bool IsUnfiltered => From is null && To is null && User is null && PatientPseudonym is null && EntityId is null && Action is null;

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (From is { } from) entries = entries.Where(e => e.Time >= from);
        if (To is { } to) entries = entries.Where(e => e.Time <= to);
        if (User is not null) entries = entries.Where(e => e.ActorId == User);
        if (PatientPseudonym is not null) entries = entries.Where(e => e.PatientPseudonym == PatientPseudonym);
        if (EntityId is not null) entries = entries.Where(e => e.EntityId == EntityId);
        if (Action is { } action) entries = entries.Where(e => e.Action == action);
        return entries;
    }

    public override string ToString() => string.Join(' ', new[]
    {
        From is null ? null : $"from={From:O}", To is null ? null : $"to={To:O}", User is null ? null : $"user={User}",
        PatientPseudonym is null ? null : $"patient={PatientPseudonym}", EntityId is null ? null : $"entity={EntityId}", Action is null ? null : $"action={Action}",
    }.Where(x => x is not null));
}
