namespace Claims.Jobs;

/// <summary>
/// One scheduled run of a background job: the job's name and the slot it is due for are unique together, so however many
/// instances schedule the same slot, one row exists, and the instance that claims it (<see cref="BackgroundJobs"/>) is the
/// only one that runs it. The row is the job's history: attempts, who ran it, when, and the outcome (counts and codes
/// only, never a value that could be PHI).
/// </summary>
public sealed class JobRun
{
    private JobRun() { } // EF Core

    internal JobRun(string job, DateTimeOffset dueAt)
    {
        Id = Guid.NewGuid();
        Job = job;
        DueAt = dueAt;
        NotBefore = dueAt;
        Status = JobRunStatus.Pending;
    }

    public Guid Id { get; private set; }

    /// <summary>The job's name (<see cref="JobSchedule.Name"/>).</summary>
    public string Job { get; private set; } = "";

    /// <summary>The slot this run is for: the start of the job's interval.</summary>
    public DateTimeOffset DueAt { get; private set; }

    public JobRunStatus Status { get; private set; }

    /// <summary>Attempts started so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>The earliest time the next attempt may start (the slot, then the retry back-off).</summary>
    public DateTimeOffset NotBefore { get; private set; }

    /// <summary>The instance that ran (or runs) the last attempt.</summary>
    public string? Instance { get; private set; }

    /// <summary>While Running: after this the instance is presumed dead and another may take the run over.</summary>
    public DateTimeOffset? LeaseUntil { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>What the last attempt did or why it failed: counts, codes and exception types only.</summary>
    public string? Outcome { get; private set; }

    /// <summary>Optimistic concurrency token: two instances claiming one run cannot both win.</summary>
    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    internal bool IsClaimable(DateTimeOffset now) =>
        (Status == JobRunStatus.Pending && NotBefore <= now) || (Status == JobRunStatus.Running && LeaseUntil < now);

    internal void Start(string instance, DateTimeOffset now, TimeSpan lease)
    {
        Status = JobRunStatus.Running;
        Attempts++;
        Instance = instance;
        StartedAt = now;
        LeaseUntil = now + lease;
        FinishedAt = null;
        Version++;
    }

    internal void Succeed(DateTimeOffset now, string outcome)
    {
        Status = JobRunStatus.Succeeded;
        FinishedAt = now;
        LeaseUntil = null;
        Outcome = Trim(outcome);
        Version++;
    }

    /// <summary>A failed attempt: pending again after <paramref name="retryAfter"/>, or Failed when there is none left.</summary>
    internal void Fail(DateTimeOffset now, string outcome, TimeSpan? retryAfter)
    {
        Status = retryAfter is null ? JobRunStatus.Failed : JobRunStatus.Pending;
        NotBefore = retryAfter is { } wait ? now + wait : NotBefore;
        FinishedAt = now;
        LeaseUntil = null;
        Outcome = Trim(outcome);
        Version++;
    }

    private static string Trim(string outcome) => outcome.Length <= 500 ? outcome : outcome[..500];
}
