namespace Claims.Operations.Sla;

/// <summary>
/// One client's SLA standing on one day (UTC), recorded by the sla-clocks job: the same counts as the SLA board's
/// client summary at the moment it was taken (running clocks by status; clocks stopped in the last
/// <see cref="SlaBoard.WindowDays"/> days, met or late). The board shows the board's "now"; these rows are its
/// history, so a manager sees whether a client's attainment is sliding. Counts only, no claim, no patient.
/// </summary>
public sealed class SlaSnapshot
{
    private SlaSnapshot() { } // EF Core

    internal SlaSnapshot(Guid clinicId, DateOnly day, DateTimeOffset takenAt, SlaClientSummary summary)
    {
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        Day = day;
        TakenAt = takenAt;
        OnTime = summary.OnTime;
        AtRisk = summary.AtRisk;
        Breached = summary.Breached;
        StoppedMet = summary.StoppedMet;
        StoppedLate = summary.StoppedLate;
    }

    public Guid Id { get; private set; }

    public Guid ClinicId { get; private set; }

    /// <summary>The UTC day it stands for; one snapshot per client and day.</summary>
    public DateOnly Day { get; private set; }

    public DateTimeOffset TakenAt { get; private set; }

    public int OnTime { get; private set; }

    public int AtRisk { get; private set; }

    public int Breached { get; private set; }

    public int StoppedMet { get; private set; }

    public int StoppedLate { get; private set; }

    /// <summary>Met over stopped in the window; null when none stopped.</summary>
    public double? Attainment => StoppedMet + StoppedLate == 0 ? null : (double)StoppedMet / (StoppedMet + StoppedLate);
}
