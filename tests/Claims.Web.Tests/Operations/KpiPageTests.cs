using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Claims.Audit;
using Claims.Domain;
using Claims.Operations.Kpis;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Operations;

/// <summary>
/// The operations pages on a host seeded with two months of demo activity: the dashboard shows what the KPI use case
/// and <c>claims kpis --json</c> compute, drill-downs list the claims counted, a clinic sees only its own figures,
/// reports and invoices download as audited exports.
/// </summary>
public sealed partial class KpiPageTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private readonly WebApplicationFactory<Program> _app = factory.WithWebHostBuilder(b => b.UseSetting("Demo:ActivityMonths", "2"));

    private static ReportMonth LastMonth => ReportMonth.Of(DateTimeOffset.UtcNow).Previous();

    [Fact]
    public async Task The_dashboard_shows_each_KPI_with_its_formula_and_the_same_figures_as_the_CLI()
    {
        var client = await SignedInAsync("biller@demo.claims.local");
        var page = await client.GetStringAsync(new Uri($"/Operations/Kpis?month={LastMonth}", UriKind.Relative));

        var cli = await CliRunner.RunAsync(Settings, TimeProvider.System, "kpis", "--month", LastMonth.ToString(), "--json");
        Assert.Equal(0, cli.Exit);
        using var json = JsonDocument.Parse(cli.Out);
        var kpis = json.RootElement.GetProperty("kpis").EnumerateArray().ToList();
        Assert.Equal(KpiKeys.All.Count, kpis.Count);
        Assert.True(kpis.First(k => k.GetProperty("key").GetString() == KpiKeys.CleanClaimRate).GetProperty("denominator").GetDecimal() > 0);
        foreach (var k in kpis)
        {
            var key = k.GetProperty("key").GetString()!;
            var tile = WebUtility.HtmlDecode(Tile(page, key));
            var value = k.GetProperty("value").ValueKind == JsonValueKind.Null ? (decimal?)null : k.GetProperty("value").GetDecimal();
            var unit = k.GetProperty("unit").GetString();
            var display = value is null ? "—" : value.Value.ToString("0.0", CultureInfo.InvariantCulture) + (unit == "Percent" ? "%" : " days");
            Assert.Contains(display, tile, StringComparison.Ordinal);
            Assert.Contains(k.GetProperty("formula").GetString()!, tile, StringComparison.Ordinal);
            var dollars = k.GetProperty("inDollars").GetBoolean();
            Assert.Contains(k.GetProperty("numerator").GetDecimal().ToString(dollars ? "N2" : "#,0.##", CultureInfo.InvariantCulture), tile, StringComparison.Ordinal);
            Assert.Contains(k.GetProperty("denominator").GetDecimal().ToString(dollars ? "N2" : "#,0.##", CultureInfo.InvariantCulture), tile, StringComparison.Ordinal);
        }
        // Charts: Chart.js from the app itself and the drawing code in a file; the data in a JSON block, no inline script.
        Assert.Matches("<script src=\"/lib/chartjs/chart\\.umd\\.min(\\.[a-z0-9]+)?\\.js\">", page);
        Assert.Matches("<script src=\"/js/kpis(\\.[a-z0-9]+)?\\.js\">", page);
        Assert.Contains("<script type=\"application/json\" id=\"kpi-data\">", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineScript(), page);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/js/kpis.js", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_drill_down_lists_exactly_the_claims_counted_and_is_an_audited_read_with_ids_only_in_the_URL()
    {
        var client = await SignedInAsync("biller@demo.claims.local");
        var page = await client.GetStringAsync(new Uri($"/Operations/Kpis?month={LastMonth}", UriKind.Relative));
        var link = System.Net.WebUtility.HtmlDecode(DrillLink().Matches(Tile(page, KpiKeys.ClaimLag)).Select(m => m.Groups[1].Value).First(l => l.Contains("side=Denominator", StringComparison.Ordinal)));
        Assert.Matches("^/Operations/KpiClaims\\?key=[a-z-]+&side=Denominator&month=\\d{4}-\\d{2}$", link);

        var list = await client.GetStringAsync(new Uri(link, UriKind.Relative));

        KpiReport report;
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            report = await new OperationsKpis(db, TimeProvider.System).ForMonthAsync(null, LastMonth, Caller.FromCli(new Actor("test", ClaimRole.Admin)));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "ClaimList" && e.ActorId == "biller@demo.claims.local" && e.Details!.Contains("KPI drill-down")));
        }
        var shown = ClaimRow().Matches(list).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(report[KpiKeys.ClaimLag].DenominatorClaims.Order(), shown.Order());
        Assert.NotEmpty(shown);
    }

    [Fact]
    public async Task A_clinic_user_sees_only_its_own_clinic_whatever_the_URL_says_and_a_coder_none()
    {
        Guid own, other;
        string ownName;
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            var clinics = await db.Clinics.OrderBy(c => c.Name).ToListAsync();
            own = clinics[0].Id; // the demo clinic user belongs to the first clinic by name
            ownName = clinics[0].Name;
            other = clinics[1].Id;
        }
        var client = await SignedInAsync("clinic@demo.claims.local");
        var page = await client.GetStringAsync(new Uri($"/Operations/Kpis?month={LastMonth}&clinic={other}", UriKind.Relative));
        Assert.Contains($"KPIs · {System.Net.WebUtility.HtmlEncode(ownName)}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Clinics side by side", page, StringComparison.Ordinal);
        Assert.DoesNotContain(other.ToString(), page, StringComparison.Ordinal);

        var coder = await SignedInAsync("coder@demo.claims.local");
        var denied = await coder.GetAsync(new Uri("/Operations/Kpis", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        Assert.NotEqual(own, other);
    }

    [Fact]
    public async Task The_monthly_report_and_the_invoice_download_as_audited_exports_and_the_invoice_page_shows_the_use_case_total()
    {
        Guid clinic;
        using (var scope = _app.Services.CreateScope())
        {
            clinic = await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().Clinics.OrderBy(c => c.Name).Select(c => c.Id).FirstAsync();
        }
        var client = await SignedInAsync("biller@demo.claims.local");
        var form = await client.GetStringAsync(new Uri("/Operations/Reports", UriKind.Relative));
        var pdf = await client.PostAsync(new Uri("/Operations/Reports?handler=Pdf", UriKind.Relative), TestSupport.Form(form, ("clinic", clinic.ToString()), ("month", LastMonth.ToString())));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Clean claim rate", PdfText.Extract(await pdf.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        var xlsx = await client.PostAsync(new Uri("/Operations/Reports?handler=Workbook", UriKind.Relative), TestSupport.Form(form, ("clinic", clinic.ToString()), ("month", LastMonth.ToString())));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal((byte)'P', (await xlsx.Content.ReadAsByteArrayAsync())[0]); // a zip container

        var invoicePage = await client.GetStringAsync(new Uri($"/Operations/Invoices?clinic={clinic}&month={LastMonth}", UriKind.Relative));
        long total;
        using (var scope = _app.Services.CreateScope())
        {
            var invoices = ActivatorUtilities.CreateInstance<Claims.Operations.Invoices.ClientInvoices>(scope.ServiceProvider);
            total = (await invoices.CreateAsync(clinic, LastMonth, Caller.FromCli(new Actor("test", ClaimRole.Admin)))).TotalCents;
        }
        Assert.Contains($"<strong>${(total / 100m).ToString("N2", CultureInfo.InvariantCulture)}</strong>", invoicePage, StringComparison.Ordinal);
        var csv = await client.PostAsync(new Uri("/Operations/Invoices?handler=Csv", UriKind.Relative), TestSupport.Form(invoicePage, ("clinic", clinic.ToString()), ("month", LastMonth.ToString())));
        var text = await csv.Content.ReadAsStringAsync();
        Assert.EndsWith($",{(total / 100m).ToString("0.00", CultureInfo.InvariantCulture)}\r\n", text, StringComparison.Ordinal);

        using var check = _app.Services.CreateScope();
        var audit = check.ServiceProvider.GetRequiredService<ClaimsDbContext>().AuditEntries;
        Assert.True(await audit.AnyAsync(e => e.EntityType == "MonthlyReport" && e.Action == AuditAction.Export && e.ActorId == "biller@demo.claims.local"));
        Assert.True(await audit.AnyAsync(e => e.EntityType == "ClientInvoice" && e.Action == AuditAction.Export && e.ActorId == "biller@demo.claims.local"));
    }

    private Func<ClaimsDatabaseSettings> Settings => () => new ClaimsDatabaseSettings(DatabaseProvider.Sqlite, ClaimsDatabaseSettings.SqliteFile(Path.Combine(factory.Home, "claims.db")), factory.Home);

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, email);
        return client;
    }

    private static string Tile(string page, string key)
    {
        var start = page.IndexOf($"data-kpi=\"{key}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no tile {key}");
        return page[start..page.IndexOf("</article>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex("href=\"(/Operations/KpiClaims\\?[^\"]+)\"")]
    private static partial Regex DrillLink();

    [GeneratedRegex("<tr data-claim=\"([0-9a-f-]{36})\">")]
    private static partial Regex ClaimRow();
}
