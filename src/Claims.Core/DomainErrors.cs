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

/// <summary>A value failed its validation on creation (a code, an NPI, an amount).</summary>
public sealed class DomainValidationException(string message) : ClaimsDomainException(message)
{
    public override string Code => "invalid-value";
}

/// <summary>A requested thing does not exist (or is not visible to the caller).</summary>
public sealed class NotFoundException(string message) : ClaimsDomainException(message)
{
    public override string Code => "not-found";
}

/// <summary>Someone else changed the record first; the caller should reload and try again.</summary>
public sealed class ConcurrencyConflictException(string message, Exception inner) : ClaimsDomainException(message, inner)
{
    public override string Code => "conflict";
}
