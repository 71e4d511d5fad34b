using Claims.X12;

namespace Claims.Remittance;

/// <summary>
/// Reads one 835 (005010X221A1) transaction set into a <see cref="RemittanceAdvice"/>. Segments the posting does
/// not use (N3/N4 addresses, PER contacts, TS3/TS2 provider summaries, QTY, RDM, CUR) are passed over; segments
/// out of their loop (an SVC before any CLP, a CLP after PLB) and codes outside the TR3 lists are errors.
/// </summary>
public static class RemittanceAdviceReader
{
    public const string Guide = "005010X221";

    private static readonly string[] AdjustmentGroups = ["CO", "OA", "PI", "PR"];

    /// <summary>Every 835 in <paramref name="stream"/>, one transaction set at a time.</summary>
    public static IEnumerable<RemittanceAdvice> ReadAll(Stream stream, X12ReaderOptions? options = null)
    {
        using var reader = new X12Reader(stream, options);
        foreach (var transaction in reader.ReadTransactions()) yield return Read(transaction);
    }

    public static RemittanceAdvice Read(X12Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        RemittanceFile.RequireGuide(transaction, "835", Guide, "835 health care claim payment/advice");
        var state = new State();
        var segments = transaction.Segments;
        for (var i = 1; i < segments.Count - 1; i++) state.Accept(segments[i]);
        return state.Build(transaction);
    }

    private enum Loop { Header, Payer, Payee, Claims, Summary }

    private sealed class State
    {
        private readonly List<ClaimPayment> _claims = [];
        private readonly List<ProviderAdjustment> _adjustments = [];
        private readonly List<QualifiedValue> _payerRefs = [];
        private readonly List<QualifiedValue> _payeeRefs = [];
        private Loop _loop = Loop.Header;
        private RemittancePayment? _payment;
        private X12Segment? _trn;
        private DateOnly? _production;
        private X12Segment? _payer;
        private X12Segment? _payee;
        private ClaimBuilder? _claim;

        public void Accept(X12Segment segment)
        {
            if (_payment is null)
            {
                if (segment.Id != "BPR") throw segment.Error("expected BPR as the first segment after ST (835 header)");
                _payment = ReadPayment(segment);
                return;
            }
            switch (segment.Id)
            {
                case "BPR":
                    throw segment.Error("expected one BPR per 835, found a second");
                case "TRN" when _loop == Loop.Header:
                    segment.Required(1, "trace type code");
                    segment.Required(2, "check or EFT trace number");
                    _trn = segment;
                    break;
                case "DTM" when _loop == Loop.Header:
                    if (segment.Element(1) == "405") _production = segment.OptionalDate(2, "production date");
                    break;
                case "N1":
                    OpenParty(segment);
                    break;
                case "REF" when _loop is Loop.Payer or Loop.Payee:
                    (_loop == Loop.Payer ? _payerRefs : _payeeRefs).Add(Reference(segment));
                    break;
                case "LX":
                    RequireBefore(segment, Loop.Summary);
                    CloseClaim();
                    _loop = Loop.Claims;
                    break;
                case "CLP":
                    RequireBefore(segment, Loop.Summary);
                    CloseClaim();
                    _loop = Loop.Claims;
                    _claim = new ClaimBuilder(segment);
                    break;
                case "PLB":
                    CloseClaim();
                    _loop = Loop.Summary;
                    _adjustments.Add(ReadProviderAdjustment(segment));
                    break;
                case "SVC" or "CAS" or "NM1" or "MIA" or "MOA" or "AMT" or "LQ" when _loop == Loop.Claims:
                case "DTM" or "REF" when _loop == Loop.Claims:
                    if (_claim is null) throw segment.Error($"expected CLP before {segment.Id} (the claim payment loop 2100)");
                    _claim.Accept(segment);
                    break;
                case "SVC" or "CAS" or "MIA" or "MOA" or "LQ":
                    throw segment.Error($"expected CLP before {segment.Id} (the claim payment loop 2100)");
                default:
                    break; // addresses, contacts, provider summaries: not needed for posting
            }
        }

        public RemittanceAdvice Build(X12Transaction transaction)
        {
            if (_payment is null) throw transaction.Segments[^1].Error("expected BPR as the first segment after ST (835 header)");
            CloseClaim();
            if (_payer is null) throw transaction.Segments[^1].Error("expected N1*PR (payer identification, loop 1000A) in the 835");
            if (_payee is null) throw transaction.Segments[^1].Error("expected N1*PE (payee identification, loop 1000B) in the 835");
            return new RemittanceAdvice(
                transaction.Interchange, transaction.Group, transaction.ControlNumber, _payment,
                _trn?.Element(2), _trn?.Optional(3), _production,
                Party(_payer, _payerRefs), Party(_payee, _payeeRefs), _claims, _adjustments);
        }

        private void OpenParty(X12Segment n1)
        {
            RequireBefore(n1, Loop.Claims);
            switch (n1.Required(1, "entity identifier code"))
            {
                case "PR":
                    _payer = n1;
                    _loop = Loop.Payer;
                    break;
                case "PE":
                    _payee = n1;
                    _loop = Loop.Payee;
                    break;
                default:
                    throw n1.Error($"expected N101 PR (payer) or PE (payee), found '{n1.Element(1)}'");
            }
        }

        private void RequireBefore(X12Segment segment, Loop later)
        {
            if (_loop >= later)
            {
                var where = later == Loop.Summary ? "PLB (provider adjustments end the 835)" : "the claim payments (LX/CLP)";
                throw segment.Error($"expected {segment.Id} before {where}");
            }
        }

        private void CloseClaim()
        {
            if (_claim is null) return;
            _claims.Add(_claim.Build());
            _claim = null;
        }

        private static RemittanceParty Party(X12Segment n1, List<QualifiedValue> references) =>
            new(n1.Optional(2), n1.Optional(3), n1.Optional(4), references);
    }

    private static RemittancePayment ReadPayment(X12Segment bpr)
    {
        bpr.RequireElements(4);
        var handling = bpr.RequiredCode(1, "transaction handling code", "C", "D", "H", "I", "P", "U", "X");
        var amount = bpr.Cents(2, "total actual provider payment amount");
        var creditDebit = bpr.RequiredCode(3, "credit/debit flag", "C", "D");
        var method = bpr.RequiredCode(4, "payment method code", "ACH", "BOP", "CHK", "FWT", "NON");
        return new RemittancePayment(handling, amount, creditDebit, method, bpr.OptionalDate(16, "check issue or EFT effective date"), bpr.Number);
    }

    private static ProviderAdjustment ReadProviderAdjustment(X12Segment plb)
    {
        plb.RequireElements(4);
        var provider = plb.Required(1, "provider identifier");
        var date = plb.OptionalDate(2, "fiscal period date") ?? throw plb.Error("expected PLB02 (fiscal period date)");
        var items = new List<ProviderAdjustmentItem>();
        for (var position = 3; position <= 13; position += 2)
        {
            if (!plb.Has(position) && !plb.Has(position + 1)) continue;
            var reason = plb.Component(position, 1);
            if (reason.Length == 0) throw plb.Error($"expected {plb.Name(position)} (adjustment reason code)");
            var reference = plb.Component(position, 2);
            items.Add(new ProviderAdjustmentItem(reason, reference.Length == 0 ? null : reference,
                plb.Cents(position + 1, "provider adjustment amount")));
        }
        return new ProviderAdjustment(provider, date, items, plb.Number);
    }

    internal static List<Adjustment> ReadAdjustments(X12Segment cas, List<Adjustment> into)
    {
        var group = cas.RequiredCode(1, "claim adjustment group code", AdjustmentGroups);
        cas.Require(2, "claim adjustment reason code");
        cas.Require(3, "adjustment amount");
        // Six reason/amount/quantity triples at most: CAS02-04, 05-07 ... 17-19.
        for (var position = 2; position <= 17; position += 3)
        {
            if (!cas.Has(position))
            {
                if (cas.Has(position + 1)) throw cas.Error($"expected {cas.Name(position)} (reason code) with the amount in {cas.Name(position + 1)}");
                continue;
            }
            into.Add(new Adjustment(group, cas.Element(position), cas.Cents(position + 1, "adjustment amount"),
                cas.OptionalDecimal(position + 2, "adjustment quantity")));
        }
        return into;
    }

    internal static QualifiedValue Reference(X12Segment segment) =>
        new(segment.Required(1, "qualifier"), segment.Required(2, "value"));

    private sealed class ClaimBuilder
    {
        private readonly X12Segment _clp;
        private readonly List<Adjustment> _adjustments = [];
        private readonly List<EntityName> _names = [];
        private readonly List<string> _remarks = [];
        private readonly List<QualifiedAmount> _amounts = [];
        private readonly List<QualifiedValue> _references = [];
        private readonly List<ServicePayment> _lines = [];
        private DateOnly? _from, _to, _received, _expiration;
        private LineBuilder? _line;

        private readonly string _status;
        private readonly long _charge;
        private readonly long _paid;
        private readonly long? _patientResponsibility;

        public ClaimBuilder(X12Segment clp)
        {
            clp.RequireElements(6);
            clp.Require(1, "patient control number");
            var status = clp.Required(2, "claim status code");
            if (!ClaimStatusCodes.IsValid(status))
                throw clp.Error($"expected CLP02 (claim status code) to be one of {string.Join(", ", ClaimStatusCodes.Codes)}, found '{status}'");
            _status = status;
            _charge = clp.Cents(3, "total claim charge amount");
            _paid = clp.Cents(4, "claim payment amount");
            _patientResponsibility = clp.OptionalCents(5, "patient responsibility amount");
            clp.Require(6, "claim filing indicator code");
            _clp = clp;
        }

        public void Accept(X12Segment segment)
        {
            if (_line is not null)
            {
                if (segment.Id == "SVC") CloseLine();
                else if (segment.Id is "CAS" or "DTM" or "AMT" or "LQ" or "REF")
                {
                    _line.Accept(segment);
                    return;
                }
                else throw segment.Error($"expected {segment.Id} before the first SVC of the claim (loop 2100), found it in a service line");
            }
            switch (segment.Id)
            {
                case "SVC":
                    _line = new LineBuilder(segment);
                    break;
                case "CAS":
                    ReadAdjustments(segment, _adjustments);
                    break;
                case "NM1":
                    _names.Add(EntityName.From(segment));
                    break;
                case "MIA":
                    // MIA05 and MIA20-MIA24 are claim payment remark codes (RARCs).
                    AddRemarks(segment, 5, 20, 21, 22, 23, 24);
                    break;
                case "MOA":
                    AddRemarks(segment, 3, 4, 5, 6, 7);
                    break;
                case "DTM":
                    ReadDate(segment);
                    break;
                case "AMT":
                    _amounts.Add(new QualifiedAmount(segment.Required(1, "amount qualifier code"), segment.Cents(2, "amount")));
                    break;
                case "REF":
                    _references.Add(Reference(segment));
                    break;
                case "LQ":
                    throw segment.Error("expected SVC before LQ (remark codes belong to a service line)");
            }
        }

        private void AddRemarks(X12Segment segment, params int[] positions)
        {
            foreach (var position in positions)
                if (segment.Optional(position) is { } code) _remarks.Add(code);
        }

        private void ReadDate(X12Segment dtm)
        {
            dtm.Require(1, "date/time qualifier");
            var date = dtm.OptionalDate(2, "date") ?? throw dtm.Error("expected DTM02 (date)");
            switch (dtm.Span(1))
            {
                case "232": _from = date; break;
                case "233": _to = date; break;
                case "050": _received = date; break;
                case "036": _expiration = date; break;
                default: break; // 035 benefit expiration ...: not used in posting
            }
        }

        private void CloseLine()
        {
            if (_line is null) return;
            _lines.Add(_line.Build());
            _line = null;
        }

        public ClaimPayment Build()
        {
            CloseLine();
            var c = _clp;
            return new ClaimPayment(
                c.Element(1), _status, _charge, _paid, _patientResponsibility, c.Optional(6), c.Optional(7), c.Optional(8), c.Optional(9),
                _adjustments, _names, _remarks, _from, _to, _received, _expiration, _amounts, _references, _lines, c.Number);
        }
    }

    private sealed class LineBuilder
    {
        private readonly X12Segment _svc;
        private readonly ServiceCode _procedure;
        private readonly List<Adjustment> _adjustments = [];
        private readonly List<QualifiedAmount> _amounts = [];
        private readonly List<string> _remarks = [];
        private readonly List<QualifiedValue> _references = [];
        private DateOnly? _date, _from, _to;
        private long? _allowed;
        private string? _control;

        public LineBuilder(X12Segment svc)
        {
            _procedure = ServiceCode.From(svc, 1) ?? throw svc.Error("expected SVC01 (composite medical procedure identifier)");
            _svc = svc;
        }

        public void Accept(X12Segment segment)
        {
            switch (segment.Id)
            {
                case "CAS":
                    ReadAdjustments(segment, _adjustments);
                    break;
                case "DTM":
                    segment.Require(1, "date/time qualifier");
                    var date = segment.OptionalDate(2, "service date") ?? throw segment.Error("expected DTM02 (date)");
                    switch (segment.Span(1))
                    {
                        case "472": _date = date; break;
                        case "150": _from = date; break;
                        case "151": _to = date; break;
                        default: break;
                    }
                    break;
                case "AMT":
                    var cents = segment.Cents(2, "service supplemental amount");
                    var amountQualifier = segment.Required(1, "amount qualifier code");
                    if (amountQualifier == "B6") _allowed = cents;
                    _amounts.Add(new QualifiedAmount(amountQualifier, cents));
                    break;
                case "LQ":
                    // LQ*HE: a remittance advice remark code (RARC); LQ*RX is an NCPDP reject code.
                    segment.Require(1, "code list qualifier code");
                    if (segment.Span(1).SequenceEqual("HE")) _remarks.Add(segment.Required(2, "remark code"));
                    break;
                case "REF":
                    var reference = Reference(segment);
                    if (reference.Qualifier == "6R") _control = reference.Value;
                    _references.Add(reference);
                    break;
            }
        }

        public ServicePayment Build()
        {
            var s = _svc;
            return new ServicePayment(
                _procedure, s.OptionalCents(2, "line item charge amount"), s.OptionalCents(3, "line item provider payment amount"),
                s.Optional(4), s.OptionalDecimal(5, "units of service paid count"), ServiceCode.From(s, 6),
                s.OptionalDecimal(7, "original units of service count"), _date, _from, _to, _adjustments, _allowed, _amounts,
                _remarks, _control, _references, s.Number);
        }
    }
}
