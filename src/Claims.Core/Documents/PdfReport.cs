using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Claims.Documents;

/// <summary>
/// A plain, paged document on US Letter: headings, wrapped paragraphs, label/value fields and tables that break
/// across pages, with "Page n of m" at the foot. Statements, appeal letters, monthly reports and invoices are
/// written with it so they look alike and share one font. Text is WinAnsi-encoded (Latin-1): names outside it
/// print with '?' rather than failing a statement run. The bytes are PHI when the content is; callers keep them
/// in memory or seal them, never on disk in plaintext.
/// </summary>
public sealed class PdfReport : IDisposable
{
    private const double Margin = 50;
    private const double BodySize = 10;
    private static readonly XPdfFontOptions Encoding = new(PdfFontEncoding.WinAnsi);

    private readonly PdfDocument _document = new();
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _heading;
    private readonly XFont _small;
    private XGraphics? _graphics;
    private double _y;

    /// <summary>Starts a document with its title in the PDF metadata (never PHI: the title is visible to indexers).</summary>
    public PdfReport(string title)
    {
        PdfFonts.EnsureRegistered();
        _document.Info.Title = title;
        _document.Info.Creator = "Claims";
        _body = new XFont(PdfFonts.Family, BodySize, XFontStyleEx.Regular, Encoding);
        _bold = new XFont(PdfFonts.Family, BodySize, XFontStyleEx.Bold, Encoding);
        _heading = new XFont(PdfFonts.Family, 14, XFontStyleEx.Bold, Encoding);
        _small = new XFont(PdfFonts.Family, 8, XFontStyleEx.Regular, Encoding);
        NewPage();
    }

    private double Width => _document.Pages[0].Width.Point - (2 * Margin);

    private double Bottom => _document.Pages[0].Height.Point - Margin - 20;

    private XGraphics Graphics => _graphics ?? throw new ObjectDisposedException(nameof(PdfReport));

    /// <summary>A bold heading with space above it.</summary>
    public PdfReport Heading(string text)
    {
        Space(6);
        EnsureRoom(20);
        Draw(text, _heading, Margin, Width);
        _y += 20;
        return this;
    }

    /// <summary>One line of text, cut to the page width.</summary>
    public PdfReport Line(string text, bool bold = false)
    {
        EnsureRoom(14);
        Draw(text, bold ? _bold : _body, Margin, Width);
        _y += 14;
        return this;
    }

    /// <summary>Text wrapped at word boundaries to the page width.</summary>
    public PdfReport Paragraph(string text)
    {
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            foreach (var line in Wrap(paragraph, _body, Width))
            {
                Line(line);
            }
        }

        return this;
    }

    /// <summary>Label and value pairs, the labels in bold in a column of their own.</summary>
    public PdfReport Fields(IEnumerable<(string Label, string Value)> fields)
    {
        const double labelWidth = 160;
        foreach (var (label, value) in fields)
        {
            var lines = Wrap(value, _body, Width - labelWidth).ToList();
            EnsureRoom(14 * Math.Max(1, lines.Count));
            Draw(label, _bold, Margin, labelWidth - 6);
            foreach (var line in lines.DefaultIfEmpty(string.Empty))
            {
                Draw(line, _body, Margin + labelWidth, Width - labelWidth);
                _y += 14;
            }
        }

        return this;
    }

    /// <summary>A table with a header row repeated on every page it spans.</summary>
    public PdfReport Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        EnsureRoom(30);
        DrawRow(columns, columns.Select(c => c.Header).ToList(), _bold);
        foreach (var row in rows)
        {
            if (_y + 14 > Bottom)
            {
                NewPage();
                DrawRow(columns, columns.Select(c => c.Header).ToList(), _bold);
            }

            DrawRow(columns, row, _body);
        }

        return Space(4);
    }

    /// <summary>Vertical space in points.</summary>
    public PdfReport Space(double points = 8)
    {
        _y += points;
        return this;
    }

    /// <summary>Starts a new page.</summary>
    public PdfReport PageBreak()
    {
        NewPage();
        return this;
    }

    /// <summary>Numbers the pages and returns the document's bytes.</summary>
    public byte[] ToBytes()
    {
        _graphics?.Dispose();
        _graphics = null;
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var footer = new XRect(Margin, page.Height.Point - Margin, page.Width.Point - (2 * Margin), 12);
            graphics.DrawString($"Page {i + 1} of {count}", _small, XBrushes.Gray, footer, XStringFormats.TopRight);
        }

        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.Letter;
        _graphics = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    private void EnsureRoom(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void DrawRow(IReadOnlyList<PdfColumn> columns, IReadOnlyList<string> cells, XFont font)
    {
        var x = Margin;
        for (var i = 0; i < columns.Count; i++)
        {
            var cell = i < cells.Count ? cells[i] : string.Empty;
            var format = columns[i].AlignRight ? XStringFormats.TopRight : XStringFormats.TopLeft;
            var text = Fit(cell, font, columns[i].Width - 4);
            Graphics.DrawString(WinAnsi(text), font, XBrushes.Black, new XRect(x, _y, columns[i].Width - 4, 12), format);
            x += columns[i].Width;
        }

        _y += 14;
    }

    private void Draw(string text, XFont font, double x, double width) =>
        Graphics.DrawString(WinAnsi(Fit(text, font, width)), font, XBrushes.Black, new XRect(x, _y, width, 14), XStringFormats.TopLeft);

    private string Fit(string text, XFont font, double width)
    {
        if (Graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var cut = text;
        while (cut.Length > 1 && Graphics.MeasureString(cut + "...", font).Width > width)
        {
            cut = cut[..^1];
        }

        return cut + "...";
    }

    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && Graphics.MeasureString(candidate, font).Width > width)
            {
                yield return line.ToString();
                line.Clear().Append(word);
            }
            else
            {
                line.Clear().Append(candidate);
            }
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    // WinAnsi covers Latin-1; anything else would print as an empty box, so it is shown as '?' instead.
    private static string WinAnsi(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= ' ' and <= '\u00ff' ? source[i] : '?';
            }
        });
}
