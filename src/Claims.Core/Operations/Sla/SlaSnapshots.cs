using Claims.Audit;
using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Operations.Teams;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Sla;

/// <summary>
/// The daily SLA snapshots (<see cref="SlaSnapshot"/>). The sla-clocks job calls <see cref="TakeAsync"/> once a day:
/// every client's standing, counted exactly as the SLA board counts it (<see cref="SlaBoard.WindowDays"/>-day window),
/// kept once per client and day. The SLA board shows the last days' attainment per client from these rows
/// (<see cref="TrendAsync"/>), which the board itself cannot: it only knows now.
/// </summary>
public sealed class SlaSnapshots(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>The most days a trend covers.</summary>
    public const int MaxDays = 90;

    /// <summary>Records today's (UTC) standing of every client that has none yet; the clients recorded now and those already recorded.</summary>
    public async Task<(int Taken, int Already)> TakeAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = clock.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var since = now.AddDays(-SlaBoard.WindowDays);
        var already = (await db.SlaSnapshots.AsNoTracking().Where(s => s.Day == day).Select(s => s.ClinicId).ToListAsync(cancellationToken)).ToHashSet();
        var contracts = await ClientContracts.ByClinicAsync(db, cancellationToken);
        var missing = contracts.Keys.Where(id => !already.Contains(id)).ToList();
        if (missing.Count == 0) return (0, already.Count);
        // The board's claims: still in play, or changed within the window (their clocks may have stopped late).
        var claims = await db.Claims.AsNoTracking().Include(c => c.History)
            .Where(c => missing.Contains(c.ClinicId) && (!(c.State == ClaimState.Paid || c.State == ClaimState.Closed || c.State == ClaimState.Voided) || c.UpdatedAt >= since))
            .ToListAsync(cancellationToken);
        var tallies = missing.ToDictionary(id => id, _ => new int[5]);
        foreach (var c in claims)
        {
            SlaBoard.Tally(tallies[c.ClinicId], SlaClocks.For(SlaBoard.ReceivedAt(c), c.ServiceFrom, c.History, contracts[c.ClinicId], now), since);
        }
        foreach (var (clinicId, t) in tallies)
        {
            db.SlaSnapshots.Add(new SlaSnapshot(clinicId, day, now, new SlaClientSummary(clinicId, "", t[0], t[1], t[2], t[3], t[4])));
        }
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "SlaSnapshot", null, null, $"SLA snapshot {day:yyyy-MM-dd}: {tallies.Count} clients, {claims.Count} claims counted", AuditRecords.Operations));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (tallies.Count, already.Count);
        }
        catch (DbUpdateException)
        {
            // Another instance recorded today's snapshot first (the client-and-day index kept theirs): nothing of ours stays.
            db.ClearPendingAudit();
            return (0, already.Count + tallies.Count);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The snapshots of the last <paramref name="days"/> days for the clinics the caller serves, by clinic then day.</summary>
    public async Task<IReadOnlyList<SlaSnapshot>> TrendAsync(Caller caller, int days = 14, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (days is < 1 or > MaxDays) throw new DomainValidationException($"A trend covers 1 to {MaxDays} days.");
        var scope = await TeamAssignments.ScopeAsync(db, caller, cancellationToken);
        if (scope.IsEmpty) return [];
        var from = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1 - days);
        var query = db.SlaSnapshots.AsNoTracking().Where(s => s.Day >= from);
        if (scope.Filter is { } allowed) query = query.Where(s => allowed.Contains(s.ClinicId));
        return await query.OrderBy(s => s.ClinicId).ThenBy(s => s.Day).ToListAsync(cancellationToken);
    }
}
