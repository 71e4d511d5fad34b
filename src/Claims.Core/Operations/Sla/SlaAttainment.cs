using Claims.Operations.Contracts;
using Claims.Operations.Kpis;
using Claims.Operations.Reports;

namespace Claims.Operations.Sla;

/// <summary>
/// A month's SLA attainment from the claims' clocks: each clock counts once, in the month it was decided. A clock that
/// stopped in time was met when it stopped; a late one was missed when it fell due, whether it has stopped since or
/// still runs. So a claim stuck past its due date counts against the month it went late, and not again when it is
/// finally worked, and a closed month's figures do not move (the clocks are computed as of the month's end).
/// </summary>
public static class SlaAttainment
{
    /// <summary>The moment a clock was decided (met: its stop; missed: its due time), or null while it is undecided.</summary>
    public static DateTimeOffset? DecidedAt(SlaClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (clock.Status == SlaStatus.Breached) return clock.DueAt;
        return clock.StoppedAt;
    }

    /// <summary>
    /// One line per service level of <paramref name="contract"/>: the clocks decided in <paramref name="month"/>, and
    /// how many of them were met. The clocks must be computed as of the month's end (<see cref="ReportMonth.AsOf"/>).
    /// </summary>
    public static IReadOnlyList<SlaAttainmentLine> Lines(IEnumerable<SlaClock> clocks, ReportMonth month, ClientContract contract)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        ArgumentNullException.ThrowIfNull(contract);
        var met = new int[4];
        var measured = new int[4];
        foreach (var clock in clocks)
        {
            if (DecidedAt(clock) is not { } at || at < month.Start || at >= month.End) continue;
            measured[(int)clock.Kind]++;
            if (clock.Status != SlaStatus.Breached) met[(int)clock.Kind]++;
        }
        return
        [
            new("Coding turnaround", $"{contract.CodingTurnaroundHours} business hours from receipt", met[0], measured[0]),
            new("Submission", $"{contract.SubmissionDays} days from the date of service", met[1], measured[1]),
            new("Rejections fixed", $"{contract.RejectionFixHours} business hours from the rejection", met[2], measured[2]),
            new("Denials worked", $"{contract.DenialWorkDays} days from the denial", met[3], measured[3]),
        ];
    }
}
