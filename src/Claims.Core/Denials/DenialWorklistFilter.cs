namespace Claims.Denials;

/// <summary>What the denial worklist is narrowed to; <see cref="After"/> is the previous page's cursor (null: the first page).</summary>
public sealed record DenialWorklistFilter
{
    public Guid? ClinicId { get; init; }

    public Guid? PayerId { get; init; }

    public DenialCategory? Category { get; init; }

    /// <summary>Claims with this CARC among their refused codes.</summary>
    public string? Carc { get; init; }

    /// <summary>The coder (actor id) who completed the claim's coding.</summary>
    public string? Coder { get; init; }

    /// <summary>Only claims whose next deadline falls within this many days (missed ones included).</summary>
    public int? DueWithinDays { get; init; }

    /// <summary>Only claims with at least this much at stake (cents).</summary>
    public long? MinAmountCents { get; init; }

    /// <summary>Only claims held by this biller (actor id).</summary>
    public string? HeldBy { get; init; }

    public DenialWorklistOrder Order { get; init; }

    public string? After { get; init; }
}
