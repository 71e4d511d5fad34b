namespace Claims.Documents;

/// <summary>A table column in a <see cref="PdfReport"/>: header text, width in points, alignment.</summary>
public sealed record PdfColumn(string Header, double Width, bool AlignRight = false);
