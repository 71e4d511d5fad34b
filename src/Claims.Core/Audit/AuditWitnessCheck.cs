using System.Text;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Audit;

/// <summary>How the witness and the database's checkpoints compare.</summary>
public enum AuditWitnessState
{
    /// <summary>Every witness line is a checkpoint the database holds, and the newest is the database's newest.</summary>
    Agrees,

    /// <summary>The database holds one checkpoint the witness lacks: a crash between commit and witness write, or a write in flight. A warning.</summary>
    LagsByOne,

    /// <summary>No witness is configured or its file does not exist: the database alone cannot show a removed tail. A warning.</summary>
    Missing,

    /// <summary>The witness vouches for a checkpoint beyond the database's newest: the database's tail was removed. A failure.</summary>
    Ahead,

    /// <summary>The witness vouches for a checkpoint the database holds differently, or not at all, or a line not signed by our key. A failure.</summary>
    Diverged,

    /// <summary>The database holds more than one checkpoint the witness lacks: witness lines were lost or removed. A failure.</summary>
    Behind,
}

/// <summary>The comparison's outcome, with a sentence for people.</summary>
public sealed record AuditWitnessResult(AuditWitnessState State, string Message, long? WitnessSequence, long? DatabaseSequence, int Lines)
{
    public bool IsFailure => State is AuditWitnessState.Ahead or AuditWitnessState.Diverged or AuditWitnessState.Behind;

    public bool IsWarning => State is AuditWitnessState.LagsByOne or AuditWitnessState.Missing;
}

/// <summary>
/// Compares the witness with the database's checkpoints. Someone who can write the database can delete the newest
/// entries together with their checkpoints, and the chain that is left still verifies; the witness, written outside
/// the database, still names the removed checkpoint. Every complete witness line must be a checkpoint the database
/// holds (same sequence, head, key and signature), and the database may be at most one checkpoint ahead of the
/// witness's newest line (compliance/audit-log.md, "Witness").
/// </summary>
public static class AuditWitnessCheck
{
    public static async Task<AuditWitnessResult> CompareAsync(ClaimsDbContext db, IKeyRing keyRing, string? witnessPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keyRing);
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
        var databaseNewest = checkpoints.Count == 0 ? (long?)null : checkpoints.Max(c => c.Sequence);
        if (witnessPath is null)
            return new(AuditWitnessState.Missing, "no audit witness is configured (Audit:WitnessPath is off): a removed tail cannot be detected", null, databaseNewest, 0);
        if (!File.Exists(witnessPath))
            return new(AuditWitnessState.Missing, $"no audit witness file at {witnessPath}: a removed tail cannot be detected", null, databaseNewest, 0);

        var lines = await ReadCompleteLinesAsync(witnessPath, ct);
        var bySequence = checkpoints.ToLookup(c => c.Sequence);
        AuditWitnessLine? newest = null;
        var count = 0;
        foreach (var (text, number) in lines.Select((text, i) => (text, i + 1)))
        {
            // A line that does not parse is one a crash cut short; the appender starts on a fresh line after it.
            if (AuditWitnessLine.TryParse(text) is not { } line) continue;
            count++;
            if (!bySequence[line.Sequence].Any(line.Matches))
            {
                var genuine = IsSigned(line, keyRing);
                if (!genuine)
                    return new(AuditWitnessState.Diverged, $"witness line {number} (entry {line.Sequence}) is not signed by the audit key: the witness file was tampered with", line.Sequence, databaseNewest, count);
                return line.Sequence > (databaseNewest ?? 0)
                    ? new(AuditWitnessState.Ahead, $"the witness vouches for entry {line.Sequence} (head {line.HeadHash[..16]}..., signed {line.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z), but the database's newest checkpoint is at entry {databaseNewest?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: the newest audit entries and their checkpoints were removed", line.Sequence, databaseNewest, count)
                    : new(AuditWitnessState.Diverged, $"the witness vouches for entry {line.Sequence} with head {line.HeadHash[..16]}..., which the database does not hold: the trail was rewritten from entry {line.Sequence} on or before", line.Sequence, databaseNewest, count);
            }
            if (newest is null || line.Sequence > newest.Sequence) newest = line;
        }
        // The file is created by its first line, so an existing file without one was emptied (or its first write cut short).
        var witnessed = newest?.Sequence ?? 0;
        var unwitnessed = checkpoints.Count(c => c.Sequence > witnessed);
        var shown = newest is null ? "nothing" : $"entry {witnessed}";
        return unwitnessed switch
        {
            0 => new(AuditWitnessState.Agrees, $"the witness agrees: {count} checkpoint(s), newest at entry {witnessed}", newest?.Sequence, databaseNewest, count),
            1 => new(AuditWitnessState.LagsByOne, $"the witness is one checkpoint behind the database ({shown} vs entry {databaseNewest}): a crash between a commit and its witness line, or a write in progress", newest?.Sequence, databaseNewest, count),
            _ => new(AuditWitnessState.Behind, $"the witness is {unwitnessed} checkpoints behind the database ({shown} vs entry {databaseNewest}): witness lines were removed, or something wrote to the database without witnessing", newest?.Sequence, databaseNewest, count),
        };
    }

    private static bool IsSigned(AuditWitnessLine line, IKeyRing keyRing)
    {
        try
        {
            return FileKeyRing.VerifyAuditSignature(keyRing.AuditPublicKey(line.KeyId), AuditCanonical.CheckpointMessage(line.Sequence, line.HeadHash, line.CreatedAt), Convert.FromBase64String(line.Signature));
        }
        catch (Exception ex) when (ex is KeyRingException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The lines that end in a newline; a last line without one is an append in progress or cut short.</summary>
    private static async Task<List<string>> ReadCompleteLinesAsync(string path, CancellationToken ct)
    {
        string text;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                text = await reader.ReadToEndAsync(ct);
                break;
            }
            catch (IOException) when (attempt < 100)
            {
                // An append holds the file for a write and a flush.
                await Task.Delay(20, ct);
            }
        }
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : [.. text[..end].Split('\n')];
    }
}
