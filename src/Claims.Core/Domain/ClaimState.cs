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
