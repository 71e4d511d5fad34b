namespace Claims.Domain;

/// <summary>Where a claim is in its life. Stored as its name; only the workflow changes it.</summary>
public enum ClaimState
{
    Received,
    Coding,
    OnHold,
    Verification,
    ReadyToSubmit,
    Submitted,
    Rejected,
    Accepted,
    Paid,
    PartiallyPaid,
    Denied,
    Appealed,
    Closed,
    Voided,
}

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

    /// <summary>An 835 reversal (CLP02 = 22) takes back the payer's decision: the claim is adjudicable again.</summary>
    Reverse,
}

/// <summary>Who acts on a claim. Scrubber and Payer are system actors (the edit engine; 999/277CA/835 files).</summary>
public enum ClaimRole
{
    Coder,
    Clinic,
    Biller,
    Auditor,
    Admin,
    Scrubber,
    Payer,
}

/// <summary>An acting user, clinic key or system component: an id (never a name that is PHI) and a role.</summary>
public sealed record Actor(string Id, ClaimRole Role)
{
    public static Actor System(ClaimRole role) => new($"system:{role.ToString().ToLowerInvariant()}", role);

    public override string ToString() => $"{Id} ({Role})";
}

/// <summary>The X12 claim frequency type code (CLM05-3).</summary>
public enum ClaimFrequency
{
    /// <summary>1: an original claim.</summary>
    Original = 1,

    /// <summary>7: a replacement of a prior claim (needs the payer claim number, REF*F8).</summary>
    Replacement = 7,

    /// <summary>8: a void/cancel of a prior claim.</summary>
    Void = 8,
}
