namespace Claims.Domain;

/// <summary>The caller acted on a version of the claim that someone else has since changed; nothing was changed.</summary>
public sealed class StaleClaimException(Guid claimId, int expected, int actual)
    : ClaimsDomainException($"Someone else changed this claim while you were looking at it (version {expected}, now {actual}); nothing was changed. Here it is as it is now: claim {claimId}.")
{
    public override string Code => "stale";
}
