using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Coding;

/// <summary>
/// "Take next": the most urgent claim nobody holds (the payer's filing deadline that comes first; Received, or Coding
/// with a lapsed lease; never one held past its filing limit), leased to the coder atomically. Candidates are tried in order; one that another coder took in the meantime
/// fails the version check and the next is tried, so two coders never hold one claim.
/// </summary>
internal static class CoderAssignments
{
    // clinics: only claims of these clinics (the coder's assignments); null: any clinic.
    public static async Task<Claim?> TakeNextAsync(ClaimsDbContext db, Actor coder, DateTimeOffset now, TimeSpan lease, IReadOnlyCollection<Guid>? clinics = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(coder);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            // One query per state, each read in (FilingDeadline, Id) order from the (State, PastFilingLimit, FilingDeadline, Id)
            // index and stopped after ten; "Received OR Coding" in one query would sort every claim to code. A claim past
            // its filing limit at intake is the billers' to decide, never served here; a coder is served only the clinics
            // they are assigned to (HIPAA minimum necessary) when a scope is given.
            var scoped = clinics is null ? db.Claims.AsNoTracking() : db.Claims.AsNoTracking().Where(c => clinics.Contains(c.ClinicId));
            var received = await scoped.Where(c => c.State == ClaimState.Received && !c.PastFilingLimit)
                .OrderBy(c => c.FilingDeadline).ThenBy(c => c.Id).Select(c => new { c.FilingDeadline, c.Id }).Take(10).ToListAsync(ct);
            var coding = await scoped
                .Where(c => c.State == ClaimState.Coding && !c.PastFilingLimit && (c.AssignedTo == null || c.AssignedTo == coder.Id || c.LeaseExpiresAt < now))
                .OrderBy(c => c.FilingDeadline).ThenBy(c => c.Id).Select(c => new { c.FilingDeadline, c.Id }).Take(10).ToListAsync(ct);
            var candidates = received.Concat(coding).OrderBy(c => c.FilingDeadline).ThenBy(c => c.Id).Take(10).Select(c => c.Id).ToList();
            if (candidates.Count == 0) return null;
            foreach (var id in candidates)
            {
                var claim = await db.Claims.Include(c => c.History).FirstAsync(c => c.Id == id, ct);
                if (claim.IsLeasedToOther(coder.Id, now) || claim.State is not (ClaimState.Received or ClaimState.Coding))
                {
                    db.ChangeTracker.Clear();
                    continue;
                }
                try
                {
                    claim.Take(coder, now, lease);
                    await db.SaveChangesAsync(ct);
                    return claim;
                }
                catch (ConcurrencyConflictException)
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
        return null;
    }
}
