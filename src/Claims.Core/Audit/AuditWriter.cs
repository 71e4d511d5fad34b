using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Claims.Audit;

/// <summary>
/// Appends the context's pending audit records to the chain inside the caller's transaction: it takes the
/// chain's write lock, reads the head, links and hashes the new entries, and signs a checkpoint of the new head
/// (so a removed tail is detected, not only a changed middle). The change being audited and its entries commit
/// together or not at all; after the commit the checkpoint is also appended to the witness outside the database, so
/// a tail removed together with its checkpoints is detected too.
/// </summary>
internal static class AuditWriter
{
    // An arbitrary, fixed advisory-lock key: "audit" in ASCII.
    private const long PostgresLockKey = 0x6175646974;

    public static void EnsureAppendOnly(ClaimsDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is AuditEntry or AuditCheckpoint)
            {
                throw new AuditAppendOnlyException("The audit trail is append-only: entries and checkpoints are never updated or deleted.");
            }
            if (entry.Entity is IAppendOnly)
            {
                throw new AuditAppendOnlyException($"{entry.Metadata.ClrType.Name} rows are append-only (the ledger and what was posted to it): a correction is a new row, never an update or a delete.");
            }
        }
    }

    /// <summary>
    /// The audit records that follow from the tracked changes themselves, so no caller can forget them: a new claim
    /// is a create, a new claim event is a transition (its free-text reason stays out: it may hold PHI).
    /// </summary>
    public static async Task<List<AuditRecord>> DeriveAsync(ClaimsDbContext db, CancellationToken ct)
    {
        var created = db.ChangeTracker.Entries<Domain.Claim>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var events = db.ChangeTracker.Entries<Domain.ClaimEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (created.Count == 0 && events.Count == 0) return [];

        var claimsById = db.ChangeTracker.Entries<Domain.Claim>().ToDictionary(e => e.Entity.Id, e => e.Entity);
        var patientIds = claimsById.Values.Select(c => c.PatientId).ToHashSet();
        var pseudonyms = db.ChangeTracker.Entries<Domain.Patient>().Where(p => patientIds.Contains(p.Entity.Id)).ToDictionary(p => p.Entity.Id, p => p.Entity.Pseudonym);
        var missing = patientIds.Where(id => !pseudonyms.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var p in await db.Patients.AsNoTracking().Where(p => missing.Contains(p.Id)).Select(p => new { p.Id, p.Pseudonym }).ToListAsync(ct)) pseudonyms[p.Id] = p.Pseudonym;
        }
        string? Pseudonym(Guid claimId) => claimsById.TryGetValue(claimId, out var c) ? pseudonyms.GetValueOrDefault(c.PatientId) : null;

        var records = new List<AuditRecord>(created.Count + events.Count);
        foreach (var c in created)
        {
            records.Add(new AuditRecord("system:intake", "System", AuditAction.Create, "Claim", c.Id.ToString(), Pseudonym(c.Id), PurposeOfUse: "HPAYMT", Details: $"controlNumber={c.ControlNumber.Value}"));
        }
        foreach (var e in events)
        {
            records.Add(new AuditRecord(e.ActorId, e.ActorRole.ToString(), AuditAction.Transition, "Claim", e.ClaimId.ToString(), Pseudonym(e.ClaimId), PurposeOfUse: "HPAYMT",
                Details: $"trigger={e.Trigger} from={e.From} to={e.To}"));
        }
        return records;
    }

    /// <summary>Links the records onto the chain's head and writes them, with a checkpoint, in the open transaction.</summary>
    public static async Task AppendAsync(ClaimsDbContext db, IReadOnlyList<AuditRecord> records, IKeyRing? keyRing, DateTimeOffset now, CancellationToken ct)
    {
        var (sequence, previous) = await LockHeadAsync(db, ct);
        var time = AuditCanonical.Normalize(now);
        var entries = new List<AuditEntry>(records.Count);
        foreach (var r in records)
        {
            sequence++;
            var hashed = Link(r, sequence, previous, time);
            entries.Add(hashed);
            previous = hashed.Hash;
        }
        if (keyRing is not null && records.Count > 0)
        {
            var checkpoint = Checkpoint(keyRing, sequence, previous, time, "commit");
            await AuditStore.InsertAsync(db, entries, checkpoint, ct);
            // Witnessed outside the database once the transaction commits, never before (AuditWitness).
            AuditWitnessInterceptor.Enlist(db, checkpoint);
        }
        else
        {
            await AuditStore.InsertAsync(db, entries, ct);
        }
    }

    /// <summary>
    /// Takes the chain's write lock and reads its head (sequence and hash; 0 and the genesis hash when empty). On
    /// PostgreSQL the lock and the read travel as two statements of one command: one round trip less while every other
    /// writer waits, and the read still runs after the lock, on a snapshot of its own (READ COMMITTED takes one per
    /// statement), so it sees the head the previous holder committed. On SQLite the transaction began with BEGIN
    /// IMMEDIATE, so it already holds the database's write lock.
    /// </summary>
    private static async Task<(long Sequence, string Hash)> LockHeadAsync(ClaimsDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql() || db.Database.CurrentTransaction is null)
        {
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
            var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            return (head?.Sequence ?? 0, head?.Hash ?? AuditCanonical.GenesisHash);
        }
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction.GetDbTransaction();
        command.CommandText = $"SELECT pg_advisory_xact_lock({PostgresLockKey}); SELECT \"Sequence\", \"Hash\" FROM audit_entries ORDER BY \"Sequence\" DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditCanonical.GenesisHash);
    }

    public static AuditCheckpoint Checkpoint(IKeyRing keyRing, long sequence, string headHash, DateTimeOffset time, string reason)
    {
        var created = AuditCanonical.Normalize(time);
        return new AuditCheckpoint
        {
            Sequence = sequence,
            HeadHash = headHash,
            CreatedAt = created,
            KeyId = keyRing.AuditSigningKeyId,
            Signature = Convert.ToBase64String(keyRing.SignAudit(AuditCanonical.CheckpointMessage(sequence, headHash, created))),
            Reason = reason,
        };
    }

    /// <summary>The next link of the chain: the record at a sequence, after a previous hash, at a time, with its own hash.</summary>
    public static AuditEntry Link(AuditRecord r, long sequence, string previousHash, DateTimeOffset time)
    {
        var entry = new AuditEntry
        {
            Sequence = sequence,
            Time = AuditCanonical.Normalize(time),
            ActorId = r.ActorId,
            ActorRole = r.ActorRole,
            Action = r.Action,
            EntityType = r.EntityType,
            EntityId = r.EntityId,
            PatientPseudonym = r.PatientPseudonym,
            Outcome = r.Outcome,
            SourceAddress = r.SourceAddress,
            PurposeOfUse = r.PurposeOfUse,
            CorrelationId = r.CorrelationId,
            Details = r.Details,
            PreviousHash = previousHash,
        };
        return WithHash(entry);
    }

    private static AuditEntry WithHash(AuditEntry e) => new()
    {
        Sequence = e.Sequence,
        Time = e.Time,
        ActorId = e.ActorId,
        ActorRole = e.ActorRole,
        Action = e.Action,
        EntityType = e.EntityType,
        EntityId = e.EntityId,
        PatientPseudonym = e.PatientPseudonym,
        Outcome = e.Outcome,
        SourceAddress = e.SourceAddress,
        PurposeOfUse = e.PurposeOfUse,
        CorrelationId = e.CorrelationId,
        Details = e.Details,
        PreviousHash = e.PreviousHash,
        Hash = AuditCanonical.ComputeHash(e),
    };
}
