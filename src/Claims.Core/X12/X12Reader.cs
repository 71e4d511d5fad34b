using System.Globalization;

namespace Claims.X12;

/// <summary>
/// Streams the segments of an X12 5010 file and checks its envelopes as it goes: ISA/IEA, GS/GE, ST/SE counts and
/// control numbers. Separators are read from each ISA, so a file may hold several interchanges with different
/// delimiters. Whitespace after a terminator (pretty-printed files, CR/LF per segment) is skipped. Only the
/// current segment (and, through <see cref="ReadTransactions"/>, the current transaction set) is held in memory.
/// Anything malformed raises one <see cref="X12FormatException"/> naming the segment number and id. Because it
/// streams, a transaction set is handed out once its SE checks out, before a later GE/IEA is read: a caller that
/// must accept a file whole (posting) reads it to the end before committing anything. Read it once.
/// </summary>
public sealed class X12Reader : IDisposable
{
    private const int IsaMaxLength = 512;

    private readonly TextReader _text;
    private readonly bool _ownsText;
    private readonly X12ReaderOptions _options;
    private readonly char[] _buffer = new char[1 << 16];
    private readonly List<X12Warning> _warnings = [];
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _ids =
        new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    private int _position;
    private int _length;
    private char[] _segment = new char[1024];
    private int _segmentLength;
    private int _number;
    private string? _lastId;

    private X12Separators _separators;
    private EnvelopeState _state = EnvelopeState.Outside;
    private bool _bare;
    private X12Segment? _isa;
    private X12Segment? _gs;
    private X12Segment? _st;
    private int _groups;
    private int _transactions;
    private int _transactionSegments;

    /// <summary>
    /// Reads a byte stream, detecting UTF-8 (with or without BOM) and UTF-16 LE/BE (with or without BOM). Like a
    /// <see cref="StreamReader"/>, the reader disposes the stream when it is disposed.
    /// </summary>
    public X12Reader(Stream stream, X12ReaderOptions? options = null)
        : this(X12Text.Open(stream), options, ownsText: true)
    {
    }

    /// <summary>Reads text already decoded; the caller keeps ownership of <paramref name="text"/>.</summary>
    public X12Reader(TextReader text, X12ReaderOptions? options = null)
        : this(text, options, ownsText: false)
    {
    }

    private X12Reader(TextReader text, X12ReaderOptions? options, bool ownsText)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
        _ownsText = ownsText;
        _options = options ?? X12ReaderOptions.Strict;
    }

    private enum EnvelopeState { Outside, Interchange, Group, Transaction }

    /// <summary>Leniencies applied so far (only those the options allow); empty for a clean file.</summary>
    public IReadOnlyList<X12Warning> Warnings => _warnings;

    /// <summary>Every segment of the file in order, envelopes included, each checked before it is returned.</summary>
    public IEnumerable<X12Segment> ReadSegments()
    {
        while (true)
        {
            var segment = _state == EnvelopeState.Outside ? ReadInterchangeStart() : ReadSegment();
            if (segment is null)
            {
                EndOfInput();
                yield break;
            }
            Track(segment);
            yield return segment;
        }
    }

    /// <summary>Each ST..SE transaction set with its envelope, one at a time (SE already checked).</summary>
    public IEnumerable<X12Transaction> ReadTransactions()
    {
        List<X12Segment>? current = null;
        X12Interchange? interchange = null;
        X12FunctionalGroup? group = null;
        foreach (var segment in ReadSegments())
        {
            switch (segment.Id)
            {
                case "ISA":
                    interchange = X12Interchange.From(segment);
                    break;
                case "GS":
                    group = X12FunctionalGroup.From(segment);
                    break;
                case "ST":
                    current = [segment];
                    break;
                case "SE":
                    current!.Add(segment);
                    yield return new X12Transaction(
                        interchange ?? X12Interchange.None(segment.Separators), group ?? X12FunctionalGroup.None, current);
                    current = null;
                    break;
                default:
                    current?.Add(segment);
                    break;
            }
        }
    }

    public void Dispose()
    {
        if (_ownsText) _text.Dispose();
    }

    // ---- tokenizing ----

    private X12Segment? ReadInterchangeStart()
    {
        if (!SkipWhitespace())
        {
            if (_number == 0) throw new X12FormatException(0, null, "expected an ISA segment, the input is empty");
            return null;
        }
        _segmentLength = 0;
        for (var i = 0; i < 3 && TryReadChar(out var c); i++) Append(c);
        var head = _segment.AsSpan(0, _segmentLength);
        if (head.SequenceEqual("ISA")) return ReadIsa();
        if (head.SequenceEqual("ST*") && (_number == 0 || _bare) && _options.AllowBareTransactionSet)
        {
            _bare = true;
            _separators = X12Separators.Default;
            ScanToTerminator();
            return Build();
        }
        var shown = head.ContainsAnyExcept(Letters) ? "" : $", found '{head}'";
        var hint = head.SequenceEqual("ST*") && !_options.AllowBareTransactionSet
            ? " (this is a bare ST..SE set with no envelope, read only when the caller allows it)"
            : "";
        throw new X12FormatException(_number + 1, null,
            (_number == 0 ? "expected ISA at the start of the input" : "expected ISA to open the next interchange") + shown + hint);
    }

    private X12Segment ReadIsa()
    {
        // The ISA is fixed width in the standard, but hand-edited samples pad it wrongly; counting the 16 element
        // separators finds ISA16 and the terminator either way.
        if (!TryReadChar(out var element)) throw TruncatedIsa();
        Append(element);
        // The separator after "ISA" precedes ISA01; fifteen more precede ISA02..ISA16.
        var separators = 0;
        while (separators < 15)
        {
            if (!TryReadChar(out var c)) throw TruncatedIsa();
            if (_segmentLength >= IsaMaxLength)
                throw new X12FormatException(_number + 1, "ISA", "expected 16 elements in the ISA, found a longer segment");
            Append(c);
            if (c == element) separators++;
        }
        if (!TryReadChar(out var component) || !TryReadChar(out var terminator)) throw TruncatedIsa();
        Append(component);
        if (char.IsLetterOrDigit(terminator) || terminator == element || terminator == component)
            throw new X12FormatException(_number + 1, "ISA", "expected a segment terminator after ISA16");
        _separators = new X12Separators(element, component, '\0', terminator);
        var isa = Build();
        var repetition = isa.Span(11);
        if (isa.Span(12).Trim().SequenceEqual("00401")) throw Unsupported4010(isa, "ISA12 00401");
        if (repetition.Length != 1) throw isa.Error("expected ISA11 to be one character (the repetition separator)");
        // 5010 made ISA11 the repetition separator; many senders still write 4010's "U" there (imsweb's samples do).
        // A letter or digit cannot separate anything, so such an interchange simply has no repetitions.
        if (!char.IsLetterOrDigit(repetition[0]) && !IsSeparator(repetition[0]))
            _separators = _separators with { Repetition = repetition[0] };
        return isa.With(_separators);
    }

    private X12FormatException TruncatedIsa() =>
        new(_number + 1, "ISA", "expected 16 elements and a segment terminator, the input ended inside the ISA");

    private X12Segment? ReadSegment()
    {
        if (!SkipWhitespace()) return null;
        _segmentLength = 0;
        ScanToTerminator();
        return Build();
    }

    private void ScanToTerminator()
    {
        var terminator = _separators.Segment;
        while (true)
        {
            if (_position == _length && !Fill()) return; // the last segment may lack its terminator
            var available = _buffer.AsSpan(_position, _length - _position);
            var end = available.IndexOf(terminator);
            if (end >= 0)
            {
                Append(available[..end]);
                _position += end + 1;
                return;
            }
            Append(available);
            _position = _length;
        }
    }

    private X12Segment Build()
    {
        var number = ++_number;
        var text = _segment.AsSpan(0, _segmentLength);
        // A terminator of LF with CRLF line ends leaves a CR behind; a separator is never whitespace there.
        while (!text.IsEmpty && text[^1] is '\r' or '\n' && !IsSeparator(text[^1])) text = text[..^1];
        var element = _separators.Element;
        var starts = new int[text.Count(element) + 2];
        var index = 0;
        for (var i = 1; i < starts.Length - 1; i++)
        {
            index += text[index..].IndexOf(element) + 1;
            starts[i] = index;
        }
        starts[^1] = text.Length + 1;
        var idSpan = text[..(starts[1] - 1)];
        if (idSpan.Length is < 2 or > 3 || idSpan.ContainsAnyExcept(IdCharacters))
            throw new X12FormatException(number, null,
                "expected a segment id of 2 or 3 capital letters or digits (is the segment terminator right?)");
        if (!_ids.TryGetValue(idSpan, out var id))
        {
            id = idSpan.ToString();
            // A few dozen ids occur in practice; the cap keeps a hostile file from growing the cache.
            if (_ids.Dictionary.Count < 256) _ids[id] = id;
        }
        _lastId = id;
        return new X12Segment(id, text.ToString(), starts, number, _separators);
    }

    private bool IsSeparator(char c) =>
        c == _separators.Element || c == _separators.Component || c == _separators.Repetition || c == _separators.Segment;

    private bool SkipWhitespace()
    {
        while (true)
        {
            if (_position == _length && !Fill()) return false;
            var c = _buffer[_position];
            // Between segments: line ends and indentation of pretty-printed files, a stray NBSP, NUL padding, a DOS EOF.
            var blank = c is '\0' or '\x1A' || char.IsWhiteSpace(c);
            if (!blank || (_state != EnvelopeState.Outside && IsSeparator(c))) return true;
            _position++;
        }
    }

    private bool TryReadChar(out char c)
    {
        if (_position == _length && !Fill())
        {
            c = '\0';
            return false;
        }
        c = _buffer[_position++];
        return true;
    }

    private bool Fill()
    {
        _position = 0;
        _length = _text.Read(_buffer, 0, _buffer.Length);
        return _length > 0;
    }

    private void Append(char c)
    {
        if (_segmentLength == _segment.Length) Array.Resize(ref _segment, _segment.Length * 2);
        _segment[_segmentLength++] = c;
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (_segmentLength + chars.Length > _segment.Length)
            Array.Resize(ref _segment, Math.Max(_segment.Length * 2, _segmentLength + chars.Length));
        chars.CopyTo(_segment.AsSpan(_segmentLength));
        _segmentLength += chars.Length;
    }

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private static readonly System.Buffers.SearchValues<char> Letters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*");

    // ---- envelopes ----

    private void Track(X12Segment segment)
    {
        switch (_state)
        {
            case EnvelopeState.Outside when segment.Id == "ISA":
                OpenInterchange(segment);
                break;
            case EnvelopeState.Outside:
                OpenTransaction(segment); // a bare ST, allowed by ReadInterchangeStart
                break;
            case EnvelopeState.Interchange when segment.Id == "GS":
                OpenGroup(segment);
                break;
            case EnvelopeState.Interchange when segment.Id == "IEA":
                CloseInterchange(segment);
                break;
            case EnvelopeState.Interchange:
                throw segment.Error($"expected GS to open a functional group or IEA to close interchange {_isa!.Element(13)}");
            case EnvelopeState.Group when segment.Id == "ST":
                OpenTransaction(segment);
                break;
            case EnvelopeState.Group when segment.Id == "GE":
                CloseGroup(segment);
                break;
            case EnvelopeState.Group:
                throw segment.Error($"expected ST to open a transaction set or GE to close functional group {_gs!.Element(6)}");
            case EnvelopeState.Transaction:
                _transactionSegments++;
                if (segment.Id == "SE") CloseTransaction(segment);
                else if (segment.Id is "ISA" or "IEA" or "GS" or "GE" or "ST")
                    throw segment.Error($"expected SE to close transaction set {_st!.Element(2)} opened at segment {_st.Number}");
                break;
        }
    }

    private void OpenInterchange(X12Segment isa)
    {
        var version = isa.Span(12).Trim();
        if (!version.SequenceEqual("00501"))
            throw isa.Error($"expected ISA12 00501 (X12 5010), found '{version}'");
        isa.Required(13, "interchange control number");
        _isa = isa;
        _groups = 0;
        _state = EnvelopeState.Interchange;
    }

    private void OpenGroup(X12Segment gs)
    {
        gs.RequireElements(8);
        gs.Required(1, "functional identifier code");
        gs.Required(6, "group control number");
        var version = gs.Required(8, "version / release / industry identifier code");
        if (version.StartsWith("004010", StringComparison.Ordinal)) throw Unsupported4010(gs, "GS08 " + version);
        if (!version.StartsWith("00501", StringComparison.Ordinal))
            throw gs.Error($"expected GS08 to name a 5010 guide (005010...), found '{version}'");
        _gs = gs;
        _transactions = 0;
        _state = EnvelopeState.Group;
    }

    private void OpenTransaction(X12Segment st)
    {
        st.Required(1, "transaction set identifier code");
        st.Required(2, "transaction set control number");
        var guide = st.Element(3);
        if (guide.StartsWith("004010", StringComparison.Ordinal)) throw Unsupported4010(st, "ST03 " + guide);
        _st = st;
        _transactionSegments = 1;
        _state = EnvelopeState.Transaction;
    }

    private void CloseTransaction(X12Segment se)
    {
        var count = se.Required(1, "number of included segments");
        if (count != _transactionSegments.ToString(CultureInfo.InvariantCulture) && ParseCount(se, 1) != _transactionSegments)
            throw se.Error($"expected SE01 = {_transactionSegments} (segments from ST at segment {_st!.Number} to this SE), found {count}");
        var control = se.Required(2, "transaction set control number");
        if (!SameControlNumber(control, _st!.Element(2)))
            throw se.Error($"expected SE02 to echo ST02 {_st.Element(2)}, found {control}");
        _transactions++;
        _state = _bare ? EnvelopeState.Outside : EnvelopeState.Group;
    }

    private void CloseGroup(X12Segment ge)
    {
        ge.Required(1, "number of transaction sets included");
        if (ParseCount(ge, 1) != _transactions)
            throw ge.Error($"expected GE01 = {_transactions} (transaction sets in group {_gs!.Element(6)}), found {ge.Element(1)}");
        var control = ge.Required(2, "group control number");
        if (!SameControlNumber(control, _gs!.Element(6)))
            TrailerMismatch(ge, $"expected GE02 to echo GS06 {_gs.Element(6)}, found {control}");
        _groups++;
        _state = EnvelopeState.Interchange;
    }

    private void CloseInterchange(X12Segment iea)
    {
        iea.Required(1, "number of included functional groups");
        if (ParseCount(iea, 1) != _groups)
            throw iea.Error($"expected IEA01 = {_groups} (functional groups in interchange {_isa!.Element(13)}), found {iea.Element(1)}");
        var control = iea.Required(2, "interchange control number");
        if (!SameControlNumber(control, _isa!.Element(13)))
            TrailerMismatch(iea, $"expected IEA02 to echo ISA13 {_isa.Element(13)}, found {control}");
        _state = EnvelopeState.Outside;
    }

    private void TrailerMismatch(X12Segment segment, string message)
    {
        if (!_options.TolerateTrailerControlNumbers) throw segment.Error(message);
        _warnings.Add(new X12Warning(segment.Number, segment.Id, message));
    }

    private void EndOfInput()
    {
        var where = _state switch
        {
            EnvelopeState.Transaction => $"expected SE: the input ended inside transaction set {_st!.Element(2)} opened at segment {_st.Number}",
            EnvelopeState.Group => $"expected GE: the input ended inside functional group {_gs!.Element(6)} opened at segment {_gs.Number}",
            EnvelopeState.Interchange => $"expected IEA: the input ended inside interchange {_isa!.Element(13)} opened at segment {_isa.Number}",
            _ => null,
        };
        if (where is not null) throw new X12FormatException(_number, _lastId, where);
    }

    private static int ParseCount(X12Segment segment, int position) =>
        int.TryParse(segment.Span(position), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw segment.Error($"expected {segment.Name(position)} to be a count, found '{segment.Span(position)}'");

    // Control numbers are N0 in GS/GE and ST/SE may be AN: compare digits by value (0001 = 1), anything else as text.
    private static bool SameControlNumber(string a, string b)
    {
        var x = a.AsSpan().Trim();
        var y = b.AsSpan().Trim();
        if (x.SequenceEqual(y)) return true;
        if (x.IsEmpty || y.IsEmpty || x.ContainsAnyExceptInRange('0', '9') || y.ContainsAnyExceptInRange('0', '9')) return false;
        x = x.TrimStart('0');
        y = y.TrimStart('0');
        return x.SequenceEqual(y);
    }

    private static X12FormatException Unsupported4010(X12Segment segment, string found) =>
        segment.Error($"expected X12 5010; found {found}, which is X12 4010 and not supported (only 5010 is read)");
}
