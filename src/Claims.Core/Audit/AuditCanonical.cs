using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Claims.Audit;

/// <summary>
/// The canonical encoding of an audit entry: every field in a fixed order, each as a big-endian 32-bit length
/// (-1 for null) and its UTF-8 bytes; instants as UTC ticks. One encoding, used by the writer, the database
/// verifier and the offline export verifier, so they cannot disagree.
/// </summary>
public static class AuditCanonical
{
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>
    /// Instants are kept to the millisecond: what both providers store exactly (EF's SQLite binary encoding keeps
    /// 0.1 ms, PostgreSQL 1 µs), so an entry read back hashes to what was written.
    /// </summary>
    public static DateTimeOffset Normalize(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    public static string ComputeHash(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var buffer = new ArrayBufferWriterLite();
        buffer.Write(e.Sequence.ToString(CultureInfo.InvariantCulture));
        buffer.Write(e.Time.UtcTicks.ToString(CultureInfo.InvariantCulture));
        buffer.Write(e.ActorId);
        buffer.Write(e.ActorRole);
        buffer.Write(e.Action.ToString());
        buffer.Write(e.EntityType);
        buffer.Write(e.EntityId);
        buffer.Write(e.PatientPseudonym);
        buffer.Write(e.Outcome.ToString());
        buffer.Write(e.SourceAddress);
        buffer.Write(e.PurposeOfUse);
        buffer.Write(e.CorrelationId);
        buffer.Write(e.Details);
        buffer.Write(e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.Span));
    }

    /// <summary>What a checkpoint signs: the sequence, the head hash and the time, tagged with a version.</summary>
    public static byte[] CheckpointMessage(long sequence, string headHash, DateTimeOffset createdAt) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"claims-audit-checkpoint|v1|{sequence}|{headHash}|{createdAt.UtcTicks}"));

    private sealed class ArrayBufferWriterLite
    {
        private byte[] _buffer = new byte[512];
        private int _length;

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

        public void Write(string? value)
        {
            if (value is null)
            {
                Ensure(4);
                BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
                _length += 4;
                return;
            }
            var count = Encoding.UTF8.GetByteCount(value);
            Ensure(4 + count);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), count);
            _length += 4;
            _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
