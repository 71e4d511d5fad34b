using System.Globalization;
using Claims.Domain;
using Claims.Jobs;
using Claims.Remittance;
using Claims.Submission;

namespace Claims.Web.Jobs;

/// <summary>
/// The background jobs and their engine (compliance/adr/0008). <c>Jobs:Enabled</c> (default true, false under the
/// Testing environment) turns the engine on for this instance; <c>Jobs:TickSeconds</c> (15) is how often it looks for
/// due runs. Jobs: <c>mailbox-fetch</c> takes the clearinghouse's 999/277CA/835 files every <c>Submission:FetchSeconds</c>
/// (15; off with <c>Submission:Fetch=false</c>) and posts them (the 835s' payments and denials, exceptions to the
/// remittance exceptions queue) unless <c>Jobs:PostRemittances=false</c>; <c>submission-batches</c> sends the ReadyToSubmit claims every
/// <c>Jobs:SubmissionBatchMinutes</c> (off unless set).
/// </summary>
internal static class JobServices
{
    private static readonly Caller Clearinghouse = new(new Actor("system:clearinghouse-fetch", ClaimRole.Biller), new AuditOrigin("job:mailbox-fetch", null));
    private static readonly Caller Batches = new(new Actor("system:submission-batches", ClaimRole.Biller), new AuditOrigin("job:submission-batches", null));

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
}
