namespace Claims.Domain;

/// <summary>Where a request came from, for the audit entries it writes (both optional: the CLI has neither).</summary>
public readonly record struct AuditOrigin(string? SourceAddress, string? CorrelationId)
{
    /// <summary>The command-line tool: a local operator, no network address.</summary>
    public static AuditOrigin Cli { get; } = new("cli", null);
}
