namespace Claims.Operations.Kpis;

/// <summary>Which claims of a KPI a drill-down lists: those counted in its numerator or in its denominator.</summary>
public enum KpiSide
{
    Numerator,
    Denominator,
}
