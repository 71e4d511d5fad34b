using ClosedXML.Excel;
using Claims.Operations.Kpis;

namespace Claims.Operations.Reports;

/// <summary>
/// The monthly client report as an Excel workbook (ClosedXML): one sheet per section, numbers as numbers (dollars
/// with cents, rates as fractions formatted as percentages). Column widths are set by hand: AdjustToContents needs
/// System.Drawing and libgdiplus, which Linux hosts lack.
/// </summary>
public static class MonthlyReportWorkbook
{
    private const string DollarFormat = "#,##0.00";

    public static byte[] Write(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var workbook = new XLWorkbook();
        Kpis(workbook.AddWorksheet("KPIs"), report);
        Aging(workbook.AddWorksheet("AR aging"), report.Kpis);
        Collections(workbook.AddWorksheet("Collections"), report.Collections);
        Denials(workbook.AddWorksheet("Denials"), report.Denials);
        Sla(workbook.AddWorksheet("SLA and QA"), report);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Kpis(IXLWorksheet sheet, MonthlyReport report)
    {
        sheet.Cell(1, 1).Value = $"Monthly client report: {report.Clinic}, {report.Month}";
        sheet.Cell(2, 1).Value = $"As of {report.Kpis.AsOf:yyyy-MM-dd HH:mm} UTC";
        Header(sheet, 4, "Key", "KPI", "Value", "Unit", "Numerator", "Numerator is", "Denominator", "Denominator is", "Target", "Formula", "Note");
        var row = 5;
        foreach (var k in report.Kpis.Kpis)
        {
            sheet.Cell(row, 1).Value = k.Key;
            sheet.Cell(row, 2).Value = k.Name;
            if (k.Value is { } v)
            {
                sheet.Cell(row, 3).Value = k.Unit == KpiUnit.Percent ? v / 100m : v;
                sheet.Cell(row, 3).Style.NumberFormat.Format = k.Unit == KpiUnit.Percent ? "0.0%" : "0.0";
            }
            sheet.Cell(row, 4).Value = k.Unit == KpiUnit.Percent ? "%" : "days";
            sheet.Cell(row, 5).Value = k.Numerator;
            sheet.Cell(row, 6).Value = k.NumeratorLabel;
            sheet.Cell(row, 7).Value = k.Denominator;
            sheet.Cell(row, 8).Value = k.DenominatorLabel;
            if (k.InDollars)
            {
                sheet.Cell(row, 5).Style.NumberFormat.Format = DollarFormat;
                sheet.Cell(row, 7).Style.NumberFormat.Format = DollarFormat;
            }
            sheet.Cell(row, 9).Value = k.Target;
            sheet.Cell(row, 10).Value = k.Formula;
            sheet.Cell(row, 11).Value = k.Note ?? "";
            row++;
        }
        Widths(sheet, 22, 30, 10, 7, 14, 26, 14, 30, 16, 90, 14);
    }

    private static void Aging(IXLWorksheet sheet, KpiReport kpis)
    {
        Header(sheet, 1, ["Payer", .. ArAgingRow.Buckets, "Total"]);
        var row = 2;
        foreach (var r in kpis.Aging)
        {
            sheet.Cell(row, 1).Value = r.Payer;
            for (var b = 0; b < r.BucketCents.Count; b++) Money(sheet.Cell(row, b + 2), r.BucketCents[b]);
            Money(sheet.Cell(row, r.BucketCents.Count + 2), r.TotalCents);
            row++;
        }
        Widths(sheet, 34, 14, 14, 14, 14, 14, 16);
    }

    private static void Collections(IXLWorksheet sheet, CollectionsSummary c)
    {
        Header(sheet, 1, "Posted in the month", "Amount ($)");
        (string, long)[] lines =
        [
            ("Charges entered", c.ChargesCents), ("Payer payments", c.PayerPaymentsCents), ("Patient payments", c.PatientPaymentsCents),
            ("Collected", c.CollectedCents), ("Contractual adjustments", c.ContractualCents), ("Patient responsibility", c.PatientResponsibilityCents),
            ("Denied (open)", c.DeniedCents), ("Written off", c.WrittenOffCents), ("Moved to patients", c.TransferredToPatientCents),
        ];
        var row = 2;
        foreach (var (label, cents) in lines)
        {
            sheet.Cell(row, 1).Value = label;
            Money(sheet.Cell(row, 2), cents);
            row++;
        }
        Widths(sheet, 30, 16);
    }

    private static void Denials(IXLWorksheet sheet, IReadOnlyList<DenialLine> denials)
    {
        Header(sheet, 1, "Category", "Group", "CARC", "Description", "Claims", "Amount ($)");
        var row = 2;
        foreach (var d in denials)
        {
            sheet.Cell(row, 1).Value = d.Category;
            sheet.Cell(row, 2).Value = d.Group;
            sheet.Cell(row, 3).Value = d.Carc;
            sheet.Cell(row, 4).Value = d.Description;
            sheet.Cell(row, 5).Value = d.Claims;
            Money(sheet.Cell(row, 6), d.AmountCents);
            row++;
        }
        Widths(sheet, 30, 8, 8, 70, 10, 14);
    }

    private static void Sla(IXLWorksheet sheet, MonthlyReport report)
    {
        Header(sheet, 1, "Service level", "Target", "Met", "Measured", "Attained");
        var row = 2;
        if (report.Sla is null) sheet.Cell(row++, 1).Value = MonthlyReport.NoSlaNote;
        else
        {
            foreach (var s in report.Sla)
            {
                sheet.Cell(row, 1).Value = s.Measure;
                sheet.Cell(row, 2).Value = s.Target;
                sheet.Cell(row, 3).Value = s.Met;
                sheet.Cell(row, 4).Value = s.Measured;
                if (s.Measured > 0)
                {
                    sheet.Cell(row, 5).Value = (decimal)s.Met / s.Measured;
                    sheet.Cell(row, 5).Style.NumberFormat.Format = "0.0%";
                }
                row++;
            }
        }
        var qa = report.Kpis[KpiKeys.CodingAccuracy];
        row++;
        sheet.Cell(row, 1).Value = "QA accuracy (code over code)";
        if (qa.Value is { } v)
        {
            sheet.Cell(row, 2).Value = qa.Target;
            sheet.Cell(row, 3).Value = qa.Numerator;
            sheet.Cell(row, 4).Value = qa.Denominator;
            sheet.Cell(row, 5).Value = v / 100m;
            sheet.Cell(row, 5).Style.NumberFormat.Format = "0.0%";
        }
        else sheet.Cell(row, 2).Value = qa.Note ?? "no QA data";
        Widths(sheet, 40, 18, 10, 10, 10);
    }

    private static void Header(IXLWorksheet sheet, int row, params string[] titles)
    {
        for (var i = 0; i < titles.Length; i++)
        {
            sheet.Cell(row, i + 1).Value = titles[i];
            sheet.Cell(row, i + 1).Style.Font.Bold = true;
        }
    }

    private static void Money(IXLCell cell, long cents)
    {
        cell.Value = cents / 100m;
        cell.Style.NumberFormat.Format = DollarFormat;
    }

    private static void Widths(IXLWorksheet sheet, params double[] widths)
    {
        for (var i = 0; i < widths.Length; i++) sheet.Column(i + 1).Width = widths[i];
    }
}
