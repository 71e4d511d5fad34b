namespace Claims.Domain;

/// <summary>The trigger is not permitted in the claim's current state. Nothing was changed.</summary>
public sealed class InvalidTransitionException(Guid claimId, ClaimState state, ClaimTrigger trigger)
    : ClaimsDomainException($"Claim {claimId} is {state}: trigger {trigger} is not permitted in state {state}.")
{
    public Guid ClaimId { get; } = claimId;

    public ClaimState State { get; } = state;

    public ClaimTrigger Trigger { get; } = trigger;

    public override string Code => "invalid-transition";
}
