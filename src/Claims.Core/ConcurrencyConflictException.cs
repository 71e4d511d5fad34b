namespace Claims;

/// <summary>Someone else changed the record first; the caller should reload and try again.</summary>
public sealed class ConcurrencyConflictException(string message, Exception inner) : ClaimsDomainException(message, inner)
{
    public override string Code => "conflict";
}
