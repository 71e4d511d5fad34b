namespace Claims.Denials;

/// <summary>
/// A biller's write-off above the approval limit, waiting for an admin: the claim, the amount (its payer balance when
/// asked), the group and CARC it is booked under, and the reason (PHI-free by rule, as every transition reason is).
/// Approving writes the ledger rows and closes the claim then; refusing leaves the claim as it was.
/// </summary>
public sealed class WriteOffRequest
{
    private WriteOffRequest() { } // EF Core

    internal WriteOffRequest(Guid claimId, long amountCents, string group, string carc, string reason, string requestedBy, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        ClaimId = claimId;
        AmountCents = amountCents;
        Group = group;
        Carc = carc;
        Reason = reason;
        RequestedBy = requestedBy;
        RequestedAt = at;
        Status = WriteOffStatus.Pending;
    }

    public Guid Id { get; private set; }

    public Guid ClaimId { get; private set; }

    public long AmountCents { get; private set; }

    public string Group { get; private set; } = "";

    public string Carc { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public string RequestedBy { get; private set; } = "";

    public DateTimeOffset RequestedAt { get; private set; }

    public WriteOffStatus Status { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public int Version { get; private set; }

    internal void Decide(bool approved, string by, DateTimeOffset at)
    {
        Status = approved ? WriteOffStatus.Approved : WriteOffStatus.Refused;
        DecidedBy = by;
        DecidedAt = at;
        Version++;
    }
}
