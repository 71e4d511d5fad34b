namespace Claims.X12;

/// <summary>The ISA header of an interchange (sender, receiver, control number, usage), as written but trimmed.</summary>
public sealed record X12Interchange(
    string SenderQualifier,
    string SenderId,
    string ReceiverQualifier,
    string ReceiverId,
    string Date,
    string Time,
    string Version,
    string ControlNumber,
    string UsageIndicator,
    X12Separators Separators,
    int SegmentNumber)
{
    /// <summary>ISA15 = T: a test interchange, never to be posted to real accounts.</summary>
    public bool IsTest => UsageIndicator == "T";

    internal static X12Interchange From(X12Segment isa) => new(
        isa.Element(5).Trim(), isa.Element(6).Trim(), isa.Element(7).Trim(), isa.Element(8).Trim(),
        isa.Element(9).Trim(), isa.Element(10).Trim(), isa.Element(12).Trim(), isa.Element(13).Trim(),
        isa.Element(15).Trim(), isa.Separators, isa.Number);

    /// <summary>The stand-in for a bare ST..SE set read without an envelope.</summary>
    internal static X12Interchange None(X12Separators separators) =>
        new("", "", "", "", "", "", "", "", "", separators, 0);
}

/// <summary>The GS header of a functional group: GS01 functional id (HP 835, HN 277, FA 999), GS06, GS08.</summary>
public sealed record X12FunctionalGroup(
    string FunctionalId,
    string SenderCode,
    string ReceiverCode,
    string Date,
    string Time,
    string ControlNumber,
    string Version,
    int SegmentNumber)
{
    internal static X12FunctionalGroup From(X12Segment gs) => new(
        gs.Element(1), gs.Element(2), gs.Element(3), gs.Element(4), gs.Element(5), gs.Element(6), gs.Element(8), gs.Number);

    internal static X12FunctionalGroup None { get; } = new("", "", "", "", "", "", "", 0);
}

/// <summary>
/// One ST..SE transaction set with its envelope: the unit the readers work on, so a large file is held one
/// transaction at a time. <see cref="Segments"/> runs from ST to SE inclusive.
/// </summary>
public sealed record X12Transaction(
    X12Interchange Interchange,
    X12FunctionalGroup Group,
    IReadOnlyList<X12Segment> Segments)
{
    /// <summary>ST01: 835, 277, 999 ...</summary>
    public string Code => Segments[0].Element(1);

    /// <summary>ST02, echoed by SE02 and by a 999's AK2.</summary>
    public string ControlNumber => Segments[0].Element(2);

    /// <summary>ST03 when sent, else GS08: the implementation guide, e.g. 005010X221A1.</summary>
    public string ImplementationGuide => Segments[0].Optional(3) ?? Group.Version;

    public X12Segment Header => Segments[0];
}

/// <summary>A leniency the reader applied (see <see cref="X12ReaderOptions"/>), located like an error.</summary>
public sealed record X12Warning(int SegmentNumber, string SegmentId, string Message)
{
    public override string ToString() => $"segment {SegmentNumber} ({SegmentId}): {Message}";
}
