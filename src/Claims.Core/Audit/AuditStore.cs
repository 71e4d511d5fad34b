using Claims.Persistence;

namespace Claims.Audit;

/// <summary>
/// Inserts audit rows on the context's own connection and transaction (<see cref="RowInserts"/>). Audit rows are never
/// read back into the change tracker or updated, so tracking them would only cost time: bulk intake appends tens of
/// thousands per second this way.
/// </summary>
internal static class AuditStore
{
    // Entries carry their own (hashed) time and checkpoints their own (signed) one: nothing is stamped here.
    public static Task InsertAsync<T>(ClaimsDbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class =>
        RowInserts.InsertAsync(db, rows, default, ct);

    /// <summary>A commit's entries and its checkpoint, in one round trip where the provider batches.</summary>
    public static Task InsertAsync(ClaimsDbContext db, IReadOnlyList<AuditEntry> entries, AuditCheckpoint checkpoint, CancellationToken ct) =>
        RowInserts.InsertTogetherAsync(db, entries, [checkpoint], default, ct);
}
