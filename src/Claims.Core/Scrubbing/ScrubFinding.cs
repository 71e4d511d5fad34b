namespace Claims.Scrubbing;

/// <summary>
/// One edit finding: a stable id (e.g. <c>NCCI-PTP</c>), a severity, a message a coder understands, where on the
/// claim (claim, diagnosis N, line N) and the rule's source. An expected outcome, never an exception.
/// </summary>
public sealed record ScrubFinding(string Edit, ScrubSeverity Severity, string Message, string Location, string Source);
