using Claims.Domain;
using Claims.Coding;
using Claims.Demo;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Coding;

/// <summary>
/// The work-queue query on a real SQLite file filled by the bulk seeder: every filter returns exactly the workable
/// claims it should, and walking the pages by cursor visits each once, in (service date, id) order, also where a
/// page ends in the middle of a day's claims.
/// </summary>
public sealed class WorkQueueTests : IDisposable
{
    private const int PageSize = 37;
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private sealed record Seeded(BulkSeedResult Result, List<(Guid Id, Guid ClinicId, Guid? PayerId, ClaimState State, DateOnly ServiceFrom, int Lines)> Claims);

    private async Task<Seeded> SeedAsync()
    {
        await using var db = await _home.MigratedContextAsync();
        var result = await BulkDemoSeeder.SeedAsync(db, 1_500, 42, _home.Time, ["coder@test"], clinicCount: 4);
        // Read back through EF: what the bulk writer stored is what the model expects (ids, dates, states, lines).
        var claims = (await db.Claims.AsNoTracking().Select(c => new { c.Id, c.ClinicId, c.PayerId, c.State, c.ServiceFrom, Lines = c.Lines.Count }).ToListAsync())
            .Select(c => (c.Id, c.ClinicId, c.PayerId, c.State, c.ServiceFrom, c.Lines)).ToList();
        return new Seeded(result, claims);
    }

    private async Task<List<WorkQueueRow>> WalkAsync(WorkQueueFilter filter, int expectedTotal)
    {
        await using var db = _home.NewContext();
        var rows = new List<WorkQueueRow>();
        string? cursor = null;
        for (var pages = 0; pages < 1_000; pages++)
        {
            var page = await WorkQueue.QueryAsync(db, filter with { After = cursor }, PageSize);
            Assert.Equal(expectedTotal, page.Total);
            Assert.True(page.Rows.Count <= PageSize);
            rows.AddRange(page.Rows);
            if (page.NextCursor is null) return rows;
            Assert.Equal(PageSize, page.Rows.Count);
            cursor = page.NextCursor;
        }
        throw new InvalidOperationException("The cursor never reached the end of the queue.");
    }

    /// <summary>The expected order, from the database itself: SQLite and PostgreSQL order ids as they store them.</summary>
    private async Task<List<Guid>> ExpectedAsync(Func<IQueryable<Claim>, IQueryable<Claim>> filter)
    {
        await using var db = _home.NewContext();
        return await filter(db.Claims.Where(c => c.State == ClaimState.Received || c.State == ClaimState.Coding || c.State == ClaimState.OnHold))
            .OrderBy(c => c.ServiceFrom).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();
    }

    [Fact]
    public async Task Walking_the_whole_queue_by_cursor_visits_every_workable_claim_once_in_order_across_equal_service_dates()
    {
        var seeded = await SeedAsync();
        var workable = seeded.Claims.Where(c => c.State is ClaimState.Received or ClaimState.Coding or ClaimState.OnHold).ToList();

        var rows = await WalkAsync(new WorkQueueFilter(), workable.Count);

        Assert.Equal(await ExpectedAsync(q => q), rows.Select(r => r.Id));
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        // The walk is only a test of ties if some page boundary falls inside one service date.
        var boundaries = Enumerable.Range(1, (rows.Count - 1) / PageSize).Select(i => i * PageSize);
        Assert.Contains(boundaries, i => rows[i - 1].ServiceFrom == rows[i].ServiceFrom);
        Assert.All(rows, r => Assert.Equal(seeded.Claims.Single(c => c.Id == r.Id).Lines, r.Lines));
        Assert.All(rows, r => Assert.StartsWith("PT-", r.Patient, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_filter_returns_exactly_its_workable_claims_and_counts_them()
    {
        var seeded = await SeedAsync();
        var clinic = seeded.Result.ClinicIds[1];
        var payer = seeded.Result.PayerIds[2];
        var from = seeded.Claims.Min(c => c.ServiceFrom).AddDays(20);
        var to = from.AddDays(30);
        (WorkQueueFilter Filter, Func<IQueryable<Claim>, IQueryable<Claim>> Expected)[] cases =
        [
            (new(ClinicId: clinic), q => q.Where(c => c.ClinicId == clinic)),
            (new(PayerId: payer), q => q.Where(c => c.PayerId == payer)),
            (new(State: ClaimState.OnHold), q => q.Where(c => c.State == ClaimState.OnHold)),
            (new(State: ClaimState.Coding), q => q.Where(c => c.State == ClaimState.Coding)),
            (new(From: from, To: to), q => q.Where(c => c.ServiceFrom >= from && c.ServiceFrom <= to)),
            (new(clinic, payer, ClaimState.Received, from, to), q => q.Where(c => c.ClinicId == clinic && c.PayerId == payer && c.State == ClaimState.Received && c.ServiceFrom >= from && c.ServiceFrom <= to)),
        ];

        foreach (var (filter, expected) in cases)
        {
            var ids = await ExpectedAsync(expected);
            Assert.NotEmpty(ids);
            var rows = await WalkAsync(filter, ids.Count);
            Assert.Equal(ids, rows.Select(r => r.Id));
        }
    }

    [Fact]
    public async Task A_state_outside_the_queue_lists_all_three_and_a_malformed_cursor_reads_as_the_first_page()
    {
        await SeedAsync();
        await using var db = _home.NewContext();

        var first = await WorkQueue.QueryAsync(db, new WorkQueueFilter(), PageSize);
        var paid = await WorkQueue.QueryAsync(db, new WorkQueueFilter(State: ClaimState.Paid), PageSize);
        var garbled = await WorkQueue.QueryAsync(db, new WorkQueueFilter(After: "not-a-cursor"), PageSize);

        Assert.Equal(first.Rows.Select(r => r.Id), paid.Rows.Select(r => r.Id));
        Assert.Equal(first.Rows.Select(r => r.Id), garbled.Rows.Select(r => r.Id));
        Assert.Equal(first.Total, paid.Total);
        Assert.All(first.Rows, r => Assert.Contains(r.State, WorkQueue.Workable));
    }

    [Fact]
    public async Task Newest_first_walks_the_same_claims_in_reverse_and_holder_age_and_due_filters_pick_exactly_their_claims()
    {
        var seeded = await SeedAsync();
        var workable = seeded.Claims.Where(c => c.State is ClaimState.Received or ClaimState.Coding or ClaimState.OnHold).ToList();
        var now = _home.Time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var newest = await WalkAsync(new WorkQueueFilter { Order = WorkQueueOrder.NewestFirst, AsOf = now }, workable.Count);
        var oldest = await ExpectedAsync(q => q);
        Assert.Equal(Enumerable.Reverse(oldest), newest.Select(r => r.Id));

        // Give coder@test two live leases and one lapsed one, on claims in Coding.
        List<Guid> mine, lapsed;
        await using (var db = _home.NewContext())
        {
            var coding = await db.Claims.Where(c => c.State == ClaimState.Coding && c.AssignedTo == null).OrderBy(c => c.Id).Take(3).ToListAsync();
            foreach (var claim in coding.Take(2)) claim.Take(new Actor("coder@test", ClaimRole.Coder), now, TimeSpan.FromMinutes(30));
            coding[2].Take(new Actor("coder@test", ClaimRole.Coder), now.AddHours(-2), TimeSpan.FromMinutes(30));
            await db.SaveChangesAsync();
            (mine, lapsed) = ([.. coding.Take(2).Select(c => c.Id)], [coding[2].Id]);
        }
        await using (var db = _home.NewContext())
        {
            var held = await db.Claims.AsNoTracking().Where(c => c.AssignedTo != null).Select(c => new { c.Id, c.AssignedTo, c.LeaseExpiresAt }).ToListAsync();
            var liveHeld = held.Where(h => h.LeaseExpiresAt > now).Select(h => h.Id).ToHashSet();
            var myPage = await WorkQueue.QueryAsync(db, new WorkQueueFilter { Holder = WorkQueueHolder.Mine, Me = "coder@test", AsOf = now }, 500);
            Assert.Equal(held.Where(h => h.AssignedTo == "coder@test" && h.LeaseExpiresAt > now).Select(h => h.Id).Order(), myPage.Rows.Select(r => r.Id).Order());
            Assert.Superset(mine.ToHashSet(), myPage.Rows.Select(r => r.Id).ToHashSet());
            var free = await WorkQueue.QueryAsync(db, new WorkQueueFilter { Holder = WorkQueueHolder.Unassigned, AsOf = now }, 5_000);
            Assert.Equal(workable.Count(c => !liveHeld.Contains(c.Id)), free.Total);
            Assert.Contains(lapsed[0], free.Rows.Select(r => r.Id));
            Assert.DoesNotContain(free.Rows, r => mine.Contains(r.Id));

            var old = await WorkQueue.QueryAsync(db, new WorkQueueFilter { MinAgeDays = 60, AsOf = now }, 5_000);
            Assert.Equal(workable.Count(c => c.ServiceFrom <= today.AddDays(-60)), old.Total);

            var limits = await db.Payers.ToDictionaryAsync(p => p.Id, p => p.TimelyFilingDays);
            var due = await WorkQueue.QueryAsync(db, new WorkQueueFilter { DueWithinDays = 30, AsOf = now }, 5_000);
            var expectedDue = workable.Where(c => c.PayerId is { } p && c.ServiceFrom.AddDays(limits[p]) <= today.AddDays(30)).Select(c => c.Id).Order().ToList();
            Assert.NotEmpty(expectedDue);
            Assert.Equal(expectedDue, due.Rows.Select(r => r.Id).Order());
            Assert.All(due.Rows, r => Assert.True(r.DueDate <= today.AddDays(30)));
        }
    }
}
