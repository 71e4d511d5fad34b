namespace Claims.Operations.Kpis;

/// <summary>What a KPI's value measures.</summary>
public enum KpiUnit
{
    /// <summary>Numerator / denominator × 100.</summary>
    Percent,

    /// <summary>A number of days (numerator / denominator).</summary>
    Days,
}
