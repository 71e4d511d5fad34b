namespace Claims;

/// <summary>
/// Base of the few exceptions that signal a broken rule or a refused command. They carry ids and codes,
/// never PHI, and are mapped once at the edge: HTTP 400/404/409, CLI exit 1.
/// </summary>
public abstract class ClaimsDomainException : Exception
{
    protected ClaimsDomainException(string message) : base(message) { }
    protected ClaimsDomainException(string message, Exception inner) : base(message, inner) { }

    /// <summary>A short stable code for machine output, e.g. <c>invalid-transition</c>.</summary>
    public abstract string Code { get; }
}
