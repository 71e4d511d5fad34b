using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Coding;

/// <summary>
/// "Take next": the most urgent claim nobody holds (the payer's filing deadline that comes first; Received, or Coding
/// with a lapsed lease; never one held past its filing limit), leased to the coder atomically. Candidates are tried in
/// order; one that another coder took in the meantime fails the version check and the next is tried, so two coders
/// never hold one claim. On PostgreSQL, where several instances serve many coders at once, each candidate is first
/// locked with <c>FOR UPDATE SKIP LOCKED</c>: a claim another coder is taking at this moment is skipped at once instead
/// of being read, raced for and lost on the version check (compliance/operations.md, "Several instances").
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
                if (db.Database.IsNpgsql())
                {
                    if (await TakeLockedAsync(db, id, coder, now, lease, ct) is { } taken) return taken;
                    continue;
                }
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

    /// <summary>
    /// Locks the candidate's row unless another transaction holds it, then takes the claim in that transaction; null
    /// when the row was locked, or the claim is no longer free once read under the lock. The version check still
    /// stands behind the lock.
    /// </summary>
    private static async Task<Claim?> TakeLockedAsync(ClaimsDbContext db, Guid id, Actor coder, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Database.SqlQuery<Guid>($"SELECT \"Id\" AS \"Value\" FROM claims WHERE \"Id\" = {id} FOR UPDATE SKIP LOCKED").ToListAsync(ct);
        if (locked.Count == 0) return null;
        var claim = await db.Claims.Include(c => c.History).FirstAsync(c => c.Id == id, ct);
        if (claim.IsLeasedToOther(coder.Id, now) || claim.State is not (ClaimState.Received or ClaimState.Coding))
        {
            db.ChangeTracker.Clear();
            return null;
        }
        try
        {
            claim.Take(coder, now, lease);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return claim;
        }
        catch (ConcurrencyConflictException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }
}
