using Claims.Domain;

namespace Claims.Coding;

/// <summary>What the coders' queue is narrowed to; <see cref="After"/> is the cursor of the previous page (null: the first).</summary>
public sealed record WorkQueueFilter(Guid? ClinicId = null, Guid? PayerId = null, ClaimState? State = null, DateOnly? From = null, DateOnly? To = null, string? After = null)
{
    public WorkQueueHolder Holder { get; init; }

    /// <summary>The coder asking, for <see cref="WorkQueueHolder.Mine"/>.</summary>
    public string? Me { get; init; }

    /// <summary>Only claims served at least this many days ago.</summary>
    public int? MinAgeDays { get; init; }

    /// <summary>Only claims whose payer's timely-filing limit ends within this many days (overdue included; self-pay has none).</summary>
    public int? DueWithinDays { get; init; }

    public WorkQueueOrder Order { get; init; }

    /// <summary>Only claims of these clinics (the ones the person serves); null: every clinic.</summary>
    public IReadOnlyCollection<Guid>? Clinics { get; init; }

    /// <summary>The moment leases, ages and due dates are judged at (default: now).</summary>
    public DateTimeOffset? AsOf { get; init; }
}
