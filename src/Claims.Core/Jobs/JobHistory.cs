using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Jobs;

/// <summary>
/// The background jobs' history for administrators (<c>claims jobs list</c>): the latest runs, newest slot first. Runs
/// hold names, times, counts and codes only, so reading them touches no PHI and writes no audit entry.
/// </summary>
public static class JobHistory
{
    public static async Task<IReadOnlyList<JobRun>> ListAsync(ClaimsDbContext db, string? job = null, int take = 50, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.JobRuns.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(job)) query = query.Where(r => r.Job == job);
        return await query.OrderByDescending(r => r.DueAt).ThenBy(r => r.Job).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
    }
}
