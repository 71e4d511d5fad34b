using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace Claims.Testing;

/// <summary>
/// Reads back the text of a PDF written by <c>PdfReport</c> (WinAnsi strings in the content streams), so a test can
/// assert what a statement, letter or report says, and what it must not say, by opening the real file.
/// </summary>
public static partial class PdfText
{
    /// <summary>Every shown string of every page, one line per text operator, pages in order.</summary>
    public static string Extract(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var text = new StringBuilder();
        foreach (var page in document.Pages)
        {
            Collect(ContentReader.ReadContent(page), text);
        }

        return Whitespace().Replace(text.ToString(), " ");
    }

    /// <summary>The number of pages.</summary>
    public static int PageCount(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return document.PageCount;
    }

    private static void Collect(CObject content, StringBuilder text)
    {
        switch (content)
        {
            case CString shown:
                text.Append(shown.Value).Append('\n');
                break;
            case CSequence sequence:
                foreach (var item in sequence)
                {
                    Collect(item, text);
                }

                break;
            case COperator op:
                foreach (var operand in op.Operands)
                {
                    Collect(operand, text);
                }

                break;
        }
    }

    [GeneratedRegex("[ \t]+")]
    private static partial Regex Whitespace();
}
