namespace Claims.X12;

/// <summary>A leniency the reader applied (see <see cref="X12ReaderOptions"/>), located like an error.</summary>
public sealed record X12Warning(int SegmentNumber, string SegmentId, string Message)
{
    public override string ToString() => $"segment {SegmentNumber} ({SegmentId}): {Message}";
}
