namespace Claims.Domain;

/// <summary>One edge of the claim workflow: from a state, a trigger leads to a state, fired by one role.</summary>
public sealed record WorkflowTransition(ClaimState From, ClaimTrigger Trigger, ClaimState To, ClaimRole Role, bool NeedsReason = false);
