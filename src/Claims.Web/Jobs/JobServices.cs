using System.Globalization;
using Claims.Domain;
using Claims.Jobs;
using Claims.Operations.Reports;
using Claims.Operations.Sla;
using Claims.Persistence;
using Claims.Remittance;
using Claims.Submission;

namespace Claims.Web.Jobs;

/// <summary>
/// The background jobs and their engine (compliance/adr/0008, compliance/operations.md). <c>Jobs:Enabled</c> (default
/// true, false under the Testing environment) turns the engine on for this instance; <c>Jobs:TickSeconds</c> (15) is
/// how often it looks for due runs; <c>Jobs:Instance</c> names the instance in the history (machine:process).
/// Jobs:
/// <c>mailbox-fetch</c> takes the clearinghouse's 999/277CA/835 files every <c>Submission:FetchSeconds</c> (15; off
/// with <c>Submission:Fetch=false</c>) and posts them (payments, denials; exceptions to the remittance exceptions
/// queue) unless <c>Jobs:PostRemittances=false</c>;
/// <c>submission-batches</c> sends the ReadyToSubmit claims every <c>Jobs:SubmissionBatchMinutes</c> (off unless set);
/// <c>monthly-reports</c> keeps each clinic's report of the month just closed, every <c>Jobs:MonthlyReportsMinutes</c>
/// (60; a no-op once kept; off with <c>Jobs:MonthlyReports=false</c>);
/// <c>sla-clocks</c> records each client's SLA standing once a day, looking every <c>Jobs:SlaSnapshotMinutes</c> (60;
/// off with <c>Jobs:SlaSnapshots=false</c>);
/// <c>job-history-trim</c> deletes finished job runs older than <c>Jobs:KeepDays</c> (90) once a day, keeping each
/// job's newest run.
/// </summary>
internal static class JobServices
{
    private static readonly Caller Clearinghouse = new(new Actor("system:clearinghouse-fetch", ClaimRole.Biller), new AuditOrigin("job:mailbox-fetch", null));
    private static readonly Caller Batches = new(new Actor("system:submission-batches", ClaimRole.Biller), new AuditOrigin("job:submission-batches", null));
    private static readonly Caller Reports = new(new Actor("system:monthly-reports", ClaimRole.Admin), new AuditOrigin("job:monthly-reports", null));
    private static readonly Caller Sla = new(new Actor("system:sla-clocks", ClaimRole.Manager), new AuditOrigin("job:sla-clocks", null));
    private static readonly Caller Trim = new(new Actor("system:job-history-trim", ClaimRole.Admin), new AuditOrigin("job:job-history-trim", null));

    public static WebApplicationBuilder AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var jobs = new List<BackgroundJob>();
        if (config.GetValue("Submission:Fetch", !builder.Environment.IsEnvironment("Testing")))
        {
            jobs.Add(new BackgroundJob(new JobSchedule("mailbox-fetch", TimeSpan.FromSeconds(config.GetValue("Submission:FetchSeconds", 15))), FetchAsync));
        }
        if (config.GetValue<int?>("Jobs:SubmissionBatchMinutes") is > 0 and var minutes)
        {
            jobs.Add(new BackgroundJob(new JobSchedule("submission-batches", TimeSpan.FromMinutes(minutes)), SubmitAsync));
        }
        if (config.GetValue("Jobs:MonthlyReports", true))
        {
            jobs.Add(new BackgroundJob(new JobSchedule("monthly-reports", TimeSpan.FromMinutes(Math.Clamp(config.GetValue("Jobs:MonthlyReportsMinutes", 60), 1, 24 * 60))) { Lease = TimeSpan.FromMinutes(30) }, KeepReportsAsync));
        }
        if (config.GetValue("Jobs:SlaSnapshots", true))
        {
            jobs.Add(new BackgroundJob(new JobSchedule("sla-clocks", TimeSpan.FromMinutes(Math.Clamp(config.GetValue("Jobs:SlaSnapshotMinutes", 60), 1, 24 * 60))), SnapshotAsync));
        }
        var keepDays = Math.Clamp(config.GetValue("Jobs:KeepDays", JobHistory.DefaultKeepDays), 1, 3650);
        jobs.Add(new BackgroundJob(new JobSchedule("job-history-trim", TimeSpan.FromDays(1)), (services, ct) => TrimAsync(services, keepDays, ct)));
        var state = new JobEngineState
        {
            Enabled = config.GetValue("Jobs:Enabled", !builder.Environment.IsEnvironment("Testing")) && jobs.Count > 0,
            Tick = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Jobs:TickSeconds", 15), 1, 3600)),
            Instance = config["Jobs:Instance"] ?? $"{Environment.MachineName}:{Environment.ProcessId}",
        };
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<IReadOnlyList<BackgroundJob>>(jobs);
        if (state.Enabled) builder.Services.AddHostedService<JobHost>();
        return builder;
    }

    private static async Task<string> FetchAsync(IServiceProvider services, CancellationToken ct)
    {
        if (!services.GetRequiredService<IConfiguration>().GetValue("Jobs:PostRemittances", true))
        {
            var received = await services.GetRequiredService<Submissions>().FetchAnswersAsync(Clearinghouse, ct);
            return string.Create(CultureInfo.InvariantCulture, $"files={received.Count} posting=off");
        }
        // Fetch and post in one go: a received 835 is posted by this run, once (each transaction set is posted behind
        // its control number, so a biller's Fetch on the Remittance page at the same moment finds it already posted).
        var (fetched, posted) = await services.GetRequiredService<RemittanceFiles>().FetchAsync(Clearinghouse, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"files={fetched.Count} posted={posted.Count} claims={posted.Sum(f => f.Documents.Sum(d => d.Posted))} exceptions={posted.Sum(f => f.Documents.Sum(d => d.ExceptionCount))} readErrors={posted.Count(f => f.Error is not null)}");
    }

    private static async Task<string> SubmitAsync(IServiceProvider services, CancellationToken ct)
    {
        var run = await services.GetRequiredService<Submissions>().CreateBatchesAsync(SubmissionFilter.All, Batches, ct);
        return string.Create(CultureInfo.InvariantCulture, $"batch={run.Batch?.Id.ToString() ?? "none"} claims={run.Batch?.Claims ?? 0} excluded={run.Excluded.Count} sendError={run.SendError is not null}");
    }

    private static async Task<string> KeepReportsAsync(IServiceProvider services, CancellationToken ct)
    {
        var (kept, already) = await services.GetRequiredService<MonthlyReportArchive>().KeepClosedMonthAsync(Reports, ct);
        return string.Create(CultureInfo.InvariantCulture, $"kept={kept} already={already}");
    }

    private static async Task<string> SnapshotAsync(IServiceProvider services, CancellationToken ct)
    {
        var (taken, already) = await services.GetRequiredService<SlaSnapshots>().TakeAsync(Sla, ct);
        return string.Create(CultureInfo.InvariantCulture, $"clients={taken} already={already}");
    }

    private static async Task<string> TrimAsync(IServiceProvider services, int keepDays, CancellationToken ct)
    {
        var deleted = await JobHistory.TrimAsync(services.GetRequiredService<ClaimsDbContext>(), keepDays, Trim, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        return string.Create(CultureInfo.InvariantCulture, $"deleted={deleted} keepDays={keepDays}");
    }
}
