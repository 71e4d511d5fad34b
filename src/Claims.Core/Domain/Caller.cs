namespace Claims.Domain;

/// <summary>
/// Who does an act and from where. Every use case takes one, so the web, the API and the CLI write the same audit
/// entries for the same act; only the origin differs.
/// </summary>
public sealed record Caller(Actor Actor, AuditOrigin Origin)
{
    /// <summary>An act from the command line.</summary>
    public static Caller FromCli(Actor actor) => new(actor, AuditOrigin.Cli);
}
