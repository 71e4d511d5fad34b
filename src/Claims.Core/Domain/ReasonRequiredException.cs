namespace Claims.Domain;

/// <summary>The trigger needs a reason (a query's message, an appeal's grounds, a write-off's reason).</summary>
public sealed class ReasonRequiredException(ClaimState state, ClaimTrigger trigger)
    : ClaimsDomainException($"Trigger {trigger} from state {state} needs a reason.")
{
    public override string Code => "reason-required";
}
