using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Audit;

/// <summary>
/// The auditor's reads of the trail, for the web page and the CLI alike: search with filters, and "who accessed this
/// patient". Reading the trail is itself recorded (purpose HCOMPL), with the patient only by pseudonym whatever was typed:
/// the trail is append-only, so a name or MRN written into it could never be erased.
/// </summary>
public sealed class AuditSearches(ClaimsDbContext db)
{
    /// <summary>HL7 v3 ActReason: healthcare compliance (reading the trail to check on access).</summary>
    public const string Compliance = "HCOMPL";

    /// <summary>
    /// The pseudonym of the patient an auditor named, or null when none or several match. A pseudonym or patient id is
    /// always accepted; an MRN or member id only when <paramref name="allowPhi"/> (a posted form, never a URL) and
    /// then only through the keyed blind index, as stored.
    /// </summary>
    public async Task<string?> FindPatientAsync(string? typed, bool allowPhi, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        typed = typed.Trim();
        if (Guid.TryParse(typed, out var id))
        {
            return await db.Patients.AsNoTracking().Where(p => p.Id == id).Select(p => p.Pseudonym).FirstOrDefaultAsync(cancellationToken);
        }

        var upper = typed.ToUpperInvariant();
        if (await db.Patients.AsNoTracking().Where(p => p.Pseudonym == upper).Select(p => p.Pseudonym).FirstOrDefaultAsync(cancellationToken) is { } pseudonym)
        {
            return pseudonym;
        }

        if (!allowPhi) return null;
        var mrn = db.Phi.MrnIndex(typed);
        var memberId = db.Phi.MemberIdIndex(typed);
        var byMember = db.Coverages.AsNoTracking().Where(c => c.MemberIdIndex == memberId).Select(c => c.PatientId);
        var matches = await db.Patients.AsNoTracking()
            .Where(p => p.MrnIndex == mrn || byMember.Contains(p.Id))
            .Select(p => p.Pseudonym).Distinct().Take(2).ToListAsync(cancellationToken);
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>
    /// Runs a search and records it (unless it asked for nothing in particular: browsing the newest entries is not an
    /// access to anyone's data). A typed patient that matches nobody shows nothing and is recorded as "no-match".
    /// </summary>
    public async Task<AuditSearchResult> SearchAsync(Caller caller, AuditSearchFilter filter, bool allowPhi, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        var pseudonym = await FindPatientAsync(filter.Patient, allowPhi, cancellationToken);
        var notFound = !string.IsNullOrWhiteSpace(filter.Patient) && pseudonym is null;
        var query = new AuditQuery(filter.From, filter.To, Blank(filter.User), pseudonym, Blank(filter.EntityId), filter.Action);

        var entries = query.Apply(db.AuditEntries.AsNoTracking());
        var total = notFound ? 0 : await entries.LongCountAsync(cancellationToken);
        IReadOnlyList<AuditEntry> newest = notFound ? [] : await entries.OrderByDescending(e => e.Sequence).Take(limit).ToListAsync(cancellationToken);
        if (!query.IsUnfiltered || notFound)
        {
            var details = $"audit search {query}{(notFound ? " patient=no-match" : "")}".TrimEnd();
            db.Audit(AuditRecords.For(caller, AuditAction.Read, "AuditTrail", null, pseudonym, details, Compliance));
            await db.SaveChangesAsync(cancellationToken);
        }

        return new AuditSearchResult(query, notFound, total, newest);
    }

    /// <summary>Every entry about one patient, oldest first; asking is recorded. Throws <see cref="NotFoundException"/> for an unknown patient.</summary>
    public async Task<IReadOnlyList<AuditEntry>> WhoAccessedAsync(Caller caller, string patient, bool allowPhi, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var pseudonym = await FindPatientAsync(patient, allowPhi, cancellationToken) ?? throw new NotFoundException("No single patient has that id or pseudonym.");
        var rows = await db.AuditEntries.AsNoTracking().Where(e => e.PatientPseudonym == pseudonym).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "AuditTrail", null, pseudonym, "who accessed patient", Compliance));
        await db.SaveChangesAsync(cancellationToken);
        return rows;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
