using System.Globalization;
using Claims.X12;

namespace Claims.Remittance;

/// <summary>
/// One 999 (005010X231A1) transaction set: the syntax acknowledgment of one functional group we sent (AK1 echoes
/// its GS01, GS06, GS08), each transaction set in it (AK2 .. IK5) and the group's verdict (AK9).
/// </summary>
public sealed record ImplementationAcknowledgment(
    X12Interchange Interchange,
    X12FunctionalGroup Group,
    string ControlNumber,
    string AcknowledgedFunctionalId,
    string AcknowledgedGroupControlNumber,
    string? AcknowledgedVersion,
    IReadOnlyList<TransactionSetAcknowledgment> TransactionSets,
    string GroupStatus,
    int TransactionSetsIncluded,
    int TransactionSetsReceived,
    int TransactionSetsAccepted,
    IReadOnlyList<string> GroupErrorCodes) : RemittanceDocument(Interchange, Group, ControlNumber)
{
    /// <summary>AK901 A (accepted) or E (accepted, errors noted); P partially accepted; R, M, W, X rejected.</summary>
    public bool IsGroupAccepted => GroupStatus is "A" or "E";
}

/// <summary>AK2 (ST01, ST02, ST03 of the set we sent), its segment errors (IK3) and its verdict IK5 with IK502-IK506 codes.</summary>
public sealed record TransactionSetAcknowledgment(
    string TransactionSetCode,
    string ControlNumber,
    string? ImplementationGuide,
    IReadOnlyList<SegmentError> SegmentErrors,
    string Status,
    IReadOnlyList<string> ErrorCodes,
    int SegmentNumber)
{
    /// <summary>IK501 A (accepted) or E (accepted, errors noted); R, M, W, X are rejections.</summary>
    public bool IsAccepted => Status is "A" or "E";
}

/// <summary>IK3: the segment id, its position in our transaction set, the loop id and the syntax error code (1-8, I4-I9).</summary>
public sealed record SegmentError(string SegmentId, int Position, string? LoopId, string? ErrorCode, IReadOnlyList<ElementError> ElementErrors);

/// <summary>
/// IK4: the element position (IK401-1, with component and repetition when given), its data element reference
/// number, the error code and a copy of the bad value (IK404: may be PHI, keep, never log).
/// </summary>
public sealed record ElementError(int Position, int? ComponentPosition, int? RepetitionPosition, string? ElementReference, string ErrorCode, string? BadValue);

/// <summary>Reads 999 transaction sets.</summary>
public static class ImplementationAcknowledgmentReader
{
    public const string Guide = "005010X231";

    private static readonly string[] TransactionStatuses = ["A", "E", "M", "R", "W", "X"];
    private static readonly string[] GroupStatuses = ["A", "E", "P", "R", "M", "W", "X"];

    public static ImplementationAcknowledgment Read(X12Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        RemittanceFile.RequireGuide(transaction, "999", Guide, "999 implementation acknowledgment");
        var segments = transaction.Segments;
        X12Segment? ak1 = null, ak9 = null;
        var sets = new List<TransactionSetAcknowledgment>();
        X12Segment? ak2 = null;
        List<SegmentError>? segmentErrors = null;
        List<ElementError>? elementErrors = null;
        for (var i = 1; i < segments.Count - 1; i++)
        {
            var s = segments[i];
            switch (s.Id)
            {
                case "AK1":
                    if (ak1 is not null || i != 1) throw s.Error("expected one AK1, right after ST");
                    s.Required(1, "functional identifier code");
                    s.Required(2, "group control number");
                    ak1 = s;
                    break;
                case "AK2":
                    Before(s, ak1, ak9);
                    if (ak2 is not null) throw s.Error($"expected IK5 to close the AK2 at segment {ak2.Number}");
                    s.Required(1, "transaction set identifier code");
                    s.Required(2, "transaction set control number");
                    ak2 = s;
                    segmentErrors = [];
                    elementErrors = null;
                    break;
                case "IK3":
                    if (ak2 is null) throw s.Error("expected AK2 before IK3");
                    elementErrors = [];
                    segmentErrors!.Add(new SegmentError(s.Required(1, "segment id code"), Number(s, 2, "segment position in transaction set"),
                        s.Optional(3), s.Optional(4), elementErrors));
                    break;
                case "IK4":
                    if (elementErrors is null) throw s.Error("expected IK3 before IK4");
                    elementErrors.Add(new ElementError(
                        NumberOf(s, s.Component(1, 1), "element position in segment"), OptionalNumber(s, s.Component(1, 2)),
                        OptionalNumber(s, s.Component(1, 3)), s.Optional(2), s.Required(3, "implementation data element syntax error code"),
                        s.Optional(4)));
                    break;
                case "CTX":
                    break; // context of an error (business unit, segment): kept in the file, not needed to act
                case "IK5":
                    if (ak2 is null) throw s.Error("expected AK2 before IK5");
                    var codes = Enumerable.Range(2, 5).Select(s.Optional).OfType<string>().ToArray();
                    sets.Add(new TransactionSetAcknowledgment(ak2.Element(1), ak2.Element(2), ak2.Optional(3), segmentErrors!,
                        s.RequiredCode(1, "transaction set acknowledgment code", TransactionStatuses), codes, ak2.Number));
                    ak2 = null;
                    elementErrors = null;
                    break;
                case "AK9":
                    Before(s, ak1, ak9);
                    if (ak2 is not null) throw s.Error($"expected IK5 to close the AK2 at segment {ak2.Number}");
                    ak9 = s;
                    break;
                default:
                    throw s.Error("expected AK1, AK2, IK3, CTX, IK4, IK5 or AK9 in a 999");
            }
        }
        if (ak1 is null) throw segments[^1].Error("expected AK1 (functional group response header) in the 999");
        if (ak2 is not null) throw segments[^1].Error($"expected IK5 to close the AK2 at segment {ak2.Number}");
        if (ak9 is null) throw segments[^1].Error("expected AK9 (functional group response trailer) in the 999");
        return new ImplementationAcknowledgment(
            transaction.Interchange, transaction.Group, transaction.ControlNumber, ak1.Element(1), ak1.Element(2), ak1.Optional(3), sets,
            ak9.RequiredCode(1, "functional group acknowledge code", GroupStatuses), Number(ak9, 2, "number of transaction sets included"),
            Number(ak9, 3, "number of received transaction sets"), Number(ak9, 4, "number of accepted transaction sets"),
            Enumerable.Range(5, 5).Select(ak9.Optional).OfType<string>().ToArray());
    }

    private static void Before(X12Segment s, X12Segment? ak1, X12Segment? ak9)
    {
        if (ak1 is null) throw s.Error($"expected AK1 before {s.Id}");
        if (ak9 is not null) throw s.Error($"expected {s.Id} before AK9 (the 999 trailer at segment {ak9.Number})");
    }

    private static int Number(X12Segment s, int position, string what) => NumberOf(s, s.Required(position, what), what, position);

    private static int NumberOf(X12Segment s, string text, string what, int position = 1) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw s.Error($"expected {s.Name(position)} ({what}) to be a number, found '{text}'");

    private static int? OptionalNumber(X12Segment s, string text) =>
        text.Length == 0 ? null : NumberOf(s, text, "element position", 1);
}
