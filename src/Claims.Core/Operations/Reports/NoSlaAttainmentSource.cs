using Claims.Operations.Kpis;

namespace Claims.Operations.Reports;

/// <summary>The placeholder SLA source: no SLA data yet. Replace with the SLA clocks' reader (Operations/Sla).</summary>
public sealed class NoSlaAttainmentSource : ISlaAttainmentSource
{
    public static NoSlaAttainmentSource Instance { get; } = new();

    public Task<IReadOnlyList<SlaAttainmentLine>?> ForMonthAsync(Guid clinicId, ReportMonth month, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SlaAttainmentLine>?>(null);
}
