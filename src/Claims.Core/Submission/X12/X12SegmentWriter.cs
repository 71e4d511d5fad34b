using System.Globalization;

namespace Claims.Submission;

/// <summary>
/// Writes segments element by element straight to a <see cref="TextWriter"/>, without building strings.
/// Empty elements and components are held back and written only when a later one has a value, so a segment
/// never ends in empty elements (X12.6: trailing delimiters are not sent). Values arrive validated.
/// </summary>
internal sealed class X12SegmentWriter(TextWriter output, X12Separators separators, bool lineBreak)
{
    private readonly char _element = separators.Element;
    private readonly char _component = separators.Component;
    private readonly char _terminator = separators.Segment;
    private int _pendingElements;
    private int _pendingComponents;

    /// <summary>Segments written since the last <see cref="ResetCount"/> (SE01 counts ST..SE).</summary>
    public int Count { get; private set; }

    public long Total { get; private set; }

    public void ResetCount() => Count = 0;

    public X12SegmentWriter Segment(string id)
    {
        output.Write(id);
        _pendingElements = 0;
        return this;
    }

    public X12SegmentWriter Element(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            _pendingElements++;
            return this;
        }
        StartElement();
        output.Write(value);
        return this;
    }

    /// <summary>A name or address: upper case, as clearinghouses and payer front ends expect (values are ASCII).</summary>
    public X12SegmentWriter Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            _pendingElements++;
            return this;
        }
        StartElement();
        WriteUpper(value);
        return this;
    }

    public X12SegmentWriter Element(long value)
    {
        StartElement();
        Span<char> buffer = stackalloc char[20];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        output.Write(buffer[..written]);
        return this;
    }

    /// <summary>An R (decimal) element from cents: no trailing zeros after the point, no point for whole dollars.</summary>
    public X12SegmentWriter Amount(long cents)
    {
        StartElement();
        WriteAmount(cents);
        return this;
    }

    /// <summary>CCYYMMDD (DT, 8).</summary>
    public X12SegmentWriter Date(DateOnly date)
    {
        StartElement();
        Span<char> buffer = stackalloc char[8];
        date.TryFormat(buffer, out _, "yyyyMMdd", CultureInfo.InvariantCulture);
        output.Write(buffer);
        return this;
    }

    public X12SegmentWriter Composite(string first)
    {
        StartElement();
        output.Write(first);
        _pendingComponents = 0;
        return this;
    }

    public X12SegmentWriter Component(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            _pendingComponents++;
            return this;
        }
        StartComponent();
        output.Write(value);
        return this;
    }

    public X12SegmentWriter Component(int value)
    {
        StartComponent();
        Span<char> buffer = stackalloc char[11];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        output.Write(buffer[..written]);
        return this;
    }

    /// <summary>Ends the segment; held-back empty elements are dropped.</summary>
    public void End()
    {
        output.Write(_terminator);
        if (lineBreak) output.Write('\n');
        _pendingElements = 0;
        Count++;
        Total++;
    }

    private void StartElement()
    {
        for (var i = 0; i <= _pendingElements; i++) output.Write(_element);
        _pendingElements = 0;
    }

    private void StartComponent()
    {
        for (var i = 0; i <= _pendingComponents; i++) output.Write(_component);
        _pendingComponents = 0;
    }

    private void WriteUpper(string value)
    {
        if (value.Length > 128)
        {
            output.Write(value.ToUpperInvariant());
            return;
        }
        Span<char> buffer = stackalloc char[value.Length];
        for (var i = 0; i < value.Length; i++) buffer[i] = char.ToUpperInvariant(value[i]);
        output.Write(buffer);
    }

    private void WriteAmount(long cents)
    {
        // Amounts are validated to 0..99,999,999.99 before writing; R elements carry no thousands separator.
        Span<char> buffer = stackalloc char[24];
        var dollars = cents / 100;
        var rest = (int)(cents % 100);
        dollars.TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture);
        if (rest != 0)
        {
            buffer[n++] = '.';
            buffer[n++] = (char)('0' + (rest / 10));
            if (rest % 10 != 0) buffer[n++] = (char)('0' + (rest % 10));
        }
        output.Write(buffer[..n]);
    }
}
