namespace Claims.Scrubbing;

/// <summary>Error blocks submission; warning informs the coder.</summary>
public enum ScrubSeverity
{
    Warning,
    Error,
}
