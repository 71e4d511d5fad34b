using System.Collections.Concurrent;
using Claims.Jobs;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Jobs;

public sealed class BackgroundJobsTests
{
    private static readonly JobSchedule Fetch = new("mailbox-fetch", TimeSpan.FromSeconds(15));

    [Fact]
    public async Task Two_instances_scheduling_the_same_slot_make_one_run_and_only_one_of_them_claims_it()
    {
        using var home = new TestHome();
        await using (var setup = await home.MigratedContextAsync()) { }
        var now = home.Time.GetUtcNow();
        await using var a = home.NewContext();
        await using var b = home.NewContext();

        Assert.Equal(1, await BackgroundJobs.ScheduleAsync(a, [Fetch], now));
        Assert.Equal(0, await BackgroundJobs.ScheduleAsync(b, [Fetch], now.AddSeconds(3)));
        var first = await BackgroundJobs.ClaimNextAsync(a, [Fetch], "instance-a", now);
        var second = await BackgroundJobs.ClaimNextAsync(b, [Fetch], "instance-b", now);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.True(await BackgroundJobs.FinishAsync(a, Fetch, first.Id, "instance-a", now.AddSeconds(1), succeeded: true, "files=2"));
        Assert.Null(await BackgroundJobs.ClaimNextAsync(b, [Fetch], "instance-b", now.AddSeconds(5)));
        var history = await JobHistory.ListAsync(b);
        var run = Assert.Single(history);
        Assert.Equal((JobRunStatus.Succeeded, 1, "instance-a", "files=2"), (run.Status, run.Attempts, run.Instance, run.Outcome));
        Assert.Equal(Fetch.SlotAt(now), run.DueAt);
    }

    [Fact]
    public async Task A_failed_run_is_retried_after_a_doubling_back_off_and_fails_for_good_after_its_last_attempt()
    {
        using var home = new TestHome();
        await using var db = await home.MigratedContextAsync();
        var now = home.Time.GetUtcNow();
        await BackgroundJobs.ScheduleAsync(db, [Fetch], now);

        var run = (await BackgroundJobs.ClaimNextAsync(db, [Fetch], "a", now))!;
        await BackgroundJobs.FinishAsync(db, Fetch, run.Id, "a", now, succeeded: false, "failed: IOException");
        Assert.Null(await BackgroundJobs.ClaimNextAsync(db, [Fetch], "a", now.AddSeconds(29)));
        run = (await BackgroundJobs.ClaimNextAsync(db, [Fetch], "a", now.AddSeconds(30)))!;
        Assert.Equal(2, run.Attempts);
        await BackgroundJobs.FinishAsync(db, Fetch, run.Id, "a", now.AddSeconds(30), succeeded: false, "failed: IOException");
        Assert.Null(await BackgroundJobs.ClaimNextAsync(db, [Fetch], "a", now.AddSeconds(89)));
        run = (await BackgroundJobs.ClaimNextAsync(db, [Fetch], "a", now.AddSeconds(90)))!;
        await BackgroundJobs.FinishAsync(db, Fetch, run.Id, "a", now.AddSeconds(90), succeeded: false, "failed: IOException");

        Assert.Null(await BackgroundJobs.ClaimNextAsync(db, [Fetch], "a", now.AddHours(1)));
        var stored = Assert.Single(await JobHistory.ListAsync(db));
        Assert.Equal((JobRunStatus.Failed, 3, "failed: IOException"), (stored.Status, stored.Attempts, stored.Outcome));
    }

    [Fact]
    public async Task A_run_whose_instance_died_is_taken_over_after_its_lease_and_the_dead_instance_cannot_finish_it()
    {
        using var home = new TestHome();
        await using var db = await home.MigratedContextAsync();
        var now = home.Time.GetUtcNow();
        await BackgroundJobs.ScheduleAsync(db, [Fetch], now);
        var run = (await BackgroundJobs.ClaimNextAsync(db, [Fetch], "dies", now))!;

        Assert.Null(await BackgroundJobs.ClaimNextAsync(db, [Fetch], "survivor", now + Fetch.Lease - TimeSpan.FromSeconds(1)));
        var taken = await BackgroundJobs.ClaimNextAsync(db, [Fetch], "survivor", now + Fetch.Lease + TimeSpan.FromSeconds(1));

        Assert.Equal(run.Id, taken?.Id);
        Assert.False(await BackgroundJobs.FinishAsync(db, Fetch, run.Id, "dies", now + Fetch.Lease + TimeSpan.FromSeconds(2), succeeded: true, "late"));
        Assert.True(await BackgroundJobs.FinishAsync(db, Fetch, run.Id, "survivor", now + Fetch.Lease + TimeSpan.FromSeconds(3), succeeded: true, "files=0"));
    }

    [PostgresFact]
    public async Task Two_instances_polling_postgres_together_run_every_scheduled_slot_exactly_once()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("CLAIMS_TEST_POSTGRES")) { Database = "claims_jobs_" + Guid.NewGuid().ToString("N")[..12] }.ToString();
        var settings = new ClaimsDatabaseSettings(DatabaseProvider.Postgres, connection, Path.GetTempPath());
        ClaimsDbContext NewContext() => new(ClaimsDatabase.Options(settings, TimeProvider.System));
        await using (var setup = NewContext()) await ClaimsDatabase.MigrateAsync(setup);
        try
        {
            var schedules = new[] { new JobSchedule("every-second", TimeSpan.FromSeconds(1)), new JobSchedule("every-two", TimeSpan.FromSeconds(2)) };
            var start = new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);
            var executions = new ConcurrentBag<(Guid Run, string Instance)>();
            async Task InstanceAsync(string name)
            {
                // Sixty simulated seconds, the two instances ticking at the same moments.
                for (var second = 0; second < 60; second++)
                {
                    var now = start.AddSeconds(second);
                    await using var db = NewContext();
                    await BackgroundJobs.ScheduleAsync(db, schedules, now);
                    while (await BackgroundJobs.ClaimNextAsync(db, schedules, name, now) is { } run)
                    {
                        executions.Add((run.Id, name));
                        await BackgroundJobs.FinishAsync(db, schedules.First(s => s.Name == run.Job), run.Id, name, now, succeeded: true, "ok");
                    }
                }
            }
            await Task.WhenAll(Task.Run(() => InstanceAsync("a")), Task.Run(() => InstanceAsync("b")));

            await using var check = NewContext();
            var runs = await check.JobRuns.AsNoTracking().ToListAsync();
            Assert.Equal(60 + 30, runs.Count);
            Assert.All(runs, r => Assert.Equal((JobRunStatus.Succeeded, 1), (r.Status, r.Attempts)));
            Assert.Equal(runs.Count, executions.Count);
            Assert.Equal(runs.Count, executions.Select(e => e.Run).Distinct().Count());
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var cleanup = NewContext();
            await PostgresScratch.DropAsync(cleanup);
        }
    }
}
