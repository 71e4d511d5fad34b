namespace Claims.Denials;

/// <summary>Where a write-off request is: waiting for an admin, written off, or refused.</summary>
public enum WriteOffStatus
{
    Pending,
    Approved,
    Refused,
}
