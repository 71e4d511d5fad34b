namespace Claims.Coding;

/// <summary>
/// Oldest date of service first (the default: nearest the filing limit), newest first, or the coding SLA's due time
/// first (<see cref="SlaDue"/>: the most urgent page only, computed from the claims' histories by
/// <c>Claims.Operations.Sla.SlaQueueOrder</c>).
/// </summary>
public enum WorkQueueOrder
{
    OldestFirst,
    NewestFirst,
    SlaDue,
}
