namespace Claims.Domain;

/// <summary>Another coder holds a live lease on the claim.</summary>
public sealed class ClaimLeasedException(Guid claimId)
    : ClaimsDomainException($"Claim {claimId} is being coded by someone else; take the next one.")
{
    public override string Code => "leased";
}
