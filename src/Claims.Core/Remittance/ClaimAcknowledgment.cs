using Claims.X12;

namespace Claims.Remittance;

/// <summary>
/// One 277CA (005010X214) transaction set: the payer's or clearinghouse's front-end verdict on each claim we
/// sent (loop 2200D), with the HL context it sits in (information source 20 -> receiver 21 -> billing provider
/// 19 -> patient PT), and the statuses reported above claim level (a whole batch or provider refused).
/// </summary>
public sealed record ClaimAcknowledgment(
    X12Interchange Interchange,
    X12FunctionalGroup Group,
    string ControlNumber,
    string? ReferenceId,
    DateOnly? CreatedDate,
    IReadOnlyList<AcknowledgedClaim> Claims,
    IReadOnlyList<LevelStatus> LevelStatuses) : RemittanceDocument(Interchange, Group, ControlNumber);

/// <summary>One HL level: its code (20, 21, 19, PT), its NM1 (names are PHI at PT level) and its TRN02 when given.</summary>
public sealed record AcknowledgmentParty(string LevelCode, EntityName? Name, string? TraceNumber);

/// <summary>A status reported at source, receiver or provider level (loops 2200A-C), not about one claim.</summary>
public sealed record LevelStatus(AcknowledgmentParty Party, ClaimStatus Status);

/// <summary>
/// A claim's acknowledgment (2200D): TRN02 = our claim control number (the CLM01 we sent), REF*1K = the payer's
/// claim number (the CLP07 of a later 835), its STC statuses, other REFs (BLT bill type, EJ, D9 ...), service dates
/// and any service-line statuses (2220D).
/// </summary>
public sealed record AcknowledgedClaim(
    string ClaimControlNumber,
    string? PayerClaimNumber,
    IReadOnlyList<ClaimStatus> Statuses,
    AcknowledgmentParty? Source,
    AcknowledgmentParty? Receiver,
    AcknowledgmentParty? Provider,
    AcknowledgmentParty Patient,
    IReadOnlyList<QualifiedValue> References,
    DateOnly? ServiceFrom,
    DateOnly? ServiceTo,
    IReadOnlyList<ServiceLineStatus> Lines,
    int SegmentNumber)
{
    /// <summary>Rejected when any status is a rejection, else accepted when any is an acceptance, else other.</summary>
    public AcknowledgmentOutcome Outcome =>
        Statuses.Any(s => s.Outcome == AcknowledgmentOutcome.Rejected) ? AcknowledgmentOutcome.Rejected
        : Statuses.Any(s => s.Outcome == AcknowledgmentOutcome.Accepted) ? AcknowledgmentOutcome.Accepted
        : AcknowledgmentOutcome.Other;
}

/// <summary>A 2220D service line: SVC01 procedure, SVC02 charge, REF*FJ line item control number, its statuses and dates.</summary>
public sealed record ServiceLineStatus(
    ServiceCode Procedure,
    long? ChargeCents,
    string? LineItemControlNumber,
    IReadOnlyList<ClaimStatus> Statuses,
    DateOnly? ServiceFrom,
    DateOnly? ServiceTo);

/// <summary>A health care claim status composite (C043): category (A1 ...), status code (claim status code list), entity.</summary>
public sealed record StatusCode(string Category, string Code, string? EntityCode);

/// <summary>
/// One STC: STC01 (category:status:entity), STC02 effective date, STC03 action code (WQ accept, U reject ...),
/// STC04 total charge, STC10/STC11 further status composites, STC12 free text (may name a patient: never logged).
/// </summary>
public sealed record ClaimStatus(
    StatusCode Primary,
    DateOnly? EffectiveDate,
    string? ActionCode,
    long? AmountCents,
    IReadOnlyList<StatusCode> Additional,
    string? FreeText,
    int SegmentNumber)
{
    public AcknowledgmentOutcome Outcome => ClaimStatusCategories.Classify(Primary.Category);
}

/// <summary>What a 277CA status category means for the claim.</summary>
public enum AcknowledgmentOutcome
{
    /// <summary>A1 received or A2 accepted into adjudication.</summary>
    Accepted,

    /// <summary>A3 returned as unprocessable, A4 not found, A6/A7/A8 rejected (missing, invalid, relational).</summary>
    Rejected,

    /// <summary>Anything else (A5 split claim, pending or finalized categories of a plain 277): look before acting.</summary>
    Other,
}

/// <summary>Health care claim status category codes (STC01-1) as 277CA outcomes. There is no "accepted with warnings".</summary>
public static class ClaimStatusCategories
{
    public static AcknowledgmentOutcome Classify(string category) => category switch
    {
        "A1" or "A2" => AcknowledgmentOutcome.Accepted,
        "A3" or "A4" or "A6" or "A7" or "A8" => AcknowledgmentOutcome.Rejected,
        _ => AcknowledgmentOutcome.Other,
    };
}

/// <summary>Reads 277CA transaction sets. A plain 277 claim status response (005010X212) is refused: its categories mean something else.</summary>
public static class ClaimAcknowledgmentReader
{
    public const string Guide = "005010X214";

    public static ClaimAcknowledgment Read(X12Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        RemittanceFile.RequireGuide(transaction, "277", Guide, "277CA claim acknowledgment");
        var state = new State();
        var segments = transaction.Segments;
        for (var i = 1; i < segments.Count - 1; i++) state.Accept(segments[i]);
        return state.Build(transaction);
    }

    private sealed class Level(string id, string code, Level? parent)
    {
        public string Id { get; } = id;
        public string Code { get; } = code;
        public Level? Parent { get; } = parent;
        public EntityName? Name { get; set; }
        public string? Trace { get; set; }

        public AcknowledgmentParty Party() => new(Code, Name, Trace);

        public AcknowledgmentParty? Up(string code) =>
            Code == code ? Party() : Parent?.Up(code);
    }

    private sealed class State
    {
        private readonly Dictionary<string, Level> _levels = new(StringComparer.Ordinal);
        private readonly List<AcknowledgedClaim> _claims = [];
        private readonly List<LevelStatus> _levelStatuses = [];
        private X12Segment? _bht;
        private Level? _level;
        private ClaimBuilder? _claim;

        public void Accept(X12Segment s)
        {
            if (_bht is null)
            {
                if (s.Id != "BHT") throw s.Error("expected BHT as the first segment after ST (277CA header)");
                _bht = s;
                return;
            }
            if (s.Id == "HL")
            {
                OpenLevel(s);
                return;
            }
            if (_level is null) throw s.Error("expected HL (the information source level) before " + s.Id);
            if (_claim is not null && s.Id != "NM1")
            {
                _claim.Accept(s);
                return;
            }
            switch (s.Id)
            {
                case "NM1":
                    if (_claim is not null) throw s.Error("expected NM1 before the claim's TRN (loop 2100D precedes 2200D)");
                    _level.Name = EntityName.From(s);
                    break;
                case "TRN" when _level.Code == "PT":
                    if (s.Required(1, "trace type code") != "2") throw s.Error($"expected TRN01 2 (referenced transaction trace), found '{s.Element(1)}'");
                    _claim = new ClaimBuilder(s.Required(2, "claim control number"), _level, s.Number);
                    break;
                case "TRN":
                    _level.Trace = s.Required(2, "trace number");
                    break;
                case "STC" when _level.Code == "PT":
                    throw s.Error("expected TRN*2 (the claim's trace, loop 2200D) before STC");
                case "STC":
                    _levelStatuses.Add(new LevelStatus(_level.Party(), ReadStatus(s)));
                    break;
                default:
                    break; // DTP, QTY, AMT, REF at source/receiver/provider levels: counts and dates of the batch
            }
        }

        private void OpenLevel(X12Segment hl)
        {
            CloseClaim();
            var id = hl.Required(1, "hierarchical id number");
            var code = hl.RequiredCode(3, "hierarchical level code", "20", "21", "19", "PT");
            Level? parent = null;
            if (hl.Optional(2) is { } parentId && !_levels.TryGetValue(parentId, out parent))
                throw hl.Error($"expected HL02 to name an earlier HL, found '{parentId}'");
            var expectedParent = code switch { "21" => "20", "19" => "21", "PT" => "19", _ => null };
            if (parent?.Code != expectedParent)
                throw hl.Error(expectedParent is null
                    ? "expected HL*20 (information source) to have no parent"
                    : $"expected HL*{code} under an HL*{expectedParent}, found it under {(parent is null ? "none" : "HL*" + parent.Code)}");
            _level = new Level(id, code, parent);
            _levels[id] = _level;
        }

        private void CloseClaim()
        {
            if (_claim is null) return;
            _claims.Add(_claim.Build());
            _claim = null;
        }

        public ClaimAcknowledgment Build(X12Transaction transaction)
        {
            if (_bht is null) throw transaction.Segments[^1].Error("expected BHT as the first segment after ST (277CA header)");
            CloseClaim();
            return new ClaimAcknowledgment(transaction.Interchange, transaction.Group, transaction.ControlNumber,
                _bht.Optional(3), _bht.OptionalDate(4, "transaction set creation date"), _claims, _levelStatuses);
        }

        private sealed class ClaimBuilder(string claimControlNumber, Level patient, int number)
        {
            private readonly List<ClaimStatus> _statuses = [];
            private readonly List<QualifiedValue> _references = [];
            private readonly List<ServiceLineStatus> _lines = [];
            private (DateOnly From, DateOnly To)? _dates;
            private LineBuilder? _line;

            public void Accept(X12Segment s)
            {
                if (s.Id == "SVC")
                {
                    CloseLine();
                    _line = new LineBuilder(s);
                    return;
                }
                if (_line is not null)
                {
                    _line.Accept(s);
                    return;
                }
                switch (s.Id)
                {
                    case "STC":
                        _statuses.Add(ReadStatus(s));
                        break;
                    case "REF":
                        _references.Add(RemittanceAdviceReader.Reference(s));
                        break;
                    case "DTP":
                        if (s.Element(1) == "472") _dates = ReadPeriod(s);
                        break;
                    case "TRN":
                        throw s.Error("expected one TRN per claim (loop 2200D); a second claim needs its own HL*PT or TRN after its statuses");
                    default:
                        break;
                }
            }

            private void CloseLine()
            {
                if (_line is null) return;
                _lines.Add(_line.Build());
                _line = null;
            }

            public AcknowledgedClaim Build()
            {
                CloseLine();
                if (_statuses.Count == 0)
                    throw new X12FormatException(number, "TRN", "expected at least one STC (claim level status) for the claim");
                return new AcknowledgedClaim(claimControlNumber, _references.FirstOrDefault(r => r.Qualifier == "1K")?.Value, _statuses,
                    patient.Up("20"), patient.Up("21"), patient.Up("19"), patient.Party(), _references, _dates?.From, _dates?.To, _lines, number);
            }
        }

        private sealed class LineBuilder(X12Segment svc)
        {
            private readonly ServiceCode _procedure = ServiceCode.From(svc, 1) ?? throw svc.Error("expected SVC01 (procedure composite)");
            private readonly long? _charge = svc.OptionalCents(2, "line item charge amount");
            private readonly List<ClaimStatus> _statuses = [];
            private string? _control;
            private (DateOnly From, DateOnly To)? _dates;

            public void Accept(X12Segment s)
            {
                switch (s.Id)
                {
                    case "STC":
                        _statuses.Add(ReadStatus(s));
                        break;
                    case "REF" when s.Element(1) == "FJ":
                        _control = s.Required(2, "line item control number");
                        break;
                    case "DTP" when s.Element(1) == "472":
                        _dates = ReadPeriod(s);
                        break;
                    case "TRN":
                        throw s.Error("expected TRN before the claim's service lines (loop 2220D)");
                    default:
                        break;
                }
            }

            public ServiceLineStatus Build() => new(_procedure, _charge, _control, _statuses, _dates?.From, _dates?.To);
        }
    }

    private static ClaimStatus ReadStatus(X12Segment stc)
    {
        var primary = Status(stc, 1) ?? throw stc.Error("expected STC01 (health care claim status: category:status code)");
        var additional = new List<StatusCode>();
        if (Status(stc, 10) is { } second) additional.Add(second);
        if (Status(stc, 11) is { } third) additional.Add(third);
        return new ClaimStatus(primary, stc.OptionalDate(2, "status information effective date"), stc.Optional(3),
            stc.OptionalCents(4, "total claim charge amount"), additional, stc.Optional(12), stc.Number);
    }

    private static StatusCode? Status(X12Segment stc, int position)
    {
        if (!stc.Has(position)) return null;
        var category = stc.Component(position, 1);
        var code = stc.Component(position, 2);
        if (category.Length == 0 || code.Length == 0)
            throw stc.Error($"expected {stc.Name(position)} as category{stc.Separators.Component}status code");
        var entity = stc.Component(position, 3);
        return new StatusCode(category, code, entity.Length == 0 ? null : entity);
    }

    // DTP*472*D8*CCYYMMDD or DTP*472*RD8*CCYYMMDD-CCYYMMDD.
    private static (DateOnly, DateOnly) ReadPeriod(X12Segment dtp)
    {
        var format = dtp.Required(2, "date time period format qualifier");
        var text = dtp.Required(3, "service date");
        if (format == "D8" && X12Values.TryParseDate(text, out var day)) return (day, day);
        if (format == "RD8" && text.Length == 17 && text[8] == '-'
            && X12Values.TryParseDate(text.AsSpan(0, 8), out var from) && X12Values.TryParseDate(text.AsSpan(9), out var to))
            return (from, to);
        throw dtp.Error($"expected DTP03 as a {format} date (CCYYMMDD or CCYYMMDD-CCYYMMDD), found '{text}'");
    }
}
