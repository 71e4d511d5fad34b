namespace Claims;

/// <summary>A requested thing does not exist (or is not visible to the caller).</summary>
public sealed class NotFoundException(string message) : ClaimsDomainException(message)
{
    public override string Code => "not-found";
}
