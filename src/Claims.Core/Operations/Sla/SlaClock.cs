namespace Claims.Operations.Sla;

/// <summary>
/// One SLA clock on one claim, computed from the claim's history (never kept as a timer): when it started, when it is
/// due, when it stopped (null while running), the time allowed and used (business time for hour targets, calendar
/// time for day targets), the time it stood paused while the claim waited on the clinic (On hold), its status and,
/// for a breach, the cause: the phase that took most of the time.
/// </summary>
public sealed record SlaClock(
    SlaKind Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? StoppedAt,
    TimeSpan Allowed,
    TimeSpan Used,
    TimeSpan Paused,
    bool IsPaused,
    SlaStatus Status,
    string? Cause)
{
    public bool IsRunning => StoppedAt is null;

    /// <summary>Allowance left (negative when breached).</summary>
    public TimeSpan Remaining => Allowed - Used;
}
