namespace Claims.Demo;

/// <summary>A clock the demo moves through past months, so intake, coding, submission and posting carry their own dates.</summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
