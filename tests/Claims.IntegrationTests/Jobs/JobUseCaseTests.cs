using Claims.Audit;
using Claims.Domain;
using Claims.IntegrationTests.Operations;
using Claims.Jobs;
using Claims.Operations.Reports;
using Claims.Operations.Sla;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Claims.IntegrationTests.Jobs;

/// <summary>
/// The use cases the background jobs call (monthly-reports, sla-clocks, job-history-trim), driven the way the job host
/// drives them: every "instance" (a context of its own and an instance name) schedules the slot and tries to claim it,
/// and only the one that claims it runs the use case. On the operations demo data (four months of activity, 2026-11-22).
/// </summary>
public sealed class JobUseCaseTests(OperationsDemoFixture fx) : IClassFixture<OperationsDemoFixture>
{
    private static readonly Caller ReportsJob = new(new Actor("system:monthly-reports", ClaimRole.Admin), new AuditOrigin("job:monthly-reports", null));
    private static readonly Caller SlaJob = new(new Actor("system:sla-clocks", ClaimRole.Manager), new AuditOrigin("job:sla-clocks", null));
    private static readonly JobSchedule Reports = new("monthly-reports", TimeSpan.FromHours(1));
    private static readonly JobSchedule Sla = new("sla-clocks", TimeSpan.FromHours(1));

    /// <summary>Each instance schedules the slot and tries to claim a run; the one that claims it runs <paramref name="work"/>. The instances that ran.</summary>
    private static async Task<List<string>> TickAsync(Func<ClaimsDbContext> open, JobSchedule schedule, DateTimeOffset now, Func<ClaimsDbContext, Task<string>> work, params string[] instances)
    {
        var ran = new List<string>();
        foreach (var name in instances)
        {
            await using var db = open();
            await BackgroundJobs.ScheduleAsync(db, [schedule], now);
            if (await BackgroundJobs.ClaimNextAsync(db, [schedule], name, now) is not { } run) continue;
            var outcome = await work(db);
            ran.Add(name);
            Assert.True(await BackgroundJobs.FinishAsync(db, schedule, run.Id, name, now, succeeded: true, outcome));
        }
        return ran;
    }

    private static MonthlyReportArchive Archive(ClaimsDbContext db, TimeProvider time) => new(db, time, new MonthlyReports(db, time));

    [Fact]
    public async Task Monthly_reports_are_kept_once_per_clinic_for_the_closed_month_however_many_instances_run_and_download_as_kept()
    {
        var time = fx.Home.Time;
        var ran = await TickAsync(() => fx.Open(), Reports, time.GetUtcNow(), async db => $"{await Archive(db, time).KeepClosedMonthAsync(ReportsJob)}", "instance-a", "instance-b");

        Assert.Equal(["instance-a"], ran);
        await using var db = fx.Open();
        var october = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var clinics = await db.Clinics.Where(c => db.Claims.Any(x => x.ClinicId == c.Id && x.CreatedAt < october)).Select(c => c.Id).ToListAsync();
        var kept = await db.KeptMonthlyReports.AsNoTracking().Where(r => r.Month == "2026-10").ToListAsync();
        Assert.Equal(clinics.Order(), kept.Select(r => r.ClinicId).Order());
        Assert.All(kept, r => Assert.Equal("system:monthly-reports", r.CreatedBy));

        // A repeat (a run taken over after its instance died) keeps nothing twice; the index refuses a second row outright.
        Assert.Equal((0, clinics.Count), await Archive(db, time).KeepClosedMonthAsync(ReportsJob));
        Assert.Equal(clinics.Count, await db.KeptMonthlyReports.CountAsync(r => r.Month == "2026-10"));
        Assert.Equal(clinics.Count, await db.AuditEntries.CountAsync(e => e.EntityType == "MonthlyReport" && e.Action == AuditAction.Create && e.ActorId == "system:monthly-reports" && e.Details!.StartsWith("monthly client report 2026-10")));

        // Downloaded later, the kept files come back byte for byte (sealed at rest, not in the clear), and the download is an export.
        var row = kept.First(r => r.ClinicId == fx.ClinicId);
        var pdf = row.Pdf.Open(db.KeyRing!, KeptMonthlyReport.PdfTable, row.Id);
        Assert.DoesNotContain("%PDF", System.Text.Encoding.ASCII.GetString(row.Pdf.Cipher), StringComparison.Ordinal);
        time.Advance(TimeSpan.FromDays(3));
        var download = await Archive(db, time).DownloadAsync(fx.ClinicId, new(2026, 10), OperationsDemoFixture.Biller);
        Assert.True(download.Kept);
        Assert.Equal(pdf, download.Pdf);
        Assert.Equal(row.CreatedAt, download.CreatedAt);
        Assert.Contains("Coding turnaround", PdfText.Extract(download.Pdf), StringComparison.Ordinal);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "MonthlyReport" && e.Action == AuditAction.Export && e.ActorId == "test-biller" && e.Details!.StartsWith("kept monthly client report 2026-10")));
        // A month nobody kept is made on demand, as before.
        Assert.False((await Archive(db, time).DownloadAsync(fx.ClinicId, new(2026, 9), OperationsDemoFixture.Biller)).Kept);
    }

    [Fact]
    public async Task A_failed_monthly_reports_run_is_retried_after_its_back_off_and_the_retry_keeps_each_report_once()
    {
        // December's job keeps November: a month of its own, so this test does not meet the other's rows.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 5, 0, TimeSpan.Zero));
        var now = time.GetUtcNow();
        await using (var a = fx.Open(time))
        {
            await BackgroundJobs.ScheduleAsync(a, [Reports], now);
            var run = (await BackgroundJobs.ClaimNextAsync(a, [Reports], "instance-a", now))!;
            // The first attempt fails (here: a caller the use case refuses) before it keeps anything.
            var failure = await Assert.ThrowsAsync<DomainValidationException>(() => Archive(a, time).KeepClosedMonthAsync(new Caller(new Actor("system:x", ClaimRole.Coder), default)));
            Assert.True(await BackgroundJobs.FinishAsync(a, Reports, run.Id, "instance-a", now, succeeded: false, "failed: " + failure.GetType().Name));
        }
        await using var b = fx.Open(time);
        Assert.Equal(0, await b.KeptMonthlyReports.CountAsync(r => r.Month == "2026-11"));
        Assert.Null(await BackgroundJobs.ClaimNextAsync(b, [Reports], "instance-b", now.AddSeconds(29)));

        var retry = (await BackgroundJobs.ClaimNextAsync(b, [Reports], "instance-b", now.AddSeconds(30)))!;
        var (kept, already) = await Archive(b, time).KeepClosedMonthAsync(ReportsJob);
        Assert.True(await BackgroundJobs.FinishAsync(b, Reports, retry.Id, "instance-b", now.AddSeconds(31), succeeded: true, $"kept={kept}"));

        Assert.Equal(await b.Clinics.CountAsync(c => b.Claims.Any(x => x.ClinicId == c.Id && x.CreatedAt < new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero))), kept);
        Assert.Equal(0, already);
        Assert.Equal(kept, await b.KeptMonthlyReports.CountAsync(r => r.Month == "2026-11"));
        var history = Assert.Single(await JobHistory.ListAsync(b, "monthly-reports"), r => r.DueAt == Reports.SlotAt(now));
        Assert.Equal((JobRunStatus.Succeeded, 2, "instance-b"), (history.Status, history.Attempts, history.Instance));
    }

    [Fact]
    public async Task The_daily_sla_snapshot_is_taken_once_per_client_and_day_with_the_sla_boards_own_counts()
    {
        var time = fx.Home.Time;
        var ran = await TickAsync(() => fx.Open(), Sla, time.GetUtcNow(), async db => $"{await new SlaSnapshots(db, time).TakeAsync(SlaJob)}", "instance-a", "instance-b");
        Assert.Equal(["instance-a"], ran);

        await using var db = fx.Open();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var snapshots = await db.SlaSnapshots.AsNoTracking().Where(s => s.Day == today).ToListAsync();
        Assert.Equal(await db.Clinics.CountAsync(), snapshots.Count);
        var board = await new SlaBoard(db, time).ReadAsync(OperationsDemoFixture.Admin);
        Assert.NotEmpty(board.Clients);
        foreach (var client in board.Clients)
        {
            var s = snapshots.Single(x => x.ClinicId == client.ClinicId);
            Assert.Equal((client.OnTime, client.AtRisk, client.Breached, client.StoppedMet, client.StoppedLate), (s.OnTime, s.AtRisk, s.Breached, s.StoppedMet, s.StoppedLate));
            Assert.Equal(client.Attainment, s.Attainment);
        }

        // Later the same day: nothing new. The next day: a new row per client, and the trend shows both days.
        Assert.Equal((0, snapshots.Count), await new SlaSnapshots(db, time).TakeAsync(SlaJob));
        var tomorrow = new FakeTimeProvider(time.GetUtcNow().AddDays(1));
        Assert.Equal((snapshots.Count, 0), await new SlaSnapshots(db, tomorrow).TakeAsync(SlaJob));
        var trend = await new SlaSnapshots(db, tomorrow).TrendAsync(OperationsDemoFixture.Admin, 7);
        Assert.Equal(2 * snapshots.Count, trend.Count);
        Assert.Empty(await new SlaSnapshots(db, tomorrow).TrendAsync(new Caller(new Actor("nobody@x", ClaimRole.Biller), new AuditOrigin("127.0.0.1", null)), 7));
    }

    [Fact]
    public async Task Trimming_the_job_history_deletes_finished_runs_past_the_keep_days_but_keeps_each_jobs_newest_and_unfinished_runs()
    {
        using var home = new TestHome();
        await using var db = await home.MigratedContextAsync();
        var now = home.Time.GetUtcNow();
        var daily = new JobSchedule("daily", TimeSpan.FromDays(1), MaxAttempts: 1);
        var rare = new JobSchedule("rare", TimeSpan.FromDays(1));
        var stuck = new JobSchedule("stuck", TimeSpan.FromDays(1));
        async Task RunAsync(JobSchedule schedule, int daysAgo, bool succeeded)
        {
            var at = now.AddDays(-daysAgo);
            await BackgroundJobs.ScheduleAsync(db, [schedule], at);
            var run = (await BackgroundJobs.ClaimNextAsync(db, [schedule], "a", at))!;
            await BackgroundJobs.FinishAsync(db, schedule, run.Id, "a", at, succeeded, succeeded ? "ok" : "failed: IOException");
        }
        await RunAsync(daily, 120, true);
        await RunAsync(daily, 100, false);
        await RunAsync(daily, 95, true);
        await RunAsync(daily, 80, true);
        await RunAsync(daily, 10, true);
        await RunAsync(rare, 200, true); // its only run: the newest, kept however old
        await BackgroundJobs.ScheduleAsync(db, [stuck], now.AddDays(-150)); // never claimed: not finished, kept

        var caller = new Caller(new Actor("system:job-history-trim", ClaimRole.Admin), new AuditOrigin("job:job-history-trim", null));
        Assert.Equal(3, await JobHistory.TrimAsync(db, 90, caller, now));

        var left = (await JobHistory.ListAsync(db, take: 100)).Select(r => (r.Job, (int)Math.Round((now - r.DueAt).TotalDays))).ToList();
        Assert.Equal([("daily", 10), ("daily", 80), ("stuck", 150), ("rare", 200)], left);
        var entry = Assert.Single(await db.AuditEntries.Where(e => e.EntityType == "JobRun").ToListAsync());
        Assert.Equal((AuditAction.Delete, "system:job-history-trim"), (entry.Action, entry.ActorId));
        Assert.Contains("3 finished runs older than 90 days", entry.Details, StringComparison.Ordinal);
        Assert.Equal(0, await JobHistory.TrimAsync(db, 90, caller, now));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.EntityType == "JobRun"));
        await Assert.ThrowsAsync<DomainValidationException>(() => JobHistory.TrimAsync(db, 0, caller, now));
    }
}
