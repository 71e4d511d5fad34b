namespace Claims.Jobs;

/// <summary>
/// A background job's schedule: a run is due at every multiple of <see cref="Interval"/> (counted from the Unix epoch, so
/// every instance computes the same slots), tried up to <see cref="MaxAttempts"/> times with a doubling back-off.
/// </summary>
public sealed record JobSchedule(string Name, TimeSpan Interval, int MaxAttempts = 3)
{
    /// <summary>How long one attempt may hold its run before another instance presumes it dead and takes it over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The first retry waits this long; each further one twice as long.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The slot that <paramref name="now"/> falls in.</summary>
    public DateTimeOffset SlotAt(DateTimeOffset now)
    {
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - (ticks % Interval.Ticks));
    }
}
