namespace Claims.Operations.Sla;

/// <summary>
/// Where a clock stands: on time (a stopped clock: met), at risk (running with less than a quarter of its allowance
/// left), or breached (past due, or stopped late).
/// </summary>
public enum SlaStatus
{
    OnTime,
    AtRisk,
    Breached,
}
