using Claims.Jobs;

namespace Claims.Web.Jobs;

/// <summary>A job the web host runs on its schedule: what it does, in a scope of its own; the answer is its outcome (counts and codes only).</summary>
public sealed record BackgroundJob(JobSchedule Schedule, Func<IServiceProvider, CancellationToken, Task<string>> Run);
