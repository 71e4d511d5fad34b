using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Audit;

/// <summary>Walks the chain in the database from the first entry, recomputing every hash and checking every checkpoint.</summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(ClaimsDbContext db, IKeyRing keyRing, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keyRing);
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        return await VerifyAsync(
            db.AuditEntries.AsNoTracking().OrderBy(x => x.Sequence).AsAsyncEnumerable(),
            checkpoints,
            keyRing.AuditPublicKey,
            hash => db.AuditEntries.AsNoTracking().Where(x => x.Hash == hash).Select(x => (long?)x.Sequence).FirstOrDefaultAsync(ct),
            ct);
    }

    /// <summary>
    /// The verification itself, over any ordered stream of entries and the checkpoints (ordered by id); the database
    /// verifier and the property tests share it.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(
        IAsyncEnumerable<AuditEntry> entriesBySequence,
        IReadOnlyList<AuditCheckpoint> checkpointsById,
        Func<string, byte[]> publicKeyFor,
        Func<string, Task<long?>> sequenceOfHash,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entriesBySequence);
        ArgumentNullException.ThrowIfNull(checkpointsById);
        var bySequence = checkpointsById.GroupBy(c => c.Sequence).ToDictionary(g => g.Key, g => g.ToList());
        var publicKeys = new Dictionary<string, byte[]>();
        byte[] PublicKey(string id) => publicKeys.TryGetValue(id, out var k) ? k : publicKeys[id] = publicKeyFor(id);

        // A deleted checkpoint leaves a hole in the ids: they are assigned one by one and never reused.
        for (var i = 1; i < checkpointsById.Count; i++)
        {
            if (checkpointsById[i].Id != checkpointsById[i - 1].Id + 1)
                return Fail(0, AuditCanonical.GenesisHash, null, 0, new AuditProblem(checkpointsById[i - 1].Sequence, "missing", $"checkpoint {checkpointsById[i - 1].Id + 1} (after sequence {checkpointsById[i - 1].Sequence}) is missing"));
        }

        long expected = 1, count = 0;
        var previous = AuditCanonical.GenesisHash;
        AuditCheckpoint? last = null;
        var verified = 0;
        await foreach (var e in entriesBySequence.WithCancellation(ct))
        {
            if (e.Sequence != expected)
            {
                var what = e.Sequence > expected ? $"entries {expected}..{e.Sequence - 1} are missing" : $"entry {e.Sequence} appears out of order";
                return Fail(count, previous, last, verified, new AuditProblem(expected, e.Sequence > expected ? "missing" : "reordered", what));
            }
            if (AuditCanonical.ComputeHash(e) != e.Hash)
                return Fail(count, previous, last, verified, new AuditProblem(e.Sequence, "modified", $"entry {e.Sequence} does not match its hash: its content was changed"));
            if (e.PreviousHash != previous)
            {
                var elsewhere = await sequenceOfHash(e.PreviousHash);
                return Fail(count, previous, last, verified, elsewhere is { } other && other != e.Sequence - 1
                    ? new AuditProblem(e.Sequence, "reordered", $"entry {e.Sequence} follows entry {other} in the chain, not entry {e.Sequence - 1}")
                    : new AuditProblem(e.Sequence, "modified", $"entry {e.Sequence} does not link to entry {e.Sequence - 1}: the previous entry was changed or replaced"));
            }
            if (bySequence.TryGetValue(e.Sequence, out var marks))
            {
                foreach (var c in marks)
                {
                    var problem = CheckCheckpoint(c, e.Hash, PublicKey);
                    if (problem is not null) return Fail(count, previous, last, verified, problem);
                    last = c;
                    verified++;
                }
            }
            previous = e.Hash;
            count++;
            expected++;
        }

        var beyond = checkpointsById.Where(c => c.Sequence > count).OrderBy(c => c.Sequence).FirstOrDefault();
        if (beyond is not null)
            return Fail(count, previous, last, verified, new AuditProblem(count + 1, "truncated", $"the chain ends at entry {count}, but checkpoint {beyond.Id} vouches for {beyond.Sequence} entries: the tail was removed"));
        var newest = checkpointsById.Count == 0 ? 0 : checkpointsById.Max(c => c.Sequence);
        if (count > newest)
        {
            // Every commit signs its new head, so entries past the newest checkpoint were written around the application.
            return Fail(count, previous, last, verified, new AuditProblem(newest + 1, "inserted", $"entries {newest + 1}..{count} carry no signed checkpoint: they were added outside the application"));
        }
        return new AuditVerification(count, previous, last, verified, null);
    }

    private static AuditProblem? CheckCheckpoint(AuditCheckpoint c, string chainHash, Func<string, byte[]> publicKey)
    {
        if (c.HeadHash != chainHash)
            return new AuditProblem(c.Sequence, "modified", $"checkpoint {c.Id} vouches for a different head at entry {c.Sequence}");
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(c.Signature);
        }
        catch (FormatException)
        {
            return new AuditProblem(c.Sequence, "signature", $"checkpoint {c.Id} has a malformed signature");
        }
        byte[] key;
        try
        {
            key = publicKey(c.KeyId);
        }
        catch (KeyRingException)
        {
            return new AuditProblem(c.Sequence, "signature", $"checkpoint {c.Id} is signed with unknown key {c.KeyId}");
        }
        return FileKeyRing.VerifyAuditSignature(key, AuditCanonical.CheckpointMessage(c.Sequence, c.HeadHash, c.CreatedAt), signature)
            ? null
            : new AuditProblem(c.Sequence, "signature", $"checkpoint {c.Id}'s signature does not verify");
    }

    private static AuditVerification Fail(long count, string head, AuditCheckpoint? last, int verified, AuditProblem problem) =>
        new(count, head, last, verified, problem);
}
