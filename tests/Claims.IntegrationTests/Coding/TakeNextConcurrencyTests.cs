using Claims.Coding;
using Claims.Demo;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Coding;

public sealed class TakeNextConcurrencyTests
{
    [PostgresFact]
    public async Task Twenty_coders_taking_next_at_once_on_postgres_each_get_a_different_claim()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("CLAIMS_TEST_POSTGRES")) { Database = "claims_take_" + Guid.NewGuid().ToString("N")[..12] }.ToString();
        var settings = new ClaimsDatabaseSettings(DatabaseProvider.Postgres, connection, Path.GetTempPath());
        var time = TimeProvider.System;
        using var home = new TestHome();
        ClaimsDbContext NewContext() => new(ClaimsDatabase.Options(settings, time), home.KeyRing, time);
        await using (var setup = NewContext())
        {
            await ClaimsDatabase.MigrateAsync(setup);
            await BulkDemoSeeder.SeedAsync(setup, 400, DemoSeeder.DefaultSeed, time, ["seed-coder"], everyClaimIn: ClaimState.Received);
            // The race is the point here, not timely filing: every seeded claim is billable (none held past its limit).
            await setup.Claims.ExecuteUpdateAsync(s => s.SetProperty(c => c.PastFilingLimit, false));
        }
        try
        {
            var now = time.GetUtcNow();
            // Three waves of twenty coders pressing "next" at the same moment, all racing for the same first candidates.
            var taken = new List<(string Coder, Guid Claim)>();
            for (var wave = 0; wave < 3; wave++)
            {
                var coders = Enumerable.Range(1, 20).Select(i => new Actor($"coder{wave}-{i}@test", ClaimRole.Coder)).ToList();
                var results = await Task.WhenAll(coders.Select(coder => Task.Run(async () =>
                {
                    await using var db = NewContext();
                    var claim = await CoderAssignments.TakeNextAsync(db, coder, now, TimeSpan.FromMinutes(30));
                    return (coder.Id, claim?.Id);
                })));
                taken.AddRange(results.Where(r => r.Item2 is not null).Select(r => (r.Item1, r.Item2!.Value)));
            }

            Assert.Equal(60, taken.Count);
            Assert.Equal(60, taken.Select(t => t.Claim).Distinct().Count());
            await using var check = NewContext();
            var held = await check.Claims.AsNoTracking().Where(c => c.AssignedTo != null && c.AssignedTo.EndsWith("@test")).Select(c => new { c.Id, c.AssignedTo, c.State }).ToListAsync();
            Assert.Equal(60, held.Count);
            Assert.Equal(taken.OrderBy(t => t.Claim).Select(t => (t.Claim, t.Coder)), held.OrderBy(h => h.Id).Select(h => (h.Id, h.AssignedTo!)));
            Assert.All(held, h => Assert.Equal(ClaimState.Coding, h.State));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var cleanup = NewContext();
            await PostgresScratch.DropAsync(cleanup);
        }
    }

    [PostgresFact]
    public async Task On_postgres_take_next_keeps_to_the_coders_clinics_hands_back_a_lapsed_lease_and_says_when_nothing_is_left()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("CLAIMS_TEST_POSTGRES")) { Database = "claims_take_" + Guid.NewGuid().ToString("N")[..12] }.ToString();
        var settings = new ClaimsDatabaseSettings(DatabaseProvider.Postgres, connection, Path.GetTempPath());
        var time = TimeProvider.System;
        using var home = new TestHome();
        ClaimsDbContext NewContext() => new(ClaimsDatabase.Options(settings, time), home.KeyRing, time);
        Guid clinic;
        List<Guid> expected;
        await using (var setup = NewContext())
        {
            await ClaimsDatabase.MigrateAsync(setup);
            await BulkDemoSeeder.SeedAsync(setup, 60, DemoSeeder.DefaultSeed, time, ["seed-coder"], clinicCount: 3, everyClaimIn: ClaimState.Received);
            await setup.Claims.ExecuteUpdateAsync(s => s.SetProperty(c => c.PastFilingLimit, false));
            clinic = await setup.Clinics.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            // One claim of the clinic is past its filing limit: the billers' to decide, never served to a coder.
            var late = await setup.Claims.Where(c => c.ClinicId == clinic).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            await setup.Claims.Where(c => c.Id == late).ExecuteUpdateAsync(s => s.SetProperty(c => c.PastFilingLimit, true));
            expected = await setup.Claims.Where(c => c.ClinicId == clinic && !c.PastFilingLimit).OrderBy(c => c.FilingDeadline).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();
        }
        try
        {
            var now = time.GetUtcNow();
            // A coder's own claim in Coding comes back to them first, so each take is another coder's.
            var taken = new List<Guid>();
            while (true)
            {
                await using var db = NewContext();
                var coder = new Actor($"coder{taken.Count}@test", ClaimRole.Coder);
                if (await CoderAssignments.TakeNextAsync(db, coder, now, TimeSpan.FromMinutes(30), [clinic]) is not { } claim) break;
                taken.Add(claim.Id);
                Assert.True(taken.Count <= expected.Count, "take-next went on past the clinic's claims");
            }

            // Most urgent first, only the assigned clinic's, none past its limit, and null once none is left.
            Assert.Equal(expected, taken);
            // Another coder finds nothing while those leases run; once they lapse, the most urgent comes back first.
            await using (var db = NewContext()) Assert.Null(await CoderAssignments.TakeNextAsync(db, new Actor("bob@test", ClaimRole.Coder), now.AddMinutes(5), TimeSpan.FromMinutes(30), [clinic]));
            await using (var db = NewContext())
            {
                var lapsed = await CoderAssignments.TakeNextAsync(db, new Actor("bob@test", ClaimRole.Coder), now.AddMinutes(31), TimeSpan.FromMinutes(30), [clinic]);
                Assert.Equal(expected[0], lapsed!.Id);
                Assert.Equal("bob@test", lapsed.AssignedTo);
            }
            // Unscoped, the other clinics' claims are still there to take.
            await using (var db = NewContext()) Assert.NotEqual(clinic, (await CoderAssignments.TakeNextAsync(db, new Actor("carol@test", ClaimRole.Coder), now, TimeSpan.FromMinutes(30)))!.ClinicId);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var cleanup = NewContext();
            await PostgresScratch.DropAsync(cleanup);
        }
    }
}
