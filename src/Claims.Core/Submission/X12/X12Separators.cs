namespace Claims.Submission;

/// <summary>
/// The four delimiters of an interchange. The element separator is the ISA's fourth character, the
/// repetition separator is ISA11, the component separator is ISA16 and the segment terminator follows ISA16
/// (X12.5 / TR3 appendix B). The defaults are the ones clearinghouses expect unless told otherwise.
/// </summary>
public sealed record X12Separators(char Element = '*', char Repetition = '^', char Component = ':', char Segment = '~')
{
    public static X12Separators Default { get; } = new();

    /// <summary>True when the character is one of the four delimiters (a data value may not contain it).</summary>
    public bool IsDelimiter(char c) => c == Element || c == Repetition || c == Component || c == Segment;
}
