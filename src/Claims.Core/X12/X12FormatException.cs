namespace Claims.X12;

/// <summary>
/// An X12 file that cannot be read: the message names the segment number (1-based, counted over the whole
/// file), the segment id and what was expected, e.g. <c>segment 14 (CLP): expected at least 6 elements</c>.
/// Messages carry codes, counts and control numbers only, never element values that may be PHI (names, ids).
/// </summary>
public sealed class X12FormatException : ClaimsDomainException
{
    public X12FormatException(int segmentNumber, string? segmentId, string expected)
        : base(segmentNumber == 0 ? expected : Describe(segmentNumber, segmentId) + ": " + expected)
    {
        SegmentNumber = segmentNumber;
        SegmentId = segmentId;
        Expected = expected;
    }

    /// <summary>The 1-based number of the offending segment in the file (0 when the input had none).</summary>
    public int SegmentNumber { get; }

    /// <summary>The offending segment's id (ISA, CLP ...), or null when there was no segment to name.</summary>
    public string? SegmentId { get; }

    /// <summary>What the reader expected, without the location prefix.</summary>
    public string Expected { get; }

    public override string Code => "x12-format";

    private static string Describe(int number, string? id) =>
        id is null ? $"segment {number}" : $"segment {number} ({id})";
}
