namespace Claims.Domain;

/// <summary>The trigger is permitted in this state, but not for the acting role. Nothing was changed.</summary>
public sealed class TriggerForbiddenException(Guid claimId, ClaimState state, ClaimTrigger trigger, ClaimRole role)
    : ClaimsDomainException($"Claim {claimId} is {state}: role {role} may not fire {trigger} (only {string.Join(", ", ClaimWorkflow.RolesFor(trigger))}).")
{
    public ClaimState State { get; } = state;

    public ClaimTrigger Trigger { get; } = trigger;

    public ClaimRole Role { get; } = role;

    public override string Code => "forbidden-trigger";
}
