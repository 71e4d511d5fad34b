using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Submission;

/// <summary>
/// Issues control numbers from <see cref="X12Counter"/> rows inside the caller's transaction: one statement
/// increments and returns, so the row stays locked (PostgreSQL) or the database stays written (SQLite) until the
/// batch commits or rolls back, and no two committed batches share a number.
/// </summary>
internal static class X12ControlNumberIssuer
{
    /// <summary>ISA13, GS06 and ST02 all fit in nine digits; past that the sequence would have to wrap, which we refuse.</summary>
    public const long Max = 999_999_999;

    /// <summary>Takes <paramref name="count"/> numbers and returns the first.</summary>
    public static async Task<long> NextAsync(ClaimsDbContext db, string counter, int count, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Control numbers are issued inside the batch's transaction.");
        var last = (await db.Database
            .SqlQuery<long>($"UPDATE x12_counters SET \"Value\" = \"Value\" + {count} WHERE \"Name\" = {counter} RETURNING \"Value\"")
            .ToListAsync(ct)).Single();
        if (last > Max) throw new InvalidOperationException($"The {counter} sequence is exhausted.");
        return last - count + 1;
    }
}
