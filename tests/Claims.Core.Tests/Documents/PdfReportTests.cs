using Claims.Documents;

namespace Claims.Core.Tests.Documents;

public sealed class PdfReportTests
{
    [Fact]
    public void A_report_reads_back_with_its_text_fields_and_table_rows_and_numbers_its_pages()
    {
        using var report = new PdfReport("Test report");
        report.Heading("Statement for June")
            .Fields([("Clinic", "Riverside Family Practice"), ("Amount due", "$1,234.56")])
            .Paragraph("A paragraph long enough to wrap across the width of the page, so that the wrapping code is exercised by more than one line of text in this test.")
            .Table(
                [new PdfColumn("Code", 80), new PdfColumn("Charge", 100, AlignRight: true)],
                Enumerable.Range(1, 120).Select(i => (IReadOnlyList<string>)[$"9921{i % 10}", $"{i}.00"]));

        var pdf = report.ToBytes();
        var text = PdfText.Extract(pdf);

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        Assert.Contains("Statement for June", text, StringComparison.Ordinal);
        Assert.Contains("Riverside Family Practice", text, StringComparison.Ordinal);
        Assert.Contains("$1,234.56", text, StringComparison.Ordinal);
        Assert.Contains("120.00", text, StringComparison.Ordinal);
        var pages = PdfText.PageCount(pdf);
        Assert.True(pages >= 3, $"120 rows should span several pages, got {pages}");
        Assert.Contains($"Page {pages} of {pages}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Characters_outside_Latin_1_print_as_a_question_mark_instead_of_failing()
    {
        using var report = new PdfReport("Names");
        var text = PdfText.Extract(report.Line("Zoë Ωmega").ToBytes());

        Assert.Contains("Zoë ?mega", text, StringComparison.Ordinal);
    }
}
