using System.Globalization;
using System.Text.Json;
using Claims.Operations.Invoices;
using Claims.Operations.Kpis;
using Claims.Operations.Reports;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Operations;

/// <summary>
/// The monthly client report (PDF and workbook) holds the KPIs and no patient data; the invoice totals to the cent by
/// an independent SQL computation; the CLI prints the same figures as the use case the pages call.
/// </summary>
public sealed class ReportAndInvoiceTests(OperationsDemoFixture fx) : IClassFixture<OperationsDemoFixture>
{
    private static readonly ReportMonth October = ReportMonth.Parse("2026-10");

    [Fact]
    public async Task The_monthly_report_files_open_hold_the_KPIs_and_contain_no_patient_name_birth_date_or_member_id()
    {
        MonthlyReportFiles files;
        await using (var db = fx.Open()) files = await new MonthlyReports(db, fx.Home.Time).CreateAsync(fx.ClinicId, October, OperationsDemoFixture.Admin);

        var text = PdfText.Extract(files.Pdf);
        using var workbook = new XLWorkbook(new MemoryStream(files.Workbook));
        var cells = workbook.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => c.GetFormattedString()).ToList();
        var sheet = workbook.Worksheet("KPIs");
        foreach (var k in files.Report.Kpis.Kpis)
        {
            Assert.Contains(k.Name, text, StringComparison.Ordinal);
            Assert.Contains(k.Note ?? k.Display, text, StringComparison.Ordinal);
            var row = sheet.RowsUsed().Single(r => r.Cell(1).GetString() == k.Key);
            Assert.Equal(k.Numerator, row.Cell(5).GetValue<decimal>());
            Assert.Equal(k.Denominator, row.Cell(7).GetValue<decimal>());
            Assert.Equal(k.Formula, row.Cell(10).GetString());
        }
        Assert.True(files.Report.Kpis[KpiKeys.CleanClaimRate].Denominator > 0);
        // SLA attainment comes from the clinic's SLA clocks (SlaClockAttainmentSource), one line per service level.
        Assert.NotNull(files.Report.Sla);
        Assert.True(files.Report.Sla.Sum(l => l.Measured) > 0);
        Assert.All(files.Report.Sla, l => Assert.Contains(l.Measure, text, StringComparison.Ordinal));
        Assert.All(files.Report.Sla, l => Assert.Contains(l.Target, text, StringComparison.Ordinal)); // whole, not cut to its column
        Assert.DoesNotContain(MonthlyReport.NoSlaNote, text, StringComparison.Ordinal);
        Assert.Contains("no QA data", text, StringComparison.Ordinal);
        Assert.NotEmpty(files.Report.Denials);
        Assert.All(files.Report.Denials, d => Assert.Contains($"{d.Group}-{d.Carc}", text, StringComparison.Ordinal));
        Assert.Equal(files.Report.Kpis.Aging.Sum(r => r.TotalCents) / 100m, workbook.Worksheet("AR aging").Column(7).CellsUsed().Skip(1).Sum(c => c.GetValue<decimal>()));

        await using var read = fx.Open();
        var identifiers = new List<string>();
        foreach (var patient in await read.Patients.ToListAsync())
        {
            if (await read.Phi.RevealAsync(patient) is not { } person) continue;
            identifiers.AddRange([person.FamilyName!, person.BirthDate!, person.Mrn!]);
        }
        foreach (var coverage in await read.Coverages.ToListAsync())
        {
            if (await read.Phi.RevealMemberIdAsync(coverage) is { } member) identifiers.Add(member);
        }
        identifiers.AddRange(await read.Claims.Where(c => c.ClinicId == fx.ClinicId).Select(c => c.ControlNumber.Value).ToListAsync());
        Assert.True(identifiers.Count > 300);
        foreach (var value in identifiers.Where(v => v.Length >= 4).Distinct())
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
            Assert.DoesNotContain(cells, c => c.Contains(value, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_percentage_invoice_charges_each_claims_collections_rounded_to_the_cent_and_totals_its_lines()
    {
        ClientInvoice invoice;
        byte[] csv;
        await using (var db = fx.Open())
            (invoice, csv, _) = await new ClientInvoices(db, fx.Home.Time, new DefaultInvoiceTermsSource(null, InvoiceTerms.Percent(675))).ExportAsync(fx.ClinicId, October, OperationsDemoFixture.Biller);

        // Independently: collections per claim by SQL, 6.75% of each rounded half away from zero, summed.
        var expected = new Dictionary<string, long>();
        await using (var sql = new SqliteConnection(fx.Home.Settings.ConnectionString))
        {
            await sql.OpenAsync();
            await using var command = sql.CreateCommand();
            command.CommandText = """
                SELECT c.ControlNumber, SUM(l.AmountCents) FROM ledger_entries l JOIN claims c ON c.Id = l.ClaimId
                WHERE c.ClinicId = @clinic AND l.Kind IN ('Payment', 'PatientPayment') AND l.PostedAt >= @start AND l.PostedAt < @end
                GROUP BY c.ControlNumber HAVING SUM(l.AmountCents) <> 0
                """;
            command.Parameters.AddWithValue("@clinic", fx.ClinicId.ToString().ToUpperInvariant());
            command.Parameters.AddWithValue("@start", Encode(October.Start));
            command.Parameters.AddWithValue("@end", Encode(October.End));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) expected[reader.GetString(0)] = reader.GetInt64(1);
        }
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), invoice.Lines.Select(l => l.ClaimControlNumber).Order());
        foreach (var line in invoice.Lines)
        {
            Assert.Equal(expected[line.ClaimControlNumber], line.BaseCents);
            Assert.Equal((long)Math.Round(line.BaseCents * 0.0675m, MidpointRounding.AwayFromZero), line.FeeCents);
        }
        var total = expected.Values.Sum(v => (long)Math.Round(v * 0.0675m, MidpointRounding.AwayFromZero));
        Assert.Equal(total, invoice.TotalCents);
        var lastLine = System.Text.Encoding.UTF8.GetString(csv).TrimEnd().Split("\r\n")[^1];
        Assert.Equal($"total,,,{(expected.Values.Sum() / 100m).ToString("0.00", CultureInfo.InvariantCulture)},{(total / 100m).ToString("0.00", CultureInfo.InvariantCulture)}", lastLine);
        Assert.Contains("Total", PdfText.Extract((await ExportPdfAsync(InvoiceTerms.Percent(675)))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_per_claim_invoice_charges_every_claim_first_submitted_in_the_month_once()
    {
        ClientInvoice invoice;
        await using (var db = fx.Open())
            invoice = await new ClientInvoices(db, fx.Home.Time, new DefaultInvoiceTermsSource(null, InvoiceTerms.PerClaim(450))).CreateAsync(fx.ClinicId, October, OperationsDemoFixture.Biller);
        KpiReport kpis;
        await using (var db = fx.Open()) kpis = await new OperationsKpis(db, fx.Home.Time).ForMonthAsync(fx.ClinicId, October, OperationsDemoFixture.Admin);
        // Claims first submitted in the month: the denominator of the clean claim rate.
        Assert.Equal(kpis[KpiKeys.CleanClaimRate].Denominator, invoice.Lines.Count);
        Assert.Equal(invoice.Lines.Count * 450L, invoice.TotalCents);
        Assert.Equal(invoice.Lines.Count, invoice.Lines.Select(l => l.ClaimControlNumber).Distinct().Count());
    }

    [Fact]
    public async Task The_CLI_prints_the_use_case_figures_and_writes_the_report_and_invoice_files()
    {
        KpiReport report;
        await using (var db = fx.Open()) report = await new OperationsKpis(db, fx.Home.Time).ForMonthAsync(fx.ClinicId, October, OperationsDemoFixture.Admin);

        var (exit, output, error) = await fx.Home.RunCliAsync("kpis", "--clinic", fx.ClinicId.ToString(), "--month", "2026-10", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        foreach (var k in json.RootElement.GetProperty("kpis").EnumerateArray())
        {
            var mine = report[k.GetProperty("key").GetString()!];
            Assert.Equal(mine.Numerator, k.GetProperty("numerator").GetDecimal());
            Assert.Equal(mine.Denominator, k.GetProperty("denominator").GetDecimal());
            Assert.Equal(mine.Formula, k.GetProperty("formula").GetString());
        }
        var (textExit, text, _) = await fx.Home.RunCliAsync("kpis", "--clinic", fx.ClinicId.ToString(), "--month", "2026-10");
        Assert.Equal(0, textExit);
        Assert.Contains($"Clean claim rate: {report[KpiKeys.CleanClaimRate].Display}", text, StringComparison.Ordinal);

        var folder = Path.Combine(fx.Home.Home, "out");
        Assert.Equal(0, (await fx.Home.RunCliAsync("reports", "monthly", "--clinic", fx.ClinicId.ToString(), "--month", "2026-10", "--out", folder)).Exit);
        Assert.Single(Directory.GetFiles(folder, "monthly-report-*-2026-10.pdf"));
        Assert.Single(Directory.GetFiles(folder, "monthly-report-*-2026-10.xlsx"));
        var (invoiceExit, invoiceOut, _) = await fx.Home.RunCliAsync("invoices", "--clinic", fx.ClinicId.ToString(), "--month", "2026-10", "--out", folder, "--per-claim", "4.50", "--json");
        Assert.Equal(0, invoiceExit);
        using var invoice = JsonDocument.Parse(invoiceOut);
        Assert.Equal((long)report[KpiKeys.CleanClaimRate].Denominator * 450, invoice.RootElement.GetProperty("totalCents").GetInt64());

        Assert.Equal(2, (await fx.Home.RunCliAsync("kpis", "--month", "October")).Exit);
        Assert.Equal(2, (await fx.Home.RunCliAsync("invoices", "--clinic", fx.ClinicId.ToString(), "--month", "2026-10", "--out", folder, "--percent", "5", "--per-claim", "1")).Exit);
    }

    private async Task<byte[]> ExportPdfAsync(InvoiceTerms terms)
    {
        await using var db = fx.Open();
        return (await new ClientInvoices(db, fx.Home.Time, new DefaultInvoiceTermsSource(null, terms)).ExportAsync(fx.ClinicId, October, OperationsDemoFixture.Biller)).Pdf;
    }

    private static long Encode(DateTimeOffset at) => (long)new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(at)!;
}
