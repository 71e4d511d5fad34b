using Claims.Audit;
using Claims.Domain;
using Claims.Operations.Contracts;
using Claims.Operations.Teams;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Sla;

/// <summary>
/// The at-risk and breached claims per client, with each breach's cause, and every client's SLA attainment over the
/// last <see cref="WindowDays"/> days. Computed from the claims' histories on each read (a breach is a fact of the
/// history, so listing it twice never records it twice). Shows only the clinics the caller serves; the list names
/// patients by pseudonym and is audited as one bulk read.
/// </summary>
public sealed class SlaBoard(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>How far back stopped clocks count for attainment and the list of late ones.</summary>
    public const int WindowDays = 30;

    public async Task<SlaBoardPage> ReadAsync(Caller caller, Guid? clinicId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var scope = await TeamAssignments.ScopeAsync(db, caller, cancellationToken);
        if (scope.IsEmpty) return new SlaBoardPage([], [], scope.Why);
        var now = clock.GetUtcNow();
        var since = now.AddDays(-WindowDays);
        var contracts = await ClientContracts.ByClinicAsync(db, cancellationToken);
        var clinics = await db.Clinics.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var claims = db.Claims.AsNoTracking();
        if (scope.Filter is { } allowed) claims = claims.Where(c => allowed.Contains(c.ClinicId));
        if (clinicId is { } one) claims = claims.Where(c => c.ClinicId == one);
        // Claims still in play, and those whose last change falls in the window (their clocks may have stopped late).
        claims = claims.Where(c => !(c.State == ClaimState.Paid || c.State == ClaimState.Closed || c.State == ClaimState.Voided) || c.UpdatedAt >= since);
        var loaded = await (from c in claims.Include(c => c.History)
                            join p in db.Patients on c.PatientId equals p.Id
                            select new { Claim = c, p.Pseudonym }).ToListAsync(cancellationToken);

        var rows = new List<SlaBoardRow>();
        var tallies = new Dictionary<Guid, int[]>();
        foreach (var x in loaded)
        {
            var c = x.Claim;
            var clocks = SlaClocks.For(ReceivedAt(c), c.ServiceFrom, c.History, contracts.GetValueOrDefault(c.ClinicId) ?? ClientContract.Default(c.ClinicId), now);
            Tally(tallies.TryGetValue(c.ClinicId, out var t) ? t : tallies[c.ClinicId] = new int[5], clocks, since);
            foreach (var s in clocks)
            {
                var attention = s.IsRunning ? s.Status != SlaStatus.OnTime : s.Status == SlaStatus.Breached && s.StoppedAt >= since;
                if (attention) rows.Add(new SlaBoardRow(c.Id, c.ControlNumber.Value, c.ClinicId, clinics.GetValueOrDefault(c.ClinicId, "?"), x.Pseudonym, c.State, s));
            }
        }
        var summaries = tallies.Select(t => new SlaClientSummary(t.Key, clinics.GetValueOrDefault(t.Key, "?"), t.Value[0], t.Value[1], t.Value[2], t.Value[3], t.Value[4]))
            .OrderBy(s => s.Clinic, StringComparer.Ordinal).ToList();
        var ordered = rows.OrderBy(r => r.Clinic, StringComparer.Ordinal).ThenBy(r => r.Clock.IsRunning ? 0 : 1).ThenBy(r => r.Clock.DueAt).ToList();
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "ClaimList", null, null, $"sla board rows={ordered.Count} clinic={clinicId?.ToString() ?? "all"}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new SlaBoardPage(ordered, summaries, null);
    }

    /// <summary>Counts a claim's clocks into a client's tally: running ones by status, stopped ones in the window as met or late.</summary>
    internal static void Tally(int[] tally, IReadOnlyList<SlaClock> clocks, DateTimeOffset since)
    {
        foreach (var s in clocks)
        {
            if (s.IsRunning) tally[(int)s.Status]++;
            else if (s.StoppedAt >= since) tally[s.Status == SlaStatus.Breached ? 4 : 3]++;
        }
    }

    /// <summary>The running clock that matters now for each of <paramref name="claimIds"/> (absent when none runs).</summary>
    public static async Task<IReadOnlyDictionary<Guid, SlaClock>> CurrentAsync(ClaimsDbContext db, IReadOnlyCollection<Guid> claimIds, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claimIds);
        if (claimIds.Count == 0) return new Dictionary<Guid, SlaClock>();
        var contracts = await ClientContracts.ByClinicAsync(db, cancellationToken);
        var claims = await db.Claims.AsNoTracking().Include(c => c.History).Where(c => claimIds.Contains(c.Id)).ToListAsync(cancellationToken);
        var result = new Dictionary<Guid, SlaClock>(claims.Count);
        foreach (var c in claims)
        {
            var clocks = SlaClocks.For(ReceivedAt(c), c.ServiceFrom, c.History, contracts.GetValueOrDefault(c.ClinicId) ?? ClientContract.Default(c.ClinicId), now);
            if (SlaClocks.Current(clocks, c.State) is { } current) result[c.Id] = current;
        }
        return result;
    }

    /// <summary>
    /// When the claim arrived: its creation, or its first event when that is earlier (claims loaded with a history, as
    /// the demo's are, arrived no later than their first transition).
    /// </summary>
    public static DateTimeOffset ReceivedAt(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var first = claim.History.Count == 0 ? claim.CreatedAt : claim.History.Min(e => e.At);
        return first < claim.CreatedAt ? first : claim.CreatedAt;
    }
}
