using Claims.Operations.Kpis;

namespace Claims.Operations.Reports;

/// <summary>
/// Where the monthly report reads SLA attainment from: <see cref="SlaClockAttainmentSource"/> (the SLA clocks under
/// the client's contract), for the web and the CLI alike. Null means no clock was decided in the month, and the
/// report says so.
/// </summary>
public interface ISlaAttainmentSource
{
    /// <summary>Each service level's attainment for a clinic's month, or null when there are no SLA data.</summary>
    Task<IReadOnlyList<SlaAttainmentLine>?> ForMonthAsync(Guid clinicId, ReportMonth month, CancellationToken cancellationToken = default);
}
