using Claims.Jobs;
using Claims.Persistence;

namespace Claims.Web.Jobs;

/// <summary>
/// Runs the background jobs on this instance: every tick it creates the due slots' runs (once across all instances)
/// and runs, one at a time, those it manages to claim (<see cref="BackgroundJobs"/>). Several instances on one
/// PostgreSQL each run this host; each run happens on exactly one of them. A job's failure is recorded on its run and
/// retried with back-off; it never stops the host.
/// </summary>
internal sealed partial class JobHost(IServiceScopeFactory scopes, IReadOnlyList<BackgroundJob> jobs, JobEngineState state, TimeProvider time, ILogger<JobHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedules = jobs.Select(j => j.Schedule).ToList();
        LogStarted(logger, state.Instance, schedules.Count);
        using var timer = new PeriodicTimer(state.Tick, time);
        do
        {
            string? error = null;
            try
            {
                await TickAsync(schedules, stoppingToken);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or TimeoutException)
            {
                // The database is away or busy: report it on /healthz and try again next tick.
                error = ex.GetType().Name;
                LogTickFailed(logger, error);
            }
            state.Ticked(time.GetUtcNow(), error);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task TickAsync(List<JobSchedule> schedules, CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await BackgroundJobs.ScheduleAsync(scope.ServiceProvider.GetRequiredService<ClaimsDbContext>(), schedules, time.GetUtcNow(), ct);
        }
        while (!ct.IsCancellationRequested)
        {
            JobRun? run;
            await using (var scope = scopes.CreateAsyncScope())
            {
                run = await BackgroundJobs.ClaimNextAsync(scope.ServiceProvider.GetRequiredService<ClaimsDbContext>(), schedules, state.Instance, time.GetUtcNow(), ct);
            }
            if (run is null) return;
            await RunAsync(jobs.First(j => j.Schedule.Name == run.Job), run, ct);
        }
    }

    private async Task RunAsync(BackgroundJob job, JobRun run, CancellationToken ct)
    {
        bool succeeded;
        string outcome;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            outcome = await job.Run(scope.ServiceProvider, ct);
            succeeded = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The exception's type only: messages can quote PHI (DESIGN.md, "Logs and exceptions carry ids").
            outcome = "failed: " + ex.GetType().Name;
            succeeded = false;
            LogJobFailed(logger, job.Schedule.Name, run.Id, run.Attempts, ex.GetType().Name);
        }
        await using var finish = scopes.CreateAsyncScope();
        var recorded = await BackgroundJobs.FinishAsync(finish.ServiceProvider.GetRequiredService<ClaimsDbContext>(), job.Schedule, run.Id, state.Instance, time.GetUtcNow(), succeeded, outcome, CancellationToken.None);
        if (!recorded) LogLeaseLost(logger, job.Schedule.Name, run.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job engine {Instance} started with {Jobs} job(s)")]
    private static partial void LogStarted(ILogger logger, string instance, int jobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job engine tick failed ({ExceptionType}); trying again next tick")]
    private static partial void LogTickFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} run {RunId} attempt {Attempt} failed ({ExceptionType})")]
    private static partial void LogJobFailed(ILogger logger, string job, Guid runId, int attempt, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} run {RunId} outlived its lease; another instance took it over")]
    private static partial void LogLeaseLost(ILogger logger, string job, Guid runId);
}
