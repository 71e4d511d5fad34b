namespace Claims.X12;

/// <summary>
/// The four delimiters of one interchange. X12 5010 takes them from the ISA itself: element = the character
/// after "ISA", repetition = ISA11, component = ISA16, segment terminator = the character after ISA16.
/// </summary>
public readonly record struct X12Separators(char Element, char Component, char Repetition, char Segment)
{
    /// <summary>The conventional <c>*</c> <c>:</c> <c>^</c> <c>~</c>, used only for a bare ST..SE set (no ISA to read them from).</summary>
    public static X12Separators Default { get; } = new('*', ':', '^', '~');
}
