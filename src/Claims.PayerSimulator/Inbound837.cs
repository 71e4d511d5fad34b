using System.Globalization;
using Claims.X12;

namespace Claims.PayerSimulator;

/// <summary>One service line as the payer reads it: procedure, charge, units, date.</summary>
public sealed record Line837(string Procedure, long ChargeCents, decimal Units, DateOnly? ServiceDate);

/// <summary>One claim (2300) as the payer reads it: CLM01, charge, frequency, REF*F8, the member id and names it names.</summary>
public sealed record Claim837(
    string ControlNumber,
    long ChargeCents,
    string Frequency,
    string? PayerClaimNumber,
    string MemberId,
    string SubscriberLast,
    string SubscriberFirst,
    string PatientLast,
    string PatientFirst,
    string BillingNpi,
    string BillingName,
    string FilingIndicator,
    IReadOnlyList<Line837> Lines);

/// <summary>One ST..SE of an 837P: its control number and payer (2010BB) and its claims.</summary>
public sealed record Transaction837(string ControlNumber, string PayerName, string PayerId, IReadOnlyList<Claim837> Claims);

/// <summary>
/// What a 999 needs to say about a file that could not be read: the segment id, its position in its transaction set
/// (or 0 outside one), the IK3 error code and, for element errors, the IK4 position and code.
/// </summary>
public sealed record SyntaxError(string SegmentId, int PositionInSet, string SegmentErrorCode, int? ElementPosition, string? ElementErrorCode, string Message);

/// <summary>An inbound 837P interchange: its envelope numbers, the transaction sets read, and the syntax error that stopped reading.</summary>
public sealed record Interchange837(
    string InterchangeControlNumber,
    string GroupControlNumber,
    string SenderId,
    string ReceiverId,
    IReadOnlyList<string> TransactionSetNumbers,
    IReadOnlyList<Transaction837> Transactions,
    SyntaxError? Error)
{
    /// <summary>ISA15 as sent (T or P); answers carry the same.</summary>
    public char UsageIndicator { get; init; } = 'T';

    public bool IsAccepted => Error is null;
}

/// <summary>
/// Reads an 837P with the X12 reader (<see cref="X12Reader"/>: envelopes, counts, control numbers) and the small TR3
/// checks (<see cref="Professional837Checks"/>), keeping only what a payer needs to answer. This is the simulator's
/// one place that knows the 837P's shape. The first syntax error stops reading and is returned, not thrown: the
/// answer to a malformed file is a 999 that rejects it.
/// </summary>
public static class Inbound837
{
    public static Interchange837 Read(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var state = new State();
        try
        {
            using var reader = new X12Reader(new MemoryStream(content, writable: false));
            foreach (var s in reader.ReadSegments().CheckProfessionalClaims()) state.Accept(s);
            if (state.Sets.Count == 0) throw new X12FormatException(0, null, "expected an 837P transaction set");
        }
        catch (X12FormatException ex)
        {
            var position = state.StNumber > 0 && ex.SegmentNumber >= state.StNumber ? ex.SegmentNumber - state.StNumber + 1 : 0;
            // IK3 codes: 8 = segment has data element errors; 3 = required segment missing; 2 = unexpected segment.
            var missing = ex.Expected.StartsWith("expected", StringComparison.Ordinal) && ex.SegmentId is "SE" or "GE" or "IEA";
            var error = new SyntaxError(ex.SegmentId ?? "ISA", position, missing ? "3" : "8", missing ? null : 1, missing ? null : "7", ex.Message);
            return state.Result(error);
        }
        return state.Result(null);
    }

    private sealed class State
    {
        private readonly List<Transaction837> _transactions = [];
        private readonly List<Claim837> _claims = [];
        private readonly List<Line837> _lines = [];
        private string _isa13 = "", _gs06 = "", _sender = "", _receiver = "";
        private char _usage = 'T';
        private string _st02 = "", _payerName = "", _payerId = "";
        private string _subscriberLast = "", _subscriberFirst = "", _memberId = "", _patientLast = "", _patientFirst = "";
        private string _billingNpi = "", _billingName = "", _filing = "CI";
        private string? _clm01, _frequency, _f8;
        private long _charge;
        private string? _pendingProcedure;
        private long _pendingCharge;
        private decimal _pendingUnits;

        public List<string> Sets { get; } = [];

        public int StNumber { get; private set; }

        public void Accept(X12Segment s)
        {
            switch (s.Id)
            {
                case "ISA":
                    _isa13 = s.Element(13).Trim();
                    _sender = s.Element(6).Trim();
                    _receiver = s.Element(8).Trim();
                    _usage = s.Element(15) == "P" ? 'P' : 'T';
                    break;
                case "GS":
                    _gs06 = s.Element(6);
                    break;
                case "ST":
                    if (s.Element(1) != "837") throw s.Error("expected an 837 transaction set");
                    StNumber = s.Number;
                    _st02 = s.Element(2);
                    Sets.Add(_st02);
                    break;
                case "HL":
                    CloseClaim();
                    if (s.Element(3) == "22") (_patientLast, _patientFirst) = ("", "");
                    break;
                case "NM1":
                    Name(s);
                    break;
                case "SBR":
                    _filing = s.Optional(9) ?? "CI";
                    break;
                case "CLM":
                    CloseClaim();
                    _clm01 = s.Element(1);
                    _charge = s.Cents(2, "total claim charge");
                    _frequency = s.Component(5, 3);
                    _f8 = null;
                    break;
                case "REF" when _clm01 is not null && s.Element(1) == "F8":
                    _f8 = s.Element(2);
                    break;
                case "SV1":
                    CloseLine(null);
                    _pendingProcedure = s.Component(1, 2);
                    _pendingCharge = s.Cents(2, "line charge");
                    _pendingUnits = s.OptionalDecimal(4, "units") ?? 1m;
                    break;
                case "DTP" when _pendingProcedure is not null && s.Element(1) == "472":
                    CloseLine(s.OptionalDate(3, "service date"));
                    break;
                case "SE":
                    CloseClaim();
                    _transactions.Add(new Transaction837(_st02, _payerName, _payerId, [.. _claims]));
                    _claims.Clear();
                    StNumber = 0;
                    break;
                default:
                    break;
            }
        }

        private void Name(X12Segment s)
        {
            switch (s.Element(1))
            {
                case "85":
                    _billingName = s.Element(3);
                    _billingNpi = s.Element(9);
                    break;
                case "IL":
                    (_subscriberLast, _subscriberFirst, _memberId) = (s.Element(3), s.Element(4), s.Element(9));
                    (_patientLast, _patientFirst) = (_subscriberLast, _subscriberFirst);
                    break;
                case "QC":
                    (_patientLast, _patientFirst) = (s.Element(3), s.Element(4));
                    break;
                case "PR":
                    (_payerName, _payerId) = (s.Element(3), s.Element(9));
                    break;
                default:
                    break;
            }
        }

        private void CloseLine(DateOnly? date)
        {
            if (_pendingProcedure is null) return;
            _lines.Add(new Line837(_pendingProcedure, _pendingCharge, _pendingUnits, date));
            _pendingProcedure = null;
        }

        private void CloseClaim()
        {
            CloseLine(null);
            if (_clm01 is null) return;
            _claims.Add(new Claim837(_clm01, _charge, _frequency ?? "1", _f8, _memberId, _subscriberLast, _subscriberFirst, _patientLast, _patientFirst, _billingNpi, _billingName, _filing, [.. _lines]));
            _lines.Clear();
            _clm01 = null;
        }

        public Interchange837 Result(SyntaxError? error) => new(_isa13, _gs06, _sender, _receiver, Sets, error is null ? _transactions : [], error) { UsageIndicator = _usage };
    }

    internal static string Format(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
