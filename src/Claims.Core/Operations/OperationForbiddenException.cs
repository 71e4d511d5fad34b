namespace Claims.Operations;

/// <summary>An operations act the caller's role may not do (a coder editing a contract, a biller reviewing for QA).</summary>
public sealed class OperationForbiddenException(string message) : ClaimsDomainException(message)
{
    public override string Code => "forbidden";
}
