using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Jobs;

/// <summary>
/// The job engine's bookkeeping in the database, so that any number of instances run each scheduled job once
/// (compliance/adr/0008): every instance creates the current slot's run of each job unless one exists (a unique index
/// keeps it to one row), and claims due runs one at a time. On PostgreSQL a claim locks the run's row with
/// <c>FOR UPDATE SKIP LOCKED</c>, so instances polling together each get a different run or none; on SQLite (one
/// process) the run's version check decides. A run whose instance died is taken over once its lease has passed.
/// </summary>
public static class BackgroundJobs
{
    /// <summary>Creates the run of the current slot of each schedule unless it exists; the number created here.</summary>
    public static async Task<int> ScheduleAsync(ClaimsDbContext db, IReadOnlyCollection<JobSchedule> schedules, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(schedules);
        var created = 0;
        foreach (var schedule in schedules)
        {
            var slot = schedule.SlotAt(now);
            if (await db.JobRuns.AnyAsync(r => r.Job == schedule.Name && r.DueAt == slot, ct)) continue;
            // Another instance may create the same slot's run between our look and our insert: the unique index keeps
            // one, and ON CONFLICT DO NOTHING makes the loser's insert a quiet no-op rather than a logged failure.
            created += await RowInserts.InsertAsync(db, [new JobRun(schedule.Name, slot)], now, ignoreConflicts: true, ct);
        }
        return created;
    }

    /// <summary>Claims the next due run of one of the schedules for this instance; null when none is due.</summary>
    public static async Task<JobRun?> ClaimNextAsync(ClaimsDbContext db, IReadOnlyCollection<JobSchedule> schedules, string instance, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(schedules);
        var byName = schedules.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var names = byName.Keys.ToArray();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var run = await NextDueAsync(db, names, now, ct);
            if (run is null) return null;
            run.Start(instance, now, byName[run.Job].Lease);
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return run;
            }
            catch (ConcurrencyConflictException)
            {
                // Another instance claimed it first: look again.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return null;
    }

    /// <summary>
    /// Records an attempt's end: succeeded, or failed and due again after the schedule's back-off until its attempts
    /// are spent. False when this instance no longer holds the run (its lease passed and another took it over).
    /// </summary>
    public static async Task<bool> FinishAsync(ClaimsDbContext db, JobSchedule schedule, Guid runId, string instance, DateTimeOffset now, bool succeeded, string outcome, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(outcome);
        try
        {
            var run = await db.JobRuns.FirstOrDefaultAsync(r => r.Id == runId, ct);
            if (run is null || run.Status != JobRunStatus.Running || run.Instance != instance) return false;
            if (succeeded) run.Succeed(now, outcome);
            else run.Fail(now, outcome, run.Attempts < schedule.MaxAttempts ? schedule.RetryAfter * Math.Pow(2, run.Attempts - 1) : null);
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static async Task<JobRun?> NextDueAsync(ClaimsDbContext db, string[] names, DateTimeOffset now, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return await db.JobRuns
                .Where(r => names.Contains(r.Job) && ((r.Status == JobRunStatus.Pending && r.NotBefore <= now) || (r.Status == JobRunStatus.Running && r.LeaseUntil < now)))
                .OrderBy(r => r.NotBefore).FirstOrDefaultAsync(ct);
        }
        // A run another instance is claiming right now is skipped, not waited for.
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM job_runs
            WHERE "Job" = ANY({names}) AND (("Status" = 'Pending' AND "NotBefore" <= {now}) OR ("Status" = 'Running' AND "LeaseUntil" < {now}))
            ORDER BY "NotBefore" LIMIT 1 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        return ids.Count == 0 ? null : await db.JobRuns.FirstAsync(r => r.Id == ids[0], ct);
    }
}
