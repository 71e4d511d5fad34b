using System.Globalization;
using Claims.Documents;
using Claims.Operations.Kpis;

namespace Claims.Operations.Reports;

/// <summary>The monthly client report as a PDF (<see cref="PdfReport"/>): aggregates only, no patient data.</summary>
public static class MonthlyReportPdf
{
    public static byte[] Write(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var pdf = new PdfReport($"Monthly client report {report.Month}");
        pdf.Heading($"Monthly client report: {report.Clinic}, {report.Month}")
            .Line($"Figures as of {report.Kpis.AsOf:yyyy-MM-dd HH:mm} UTC; made {report.CreatedAt:yyyy-MM-dd HH:mm} UTC.");

        pdf.Heading("Key performance indicators");
        pdf.Table(
            [new PdfColumn("KPI", 140), new PdfColumn("Value", 70, true), new PdfColumn("Numerator", 80, true), new PdfColumn("Denominator", 80, true), new PdfColumn("Target", 140)],
            report.Kpis.Kpis.Select(k => (IReadOnlyList<string>)[k.Name, k.Note ?? k.Display, k.NumeratorDisplay, k.DenominatorDisplay, k.Target]));
        foreach (var k in report.Kpis.Kpis) pdf.Paragraph($"{k.Name}: {k.NumeratorLabel} / {k.DenominatorLabel}. {k.Formula}.");

        pdf.Heading("AR aging by payer (days from date of service, $)");
        pdf.Table(
            [new PdfColumn("Payer", 150), .. ArAgingRow.Buckets.Select(b => new PdfColumn(b, 55, true)), new PdfColumn("Total", 70, true)],
            report.Kpis.Aging.Select(r => (IReadOnlyList<string>)[r.Payer, .. r.BucketCents.Select(Dollars), Dollars(r.TotalCents)]));

        var c = report.Collections;
        pdf.Heading("Collections and adjustments posted in the month ($)");
        pdf.Fields([
            ("Charges entered", Dollars(c.ChargesCents)),
            ("Payer payments", Dollars(c.PayerPaymentsCents)),
            ("Patient payments", Dollars(c.PatientPaymentsCents)),
            ("Collected", Dollars(c.CollectedCents)),
            ("Contractual adjustments", Dollars(c.ContractualCents)),
            ("Patient responsibility", Dollars(c.PatientResponsibilityCents)),
            ("Denied (open)", Dollars(c.DeniedCents)),
            ("Written off", Dollars(c.WrittenOffCents)),
            ("Moved to patients", Dollars(c.TransferredToPatientCents)),
        ]);

        pdf.Heading("Denials by category and CARC");
        if (report.Denials.Count == 0) pdf.Line("No denials posted this month.");
        else
            pdf.Table(
                [new PdfColumn("Category", 130), new PdfColumn("Group-CARC", 70), new PdfColumn("Description", 200), new PdfColumn("Claims", 45, true), new PdfColumn("Amount", 65, true)],
                report.Denials.Select(d => (IReadOnlyList<string>)[d.Category, $"{d.Group}-{d.Carc}", Short(d.Description, 48), d.Claims.ToString(CultureInfo.InvariantCulture), Dollars(d.AmountCents)]));

        pdf.Heading("SLA attainment");
        if (report.Sla is null) pdf.Paragraph(MonthlyReport.NoSlaNote);
        else
            pdf.Table(
                [new PdfColumn("Service level", 120), new PdfColumn("Target", 200), new PdfColumn("Met", 60, true), new PdfColumn("Measured", 60, true), new PdfColumn("Attained", 60, true)],
                report.Sla.Select(s => (IReadOnlyList<string>)[s.Measure, s.Target, s.Met.ToString(CultureInfo.InvariantCulture), s.Measured.ToString(CultureInfo.InvariantCulture), s.Measured == 0 ? "—" : (s.Met * 100m / s.Measured).ToString("0.0", CultureInfo.InvariantCulture) + "%"]));

        pdf.Heading("QA accuracy");
        var qa = report.Kpis[KpiKeys.CodingAccuracy];
        pdf.Paragraph(qa.Value is null ? $"{qa.Note ?? "No QA reviews completed this month"}." : $"{qa.Display}: {qa.NumeratorDisplay} of {qa.DenominatorDisplay} codes agreed on QA review (target {qa.Target}).");
        return pdf.ToBytes();
    }

    internal static string Dollars(long cents) => (cents / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Short(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
