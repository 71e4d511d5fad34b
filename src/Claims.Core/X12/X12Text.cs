using System.Text;

namespace Claims.X12;

/// <summary>
/// Opens an X12 byte stream as text. X12 itself says nothing about encodings; files arrive as ASCII/UTF-8, with
/// a UTF-8 BOM from Windows tools, or as UTF-16 from .NET/Windows exports, sometimes without a BOM (OopFactory's
/// UnicodeExample.txt). Without a BOM, UTF-16 shows as a NUL in the first two bytes, since every file begins
/// with the ASCII letters of ISA (or ST).
/// </summary>
public static class X12Text
{
    /// <summary>A reader over <paramref name="stream"/> in the detected encoding; the BOM, if any, is consumed.</summary>
    public static TextReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[4];
        var read = 0;
        while (read < head.Length)
        {
            var n = stream.Read(head, read, head.Length - read);
            if (n == 0) break;
            read += n;
        }
        var encoding = Detect(head.AsSpan(0, Math.Min(read, 2)));
        var whole = new PrefixedStream(head.AsMemory(0, read), stream, leaveOpen);
        // detectEncodingFromByteOrderMarks: a BOM, when present, wins and is skipped.
        return new StreamReader(whole, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: false);
    }

    internal static Encoding Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length < 2) return Utf8;
        if (head[0] == 0xFF && head[1] == 0xFE) return Encoding.Unicode;
        if (head[0] == 0xFE && head[1] == 0xFF) return Encoding.BigEndianUnicode;
        if (head[0] != 0 && head[1] == 0) return Encoding.Unicode;
        if (head[0] == 0 && head[1] != 0) return Encoding.BigEndianUnicode;
        return Utf8;
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The (up to four) bytes already read for detection, then the rest of the stream: no seeking needed (pipes, SFTP).</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner, bool leaveOpen) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return inner.Read(buffer);
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            // StreamReader looks for a BOM in its first read only: give it more than the prefix when it asks for more.
            return n < buffer.Length ? n + inner.Read(buffer[n..]) : n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !leaveOpen) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
