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

/// <summary>The trigger is permitted in this state, but not for the acting role. Nothing was changed.</summary>
public sealed class TriggerForbiddenException(Guid claimId, ClaimState state, ClaimTrigger trigger, ClaimRole role)
    : ClaimsDomainException($"Claim {claimId} is {state}: role {role} may not fire {trigger} (only {string.Join(", ", ClaimWorkflow.RolesFor(trigger))}).")
{
    public ClaimState State { get; } = state;

    public ClaimTrigger Trigger { get; } = trigger;

    public ClaimRole Role { get; } = role;

    public override string Code => "forbidden-trigger";
}

/// <summary>The trigger needs a reason (a query's message, an appeal's grounds, a write-off's reason).</summary>
public sealed class ReasonRequiredException(ClaimState state, ClaimTrigger trigger)
    : ClaimsDomainException($"Trigger {trigger} from state {state} needs a reason.")
{
    public override string Code => "reason-required";
}

/// <summary>The claim's codes and lines may only change while it is being coded.</summary>
public sealed class ClaimNotEditableException(Guid claimId, ClaimState state, string? why = null)
    : ClaimsDomainException(why ?? $"Claim {claimId} is {state}: its codes and lines can only change in Received or Coding.")
{
    public override string Code => "not-editable";
}

/// <summary>Another coder holds a live lease on the claim.</summary>
public sealed class ClaimLeasedException(Guid claimId)
    : ClaimsDomainException($"Claim {claimId} is being coded by someone else; take the next one.")
{
    public override string Code => "leased";
}
