using ClosedXML.Excel;

namespace Claims.Core.Tests.Documents;

// ClosedXML 0.95.4 is the only version the feed serves and it predates .NET 10; this guards that writing and
// reading a workbook works on Linux without libgdiplus (nothing may call AdjustToContents).
public sealed class ExcelWorkbookTests
{
    [Fact]
    public void A_workbook_written_with_ClosedXML_reads_back_with_its_values_on_this_platform()
    {
        using var buffer = new MemoryStream();
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.AddWorksheet("KPIs");
            sheet.Cell(1, 1).Value = "Clean claim rate";
            sheet.Cell(1, 2).Value = 0.9375;
            sheet.Cell(1, 2).Style.NumberFormat.Format = "0.0%";
            sheet.Column(1).Width = 30;
            workbook.SaveAs(buffer);
        }

        buffer.Position = 0;
        using var read = new XLWorkbook(buffer);
        var kpis = read.Worksheet("KPIs");
        Assert.Equal("Clean claim rate", kpis.Cell(1, 1).GetString());
        Assert.Equal(0.9375, kpis.Cell(1, 2).GetDouble(), 6);
    }
}
