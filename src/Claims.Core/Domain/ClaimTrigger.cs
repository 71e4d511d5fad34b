namespace Claims.Domain;

/// <summary>What can happen to a claim. Each trigger is fired by one role (see <see cref="ClaimWorkflow"/>).</summary>
public enum ClaimTrigger
{
    StartCoding,
    Release,
    QueryProvider,
    ProviderAnswered,
    CompleteCoding,
    VerificationPassed,
    VerificationFailed,
    Submit,
    Reject,
    Accept,
    Pay,
    PayPartially,
    Deny,
    Correct,
    Appeal,
    Close,
    Void,
}
