namespace Claims.Web.Jobs;

/// <summary>What /healthz reports about this instance's job engine: whether it runs, and when it last looked for work.</summary>
public sealed class JobEngineState
{
    private long _lastTickTicks;
    private string? _lastError;

    public bool Enabled { get; set; }

    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(15);

    public string Instance { get; set; } = "";

    public DateTimeOffset? LastTick => Interlocked.Read(ref _lastTickTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public string? LastError => Volatile.Read(ref _lastError);

    public void Ticked(DateTimeOffset at, string? error)
    {
        Interlocked.Exchange(ref _lastTickTicks, at.UtcTicks);
        Volatile.Write(ref _lastError, error);
    }
}
