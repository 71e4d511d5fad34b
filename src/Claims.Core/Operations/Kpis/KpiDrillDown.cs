namespace Claims.Operations.Kpis;

/// <summary>The claims behind one figure: the KPI (or the AR aging cell of a payer and bucket), the side, and the rows.</summary>
public sealed record KpiDrillDown(string Title, string Formula, ReportMonth Month, Guid? ClinicId, IReadOnlyList<KpiClaimRow> Claims);
