namespace Claims.Operations.Kpis;

/// <summary>The KPIs of one month for one clinic (or all, when <see cref="ClinicId"/> is null), with AR aging by payer.</summary>
public sealed record KpiReport(ReportMonth Month, Guid? ClinicId, string Scope, DateTimeOffset AsOf, IReadOnlyList<KpiValue> Kpis, IReadOnlyList<ArAgingRow> Aging)
{
    /// <summary>The KPI with this key (see <see cref="KpiKeys"/>).</summary>
    public KpiValue this[string key] => Kpis.FirstOrDefault(k => k.Key == key) ?? throw new KeyNotFoundException($"No KPI '{key}'.");
}
