namespace Claims.Denials;

/// <summary>Another biller holds a live lease on the denied claim.</summary>
public sealed class DenialLeasedException(Guid claimId)
    : ClaimsDomainException($"Claim {claimId} is being worked by another biller; take the next one.")
{
    public override string Code => "leased";
}
