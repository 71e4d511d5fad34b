using System.Globalization;

namespace Claims.Audit;

/// <summary>One witnessed checkpoint: what the database's checkpoint row says, signed, one line of text.</summary>
public sealed record AuditWitnessLine(long Sequence, string HeadHash, DateTimeOffset CreatedAt, string KeyId, string Signature)
{
    public static AuditWitnessLine Of(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new(checkpoint.Sequence, checkpoint.HeadHash, checkpoint.CreatedAt, checkpoint.KeyId, checkpoint.Signature);
    }

    /// <summary><c>sequence=12 head=9f... time=2026-11-30T03:00:00.0000000+00:00 key=audit-1 signature=BASE64</c></summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"sequence={Sequence} head={HeadHash} time={CreatedAt.ToUniversalTime():O} key={KeyId} signature={Signature}");

    public bool Matches(AuditCheckpoint checkpoint) =>
        checkpoint is not null && checkpoint.Sequence == Sequence && checkpoint.HeadHash == HeadHash && checkpoint.KeyId == KeyId && checkpoint.Signature == Signature;

    public static AuditWitnessLine? TryParse(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) return null;
            fields[part[..eq]] = part[(eq + 1)..];
        }
        return fields.TryGetValue("sequence", out var s) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && fields.TryGetValue("head", out var head) && head.Length == 64
            && fields.TryGetValue("time", out var t) && DateTimeOffset.TryParseExact(t, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            && fields.TryGetValue("key", out var key) && key.Length > 0
            && fields.TryGetValue("signature", out var signature) && signature.Length > 0
            ? new AuditWitnessLine(sequence, head, time, key, signature)
            : null;
    }
}
