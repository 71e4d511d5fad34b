using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Jobs;

/// <summary>
/// The background jobs' history for administrators and managers (<c>claims jobs list</c>, the Jobs page): the latest
/// runs, newest slot first. Runs hold names, times, counts and codes only, so reading them touches no PHI and writes no
/// audit entry. <see cref="TrimAsync"/> is the job-history-trim job's use case.
/// </summary>
public static class JobHistory
{
    /// <summary>How long finished runs are kept by default (<c>Jobs:KeepDays</c>).</summary>
    public const int DefaultKeepDays = 90;

    public static async Task<IReadOnlyList<JobRun>> ListAsync(ClaimsDbContext db, string? job = null, int take = 50, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.JobRuns.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(job)) query = query.Where(r => r.Job == job);
        return await query.OrderByDescending(r => r.DueAt).ThenBy(r => r.Job).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
    }

    /// <summary>The names of the jobs that have runs, in order.</summary>
    public static async Task<IReadOnlyList<string>> JobsAsync(ClaimsDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.JobRuns.AsNoTracking().Select(r => r.Job).Distinct().OrderBy(j => j).ToListAsync(ct);
    }

    /// <summary>
    /// Deletes the finished runs (succeeded or failed) whose slot is more than <paramref name="keepDays"/> days old,
    /// except each job's newest run, so the history never goes blank for a job that runs rarely. Job runs are
    /// operational records (when a fetch ran, on which instance), not the audit trail: what the jobs did to claims,
    /// files and reports is in the audit trail, which is never trimmed. One audit entry says how many went.
    /// </summary>
    public static async Task<int> TrimAsync(ClaimsDbContext db, int keepDays, Caller caller, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        if (keepDays < 1) throw new DomainValidationException("Job runs are kept at least one day (Jobs:KeepDays).");
        var cutoff = now.AddDays(-keepDays);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deleted = await db.JobRuns
            .Where(r => (r.Status == JobRunStatus.Succeeded || r.Status == JobRunStatus.Failed) && r.DueAt < cutoff
                && r.DueAt < db.JobRuns.Where(n => n.Job == r.Job).Max(n => n.DueAt))
            .ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            db.Audit(AuditRecords.For(caller, AuditAction.Delete, "JobRun", null, null, $"job history trimmed: {deleted} finished runs older than {keepDays} days", AuditRecords.Operations));
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return deleted;
    }
}
