namespace Claims;

/// <summary>A value failed its validation on creation (a code, an NPI, an amount).</summary>
public sealed class DomainValidationException(string message) : ClaimsDomainException(message)
{
    public override string Code => "invalid-value";
}
