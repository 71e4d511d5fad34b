namespace Claims.Scrubbing;

/// <summary>The result of scrubbing one claim.</summary>
public sealed record ScrubResult(string ClaimId, IReadOnlyList<ScrubFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == ScrubSeverity.Error);

    /// <summary>The distinct error ids, in the order found (the VerificationFailed reason).</summary>
    public IReadOnlyList<string> ErrorIds => Findings.Where(f => f.Severity == ScrubSeverity.Error).Select(f => f.Edit).Distinct().ToArray();
}
