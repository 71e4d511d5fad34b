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
