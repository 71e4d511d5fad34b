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
    // How many of the most urgent claims of each state are read as candidates: enough that twenty coders pressing
    // "take next" at once each find one the others have not locked.
    private const int Candidates = 32;

    // clinics: only claims of these clinics (the coder's assignments); null: any clinic.
    // renewed: the audit record of taking a claim already in Coding (a lapsed or own lease), which no transition
    // records; every take-next shows the coder a claim, so each one is audited.
    public static async Task<Claim?> TakeNextAsync(ClaimsDbContext db, Actor coder, DateTimeOffset now, TimeSpan lease, IReadOnlyCollection<Guid>? clinics = null, Func<Claim, Task<Audit.AuditRecord>>? renewed = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(coder);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (db.Database.IsNpgsql())
            {
                // Candidates, lock and read in one statement (TakeLockedAsync); null once no claim is left to take.
                switch (await TakeLockedAsync(db, clinics, coder, now, lease, renewed, ct))
                {
                    case { Claim: { } locked }:
                        return locked;
                    case { AnyCandidate: false }:
                        return null;
                    default:
                        continue;
                }
            }
            // Four limited reads, each in (FilingDeadline, Id) order from an index and stopped early: Received; Coding and
            // free; Coding and the coder's own; Coding with a lapsed lease (found by expiry, the longest lapsed first; few). "Received OR Coding" in
            // one query would sort every claim to code, and reading Coding in deadline order alone would step over every
            // claim other coders hold. A claim past its filing limit at intake is the billers' to decide, never served
            // here; a coder is served only the clinics they are assigned to (HIPAA minimum necessary) when a scope is given.
            var scoped = clinics is null ? db.Claims.AsNoTracking() : db.Claims.AsNoTracking().Where(c => clinics.Contains(c.ClinicId));
            var coderId = coder.Id;
            IQueryable<Claim> Coding() => scoped.Where(c => c.State == ClaimState.Coding && !c.PastFilingLimit);
            var received = scoped.Where(c => c.State == ClaimState.Received && !c.PastFilingLimit);
            var free = Coding().Where(c => c.AssignedTo == null);
            var mine = Coding().Where(c => c.AssignedTo == coderId);
            // Lapsed leases are read from the (State, LeaseExpiresAt) index, the longest lapsed first: read in deadline order
            // they would again step over every claim held under a live lease.
            var lapsed = Top(Coding().Where(c => c.AssignedTo != null && c.AssignedTo != coderId && c.LeaseExpiresAt < now).OrderBy(c => c.LeaseExpiresAt).ThenBy(c => c.Id));
            // All four in one round trip (UNION ALL).
            var both = await First(received).Concat(First(free)).Concat(First(mine)).Concat(lapsed).ToListAsync(ct);
            var candidates = both.OrderBy(c => c.FilingDeadline).ThenBy(c => c.Id).Take(Candidates).Select(c => c.Id).ToList();
            if (candidates.Count == 0) return null;
            foreach (var id in candidates)
            {
                // The history is not read: taking appends to it and nothing here looks back.
                var claim = await db.Claims.FirstAsync(c => c.Id == id, ct);
                if (claim.IsLeasedToOther(coder.Id, now) || claim.State is not (ClaimState.Received or ClaimState.Coding))
                {
                    db.ChangeTracker.Clear();
                    continue;
                }
                try
                {
                    await TakeAsync(db, claim, coder, now, lease, renewed);
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
    /// On PostgreSQL, one statement reads the candidates (the same four limited, index-ordered reads as on SQLite, as
    /// sub-selects), locks the most urgent of them that is still free and that no other transaction holds
    /// (<c>FOR UPDATE SKIP LOCKED</c>: PostgreSQL checks the conditions again on the row's newest version once locked)
    /// and reads it; the claim is then taken in that transaction. The version check still stands behind the lock.
    /// AnyCandidate is false when there was nothing to take at all, true when every candidate was locked or taken.
    /// </summary>
    private static async Task<(Claim? Claim, bool AnyCandidate)> TakeLockedAsync(ClaimsDbContext db, IReadOnlyCollection<Guid>? clinics, Actor coder, DateTimeOffset now, TimeSpan lease, Func<Claim, Task<Audit.AuditRecord>>? renewed, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The transaction is ours and is rolled back whole on any failure: no savepoint round trips around the save.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            var everyClinic = clinics is null;
            var scope = clinics?.ToArray() ?? [];
            var coderId = coder.Id;
            // The outer conditions repeat the candidates' so that the lock's recheck of the newest row version applies them.
            var claim = (await db.Claims.FromSql($"""
                SELECT * FROM claims
                WHERE "Id" IN (
                    (SELECT "Id" FROM claims
                     WHERE "State" = 'Received' AND NOT "PastFilingLimit" AND ({everyClinic} OR "ClinicId" = ANY({scope}))
                     ORDER BY "FilingDeadline", "Id" LIMIT {Candidates})
                    UNION ALL
                    (SELECT "Id" FROM claims
                     WHERE "State" = 'Coding' AND NOT "PastFilingLimit" AND "AssignedTo" IS NULL AND ({everyClinic} OR "ClinicId" = ANY({scope}))
                     ORDER BY "FilingDeadline", "Id" LIMIT {Candidates})
                    UNION ALL
                    (SELECT "Id" FROM claims
                     WHERE "State" = 'Coding' AND NOT "PastFilingLimit" AND "AssignedTo" = {coderId} AND ({everyClinic} OR "ClinicId" = ANY({scope}))
                     ORDER BY "FilingDeadline", "Id" LIMIT {Candidates})
                    UNION ALL
                    (SELECT "Id" FROM claims
                     WHERE "State" = 'Coding' AND NOT "PastFilingLimit" AND "AssignedTo" <> {coderId} AND "LeaseExpiresAt" < {now}
                       AND ({everyClinic} OR "ClinicId" = ANY({scope}))
                     ORDER BY "LeaseExpiresAt", "Id" LIMIT {Candidates}))
                  AND NOT "PastFilingLimit"
                  AND ("State" = 'Received' OR ("State" = 'Coding' AND ("AssignedTo" IS NULL OR "AssignedTo" = {coderId} OR "LeaseExpiresAt" < {now})))
                ORDER BY "FilingDeadline", "Id"
                LIMIT 1
                FOR UPDATE OF claims SKIP LOCKED
                """).ToListAsync(ct)).FirstOrDefault();
            if (claim is null)
            {
                // Nothing free: either nothing is left to take, or every candidate is being taken right now (try again).
                var any = await db.Claims.AsNoTracking().AnyAsync(c => (clinics == null || clinics.Contains(c.ClinicId)) && !c.PastFilingLimit
                    && (c.State == ClaimState.Received || (c.State == ClaimState.Coding && (c.AssignedTo == null || c.AssignedTo == coderId || c.LeaseExpiresAt < now))), ct);
                return (null, any);
            }
            await TakeAsync(db, claim, coder, now, lease, renewed);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (claim, true);
        }
        catch (ConcurrencyConflictException)
        {
            db.ChangeTracker.Clear();
            return (null, true);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }
    }

    // The most urgent first, by filing deadline.
    private static IQueryable<Candidate> First(IQueryable<Claim> claims) => Top(claims.OrderBy(c => c.FilingDeadline).ThenBy(c => c.Id));

    private static IQueryable<Candidate> Top(IOrderedQueryable<Claim> ordered) =>
        ordered.Take(Candidates).Select(c => new Candidate { FilingDeadline = c.FilingDeadline, Id = c.Id });

    // A member-initialised projection (not a constructor call), so EF Core can put the reads in one UNION ALL.
    private sealed class Candidate
    {
        public DateOnly FilingDeadline { get; init; }

        public Guid Id { get; init; }
    }

    private static async Task TakeAsync(ClaimsDbContext db, Claim claim, Actor coder, DateTimeOffset now, TimeSpan lease, Func<Claim, Task<Audit.AuditRecord>>? renewed)
    {
        var from = claim.State;
        claim.Take(coder, now, lease);
        if (from == claim.State && renewed is not null) db.Audit(await renewed(claim));
    }
}
