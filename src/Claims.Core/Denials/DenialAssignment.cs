namespace Claims.Denials;

/// <summary>
/// A biller's lease on a denied claim while working it, like the coders' lease on a claim being coded: until it lapses
/// nobody else takes the claim from the worklist. Kept apart from the claim's own (coder) lease, which coding uses.
/// Saved with a version check, so two billers racing for one claim cannot both win.
/// </summary>
public sealed class DenialAssignment
{
    private DenialAssignment() { } // EF Core

    internal DenialAssignment(Guid claimId) => ClaimId = claimId;

    public Guid ClaimId { get; private set; }

    public string? AssignedTo { get; private set; }

    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>Whether someone other than <paramref name="actorId"/> holds a live lease.</summary>
    public bool IsHeldByOther(string actorId, DateTimeOffset now) => AssignedTo is not null && AssignedTo != actorId && LeaseExpiresAt > now;

    internal void Lease(string actorId, DateTimeOffset until)
    {
        AssignedTo = actorId;
        LeaseExpiresAt = until;
        Version++;
    }

    internal void Release()
    {
        AssignedTo = null;
        LeaseExpiresAt = null;
        Version++;
    }
}
