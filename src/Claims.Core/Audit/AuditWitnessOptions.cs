
namespace Claims.Audit;

/// <summary>
/// Where signed checkpoints are witnessed outside the database: an append-only file (default
/// <c>CLAIMS_HOME/audit-witness.log</c>; <c>Audit:WitnessPath</c> or <c>CLAIMS_AUDIT_WITNESS</c>, "off" for none) and,
/// when <c>Audit:WitnessSyslog</c> or <c>CLAIMS_AUDIT_WITNESS_SYSLOG</c> is true, the local syslog (<c>/dev/log</c>,
/// facility authpriv), which a host usually ships to a log server the database's owner cannot rewrite.
/// </summary>
public sealed record AuditWitnessOptions(string? Path, bool Syslog)
{
    public const string DefaultFileName = "audit-witness.log";

    /// <summary>Explicit values (configuration) first, then the environment, then the defaults.</summary>
    public static AuditWitnessOptions Resolve(string home, string? path = null, bool? syslog = null)
    {
        ArgumentNullException.ThrowIfNull(home);
        path ??= Environment.GetEnvironmentVariable("CLAIMS_AUDIT_WITNESS");
        syslog ??= bool.TryParse(Environment.GetEnvironmentVariable("CLAIMS_AUDIT_WITNESS_SYSLOG"), out var flag) && flag;
        var file = string.IsNullOrWhiteSpace(path) ? System.IO.Path.Combine(home, DefaultFileName)
            : path.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) ? null
            : System.IO.Path.GetFullPath(path);
        return new AuditWitnessOptions(file, syslog.Value);
    }
}
