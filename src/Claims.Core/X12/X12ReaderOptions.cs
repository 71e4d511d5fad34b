namespace Claims.X12;

/// <summary>Leniencies of <see cref="X12Reader"/>. The defaults are strict: every envelope mismatch is an error.</summary>
public sealed record X12ReaderOptions
{
    public static X12ReaderOptions Strict { get; } = new();

    /// <summary>
    /// Read a file that starts at ST with no ISA/GS envelope, using <see cref="X12Separators.Default"/>. Payer
    /// companion guides print 835 examples this way (edi-835-parser's BCBS NC sample); a production feed always
    /// has an ISA, so this is off unless a caller asks.
    /// </summary>
    public bool AllowBareTransactionSet { get; init; }

    /// <summary>
    /// Record a GE02/IEA02 control number that does not echo GS06/ISA13 as a warning instead of refusing the file.
    /// Some public acknowledgment samples carry such trailers (imsweb's accepted 999: IEA02 1 for ISA13 286); the
    /// segment counts are still enforced, since a wrong count means lost or extra segments.
    /// </summary>
    public bool TolerateTrailerControlNumbers { get; init; }
}
