using System.Text;

namespace Claims.Submission;

/// <summary>One segment: its elements, element 0 being the segment id; <see cref="Number"/> counts from 1 in the file.</summary>
public sealed record X12Segment(int Number, string[] Elements)
{
    public string Id => Elements[0];

    /// <summary>Element <paramref name="index"/> (1-based as the TR3 counts), or "" when absent.</summary>
    public string this[int index] => index < Elements.Length ? Elements[index] : "";
}

/// <summary>
/// A small X12 splitter, until the X12 reader (<c>Claims.X12</c>) lands: separators from the ISA (element = the
/// fourth character, component = ISA16, segment terminator = the character after it), BOM, CR/LF and pretty-printing
/// tolerated; a file that does not start with a 106-character ISA is refused with a clear message.
/// </summary>
public static class X12Segments
{
    public static IReadOnlyList<X12Segment> Split(ReadOnlySpan<byte> content, out X12Separators separators) => Split(Encoding.ASCII.GetString(content), out separators);

    public static IReadOnlyList<X12Segment> Split(string text, out X12Separators separators)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (text.Length < 106 || !text.StartsWith("ISA", StringComparison.Ordinal)) throw new FormatException("Segment 1: not an X12 interchange (it does not start with a 106-character ISA).");
        var element = text[3];
        var component = text[104];
        var terminator = text[105];
        var repetition = text[82];
        separators = new X12Separators(element, repetition, component, terminator);
        var segments = new List<X12Segment>();
        var number = 0;
        foreach (var raw in text.Split(terminator))
        {
            var s = raw.Trim('\r', '\n', ' ', '\t');
            if (s.Length == 0) continue;
            segments.Add(new X12Segment(++number, s.Split(element)));
        }
        return segments;
    }
}
