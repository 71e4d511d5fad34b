namespace Claims.X12;

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
