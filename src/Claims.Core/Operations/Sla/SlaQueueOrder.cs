using Claims.Coding;
using Claims.Persistence;

namespace Claims.Operations.Sla;

/// <summary>
/// The coders' queue in coding-SLA order: the same filters as <see cref="WorkQueue"/>, the claims whose coding clock
/// is due first on top (breached ones first of all). The due time comes from each claim's history, which no index
/// can order by, so this reads up to <see cref="MaxClaims"/> matching claims and returns the most urgent page; there is
/// no next page (the urgent ones are what this order is for).
/// </summary>
public static class SlaQueueOrder
{
    /// <summary>The most claims ranked per request; beyond it the first <see cref="MaxClaims"/> by service date are ranked.</summary>
    public const int MaxClaims = 5000;

    public static async Task<(WorkQueuePage Page, IReadOnlyDictionary<Guid, SlaClock> Clocks)> QueryAsync(ClaimsDbContext db, WorkQueueFilter filter, DateTimeOffset now, int pageSize = WorkQueue.PageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var byDate = filter with { Order = WorkQueueOrder.OldestFirst, After = null, AsOf = now };
        var rows = new List<WorkQueueRow>();
        var total = 0;
        do
        {
            var page = await WorkQueue.QueryAsync(db, byDate, 500, cancellationToken);
            total = page.Total;
            rows.AddRange(page.Rows);
            byDate = byDate with { After = page.NextCursor };
        }
        while (byDate.After is not null && rows.Count < MaxClaims);
        var clocks = await SlaBoard.CurrentAsync(db, [.. rows.Select(r => r.Id)], now, cancellationToken);
        var ranked = rows
            .OrderBy(r => clocks.TryGetValue(r.Id, out var c) ? c.DueAt : DateTimeOffset.MaxValue)
            .ThenBy(r => r.ServiceFrom).ThenBy(r => r.Id)
            .Take(pageSize).ToList();
        return (new WorkQueuePage(ranked, total, null), clocks);
    }
}
