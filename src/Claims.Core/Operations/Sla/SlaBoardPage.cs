namespace Claims.Operations.Sla;

/// <summary>The SLA board: the claims needing attention, each client's standing, and why the list is empty when the caller sees no clinic.</summary>
public sealed record SlaBoardPage(IReadOnlyList<SlaBoardRow> Rows, IReadOnlyList<SlaClientSummary> Clients, string? Why);
