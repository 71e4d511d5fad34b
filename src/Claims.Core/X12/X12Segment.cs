using System.Globalization;

namespace Claims.X12;

/// <summary>
/// One segment: its id and elements, as written (no trimming: ISA fields keep their padding), with its 1-based
/// number in the file. Elements are numbered as in the TR3s: <c>CLP01</c> is <c>Element(1)</c>. The text is held
/// once; elements are sliced on demand. <see cref="ToString"/> never prints element values (they may be PHI).
/// </summary>
public sealed class X12Segment
{
    private readonly string _text;

    // _starts[i] is where element i begins (element 0 is the id); _starts[^1] is the text length + 1.
    private readonly int[] _starts;

    internal X12Segment(string id, string text, int[] starts, int number, X12Separators separators)
    {
        Id = id;
        _text = text;
        _starts = starts;
        Number = number;
        Separators = separators;
    }

    // The ISA is split before ISA11 (the repetition separator) is known; the rebuilt copy shares the text.
    internal X12Segment With(X12Separators separators) => new(Id, _text, _starts, Number, separators);

    /// <summary>The segment id: ISA, ST, CLP ...</summary>
    public string Id { get; }

    /// <summary>The 1-based number of this segment in the file (over all interchanges).</summary>
    public int Number { get; }

    public X12Separators Separators { get; }

    /// <summary>How many elements follow the id (as written, so trailing empty elements count only when written).</summary>
    public int ElementCount => _starts.Length - 2;

    /// <summary>Element <paramref name="position"/> (1-based); empty when absent.</summary>
    public ReadOnlySpan<char> Span(int position)
    {
        if (position < 1 || position > ElementCount) return [];
        var start = _starts[position];
        return _text.AsSpan(start, _starts[position + 1] - 1 - start);
    }

    /// <summary>Element <paramref name="position"/> (1-based) as a string; "" when absent.</summary>
    public string Element(int position)
    {
        var span = Span(position);
        return span.IsEmpty ? "" : span.ToString();
    }

    /// <summary>Element <paramref name="position"/>, or null when absent or empty.</summary>
    public string? Optional(int position)
    {
        var span = Span(position);
        return span.IsEmpty ? null : span.ToString();
    }

    /// <summary>True when element <paramref name="position"/> is present and not empty.</summary>
    public bool Has(int position) => !Span(position).IsEmpty;

    /// <summary>Element <paramref name="position"/>; a missing or empty one is an error naming <paramref name="what"/>.</summary>
    public string Required(int position, string what)
    {
        var span = Span(position);
        if (span.IsEmpty) throw Error($"expected {Name(position)} ({what})");
        return span.ToString();
    }

    /// <summary>Refuses a segment with fewer than <paramref name="count"/> elements after the id.</summary>
    public void RequireElements(int count)
    {
        if (ElementCount < count) throw Error($"expected at least {count} elements, found {ElementCount}");
    }

    /// <summary>The components of a composite element (a plain element is one component); [] when absent.</summary>
    public IReadOnlyList<string> Components(int position)
    {
        var span = Span(position);
        return span.IsEmpty ? [] : Split(span, Separators.Component);
    }

    /// <summary>Component <paramref name="component"/> (1-based) of element <paramref name="position"/>; "" when absent.</summary>
    public string Component(int position, int component)
    {
        var span = Span(position);
        for (var i = 1; ; i++)
        {
            var cut = span.IndexOf(Separators.Component);
            if (i == component) return (cut < 0 ? span : span[..cut]).ToString();
            if (cut < 0) return "";
            span = span[(cut + 1)..];
        }
    }

    /// <summary>The repetitions of a repeating element (ISA11 separates them in 5010); [] when absent.</summary>
    public IReadOnlyList<string> Repetitions(int position)
    {
        var span = Span(position);
        return span.IsEmpty ? [] : Split(span, Separators.Repetition);
    }

    /// <summary>An X12 R amount in cents, exactly (see <see cref="X12Values.TryParseCents"/>); absent is an error.</summary>
    public long Cents(int position, string what) =>
        OptionalCents(position, what) ?? throw Error($"expected {Name(position)} ({what})");

    /// <summary>An X12 R amount in cents, or null when absent.</summary>
    public long? OptionalCents(int position, string what)
    {
        var span = Span(position);
        if (span.IsEmpty) return null;
        return X12Values.TryParseCents(span, out var cents)
            ? cents
            : throw Error($"expected {Name(position)} ({what}) as an amount with at most 2 decimals, found '{span}'");
    }

    /// <summary>An X12 R quantity (units, counts) as a decimal, or null when absent.</summary>
    public decimal? OptionalDecimal(int position, string what)
    {
        var span = Span(position);
        if (span.IsEmpty) return null;
        return decimal.TryParse(span, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"expected {Name(position)} ({what}) as a number, found '{span}'");
    }

    /// <summary>A CCYYMMDD date, or null when absent; anything else is an error.</summary>
    public DateOnly? OptionalDate(int position, string what)
    {
        var span = Span(position);
        if (span.IsEmpty) return null;
        return X12Values.TryParseDate(span, out var date)
            ? date
            : throw Error($"expected {Name(position)} ({what}) as a CCYYMMDD date, found '{span}'");
    }

    /// <summary>
    /// Element <paramref name="position"/> must be one of <paramref name="allowed"/>; returns the matching entry
    /// of <paramref name="allowed"/>, so a code costs no allocation.
    /// </summary>
    public string RequiredCode(int position, string what, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var span = Span(position);
        if (span.IsEmpty) throw Error($"expected {Name(position)} ({what})");
        foreach (var code in allowed)
            if (span.SequenceEqual(code)) return code;
        throw Error($"expected {Name(position)} ({what}) to be one of {string.Join(", ", allowed)}, found '{span}'");
    }

    /// <summary>Refuses a missing or empty element <paramref name="position"/> without copying it.</summary>
    public void Require(int position, string what)
    {
        if (Span(position).IsEmpty) throw Error($"expected {Name(position)} ({what})");
    }

    /// <summary>An error located at this segment.</summary>
    public X12FormatException Error(string expected) => new(Number, Id, expected);

    /// <summary>The TR3 name of an element: CLP02, SVC05 ...</summary>
    public string Name(int position) => Id + position.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>The segment's id and number, never its content (an 835 names patients).</summary>
    public override string ToString() => $"segment {Number} ({Id})";

    private static string[] Split(ReadOnlySpan<char> span, char separator)
    {
        var parts = new string[span.Count(separator) + 1];
        for (var i = 0; i < parts.Length; i++)
        {
            var cut = span.IndexOf(separator);
            parts[i] = (cut < 0 ? span : span[..cut]).ToString();
            if (cut >= 0) span = span[(cut + 1)..];
        }
        return parts;
    }
}
