using Claims.Domain;
using Claims.Coding;
using Claims.Demo;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Persistence;

/// <summary>"Take next" on a real SQLite file: two coders never hold one claim; a lapsed lease frees it.</summary>
public sealed class CoderAssignmentTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Take_next_handing_back_a_claim_already_being_coded_is_audited_like_any_other_take()
    {
        await using (var setup = await _home.MigratedContextAsync()) await DemoSeeder.SeedAsync(setup, 20, 11, _home.Time);
        var coder = Caller.FromCli(new Actor("cli:coder", ClaimRole.Coder));
        Guid held;
        await using (var db = _home.NewContext())
        {
            // Every claim to code but one is held by someone else, so take-next can only hand back the coder's own.
            var toCode = await db.Claims.Where(c => (c.State == ClaimState.Received || c.State == ClaimState.Coding) && !c.PastFilingLimit).OrderBy(c => c.Id).ToListAsync();
            held = toCode[0].Id;
            foreach (var claim in toCode) claim.Take(new Actor(claim.Id == held ? coder.Actor.Id : "someone-else", ClaimRole.Coder), _home.Time.GetUtcNow(), Workbench.Lease);
            await db.SaveChangesAsync();
        }
        long before;
        await using (var db = _home.NewContext()) before = await db.AuditEntries.CountAsync(e => e.EntityId == held.ToString());

        await using (var db = _home.NewContext())
        {
            var taken = await new Workbench(db, _home.Time, new Claims.Scrubbing.Scrubber(Claims.Coding.CodeSets.Embedded)).TakeNextAsync(coder);
            Assert.Equal(held, taken?.Id);
        }

        await using var check = _home.NewContext();
        var entries = await check.AuditEntries.Where(e => e.EntityId == held.ToString()).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(before + 1, entries.Count);
        Assert.Equal("cli:coder", entries[^1].ActorId);
        Assert.Contains("take next", entries[^1].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_coders_taking_next_at_the_same_time_get_different_claims()
    {
        await using (var setup = await _home.MigratedContextAsync()) await DemoSeeder.SeedAsync(setup, 20, 11, _home.Time);
        var now = _home.Time.GetUtcNow();

        var taken = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            await using var db = _home.NewContext();
            var claim = await CoderAssignments.TakeNextAsync(db, new Actor($"coder{i}", ClaimRole.Coder), now, Workbench.Lease);
            return claim?.Id;
        }));

        Assert.All(taken, id => Assert.NotNull(id));
        Assert.Equal(taken.Length, taken.Distinct().Count());
        await using var check = _home.NewContext();
        var held = await check.Claims.Where(c => c.AssignedTo != null).ToListAsync();
        Assert.Equal(taken.Length, held.Count);
        Assert.All(held, c => Assert.Equal(ClaimState.Coding, c.State));
        Assert.Equal(taken.Length, held.Select(c => c.AssignedTo).Distinct().Count());
    }

    [Fact]
    public async Task The_oldest_free_claim_comes_first_and_a_lapsed_lease_frees_it_for_another_coder()
    {
        await using (var setup = await _home.MigratedContextAsync()) await DemoSeeder.SeedAsync(setup, 10, 12, _home.Time);
        var now = _home.Time.GetUtcNow();
        Guid oldest;
        await using (var db = _home.NewContext())
        {
            oldest = await db.Claims.Where(c => c.State == ClaimState.Received || (c.State == ClaimState.Coding && c.AssignedTo == null))
                .OrderBy(c => c.ServiceFrom).ThenBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }

        await using (var alice = _home.NewContext())
        {
            var first = await CoderAssignments.TakeNextAsync(alice, new Actor("alice", ClaimRole.Coder), now, TimeSpan.FromMinutes(30));
            Assert.Equal(oldest, first!.Id);
        }
        await using (var bob = _home.NewContext())
        {
            Assert.NotEqual(oldest, (await CoderAssignments.TakeNextAsync(bob, new Actor("bob", ClaimRole.Coder), now.AddMinutes(5), Workbench.Lease))!.Id);
        }
        await using (var carol = _home.NewContext())
        {
            var later = await CoderAssignments.TakeNextAsync(carol, new Actor("carol", ClaimRole.Coder), now.AddMinutes(31), Workbench.Lease);
            Assert.Equal(oldest, later!.Id);
            Assert.Equal("carol", later.AssignedTo);
        }
    }

    [Fact]
    public void Only_coders_take_claims_and_leaving_coding_ends_the_lease()
    {
        var claim = new Claim(ClaimControlNumber.Parse("C1"), Guid.NewGuid(), Guid.NewGuid(), null, null, Npi.Parse("1234567893"), null,
            new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2), PlaceOfService.Office);
        var now = DateTimeOffset.UnixEpoch;
        Assert.Throws<TriggerForbiddenException>(() => claim.Take(new Actor("b", ClaimRole.Biller), now, TimeSpan.FromMinutes(5)));

        claim.Take(new Actor("alice", ClaimRole.Coder), now, TimeSpan.FromMinutes(5));
        Assert.Throws<ClaimLeasedException>(() => claim.Take(new Actor("bob", ClaimRole.Coder), now.AddMinutes(1), TimeSpan.FromMinutes(5)));
        claim.Fire(ClaimTrigger.Release, new Actor("alice", ClaimRole.Coder), null, now.AddMinutes(2));

        Assert.Null(claim.AssignedTo);
        Assert.Equal(ClaimState.Received, claim.State);
    }
}
