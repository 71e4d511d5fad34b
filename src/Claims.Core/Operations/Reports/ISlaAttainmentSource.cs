using Claims.Operations.Kpis;

namespace Claims.Operations.Reports;

/// <summary>
/// Where the monthly report reads SLA attainment from. Client contracts and SLA clocks live in Operations/Sla (another
/// part of the operations work); until they are connected, <see cref="NoSlaAttainmentSource"/> answers null and the
/// report says SLA attainment is not available.
/// </summary>
public interface ISlaAttainmentSource
{
    /// <summary>Each service level's attainment for a clinic's month, or null when there are no SLA data.</summary>
    Task<IReadOnlyList<SlaAttainmentLine>?> ForMonthAsync(Guid clinicId, ReportMonth month, CancellationToken cancellationToken = default);
}
