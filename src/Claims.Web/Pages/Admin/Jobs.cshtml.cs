using Claims.Jobs;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.Jobs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Admin;

/// <summary>
/// The background jobs' history for admins and managers: per job, its schedule on this instance, the next slot, and
/// its latest runs (the same rows as <c>claims jobs list</c>, read through <see cref="JobHistory"/>), failures marked.
/// Runs hold times, instance names, counts and codes only: no PHI, no audit entry.
/// </summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Manager}")]
public sealed class JobsModel(ClaimsDbContext db, IReadOnlyList<BackgroundJob> jobs, JobEngineState engine, TimeProvider time) : PageModel
{
    /// <summary>Runs shown per job.</summary>
    public const int RunsPerJob = 10;

    public sealed record JobPanel(string Name, TimeSpan? Interval, DateTimeOffset? NextDue, IReadOnlyList<JobRun> Runs)
    {
        public int Failures => Runs.Count(r => r.Status == JobRunStatus.Failed || (r.Status == JobRunStatus.Pending && r.Attempts > 0));
    }

    public IReadOnlyList<JobPanel> Panels { get; private set; } = [];

    public JobEngineState Engine => engine;

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        var names = (await JobHistory.JobsAsync(db, ct)).Union(jobs.Select(j => j.Schedule.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var panels = new List<JobPanel>(names.Count);
        foreach (var name in names)
        {
            var schedule = jobs.FirstOrDefault(j => j.Schedule.Name == name)?.Schedule;
            panels.Add(new JobPanel(name, schedule?.Interval, schedule is null ? null : schedule.SlotAt(Now) + schedule.Interval, await JobHistory.ListAsync(db, name, RunsPerJob, ct)));
        }
        Panels = panels;
    }

    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0} d"
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0} h"
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? $"{span.TotalMinutes:0} min"
        : $"{span.TotalSeconds:0} s";
}
