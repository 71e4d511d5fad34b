
namespace Claims.Intake;

/// <summary>What happened to a bundle.</summary>
public enum BundleIntakeStatus
{
    /// <summary>Stored: its claims were created or updated (or it had no billable encounter).</summary>
    Ingested,

    /// <summary>Seen before (same Bundle.identifier or same bytes): nothing was created.</summary>
    Duplicate,

    /// <summary>Refused whole: at least one error issue; nothing was stored.</summary>
    Rejected,

    /// <summary>Our fault (a bug, an outage, an unreadable upload): nothing was stored; <see cref="BundleIntakeResult.Fault"/> says what to look for.</summary>
    Failed,
}
