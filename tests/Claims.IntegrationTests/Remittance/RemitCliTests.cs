using System.Text.Json;
using Claims.Cli;
using Claims.Demo;
using Claims.Domain;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Remittance;

/// <summary><c>claims remit</c> and the EOB in <c>claims show</c>, run as the command line runs them, on a real SQLite home.</summary>
public sealed class RemitCliTests : IDisposable
{
    private static readonly string Nth = Fixtures.Path("x12", "oopfactory-x12parser", "INS", "_835", "_5010", "ExampleFromNth.txt");
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, () => _home.Settings, _home.Time);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_dry_run_prints_each_files_claim_payments_reports_a_malformed_file_by_segment_goes_on_and_stores_nothing()
    {
        var broken = Path.Combine(_home.Home, "broken.835");
        await File.WriteAllTextAsync(broken, Remit835.Write([new Clp("C26001AAAAAAAAAA", "1", [new Svc("99213", [], 10000, [new Cas("CO", "45", 2000)])], [])], "T1")
            .Replace("CLP*C26001AAAAAAAAAA*1*100.00", "CLP*C26001AAAAAAAAAA*1*1O0.00", StringComparison.Ordinal));

        var (exit, output, error) = await RunAsync("remit", broken, Nth, "--dry-run", "--json");

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("broken.835", line, StringComparison.Ordinal);
        Assert.Matches(@"segment \d+ \(CLP\)", line);
        var files = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, files.GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, files[0].GetProperty("error").ValueKind);
        var claims = files[1].GetProperty("documents").EnumerateArray().SelectMany(d => d.GetProperty("claims").EnumerateArray()).ToList();
        Assert.True(claims.Count > 10);
        var first = claims[0];
        foreach (var name in new[] { "claim", "status", "charge", "paid", "patientResponsibility", "payerClaimNumber", "adjustments", "remarks", "lines" })
            Assert.True(first.TryGetProperty(name, out _), name);
        Assert.False(File.Exists(_home.DatabaseFile), "a dry run opened (and so created) the database");
    }

    [Fact]
    public async Task Posting_a_file_moves_the_claim_writes_an_audit_entry_and_claims_show_explains_the_benefits()
    {
        Claim claim;
        await using (var db = await _home.MigratedContextAsync())
        {
            await DemoSeeder.SeedAsync(db, 30, 3, _home.Time);
            claim = await db.Claims.AsNoTracking().FirstAsync(c => c.State == ClaimState.Submitted || c.State == ClaimState.Accepted);
        }
        var file = Path.Combine(_home.Home, "pay.835");
        var lines = claim.Lines.Select(l => new Svc(l.Code.Value, [.. l.Modifiers.Select(m => m.Value)], l.Charge.Cents,
            [new Cas("CO", "45", l.Charge.Cents / 10), new Cas("PR", "3", 1500)], Allowed: l.Charge.Cents - (l.Charge.Cents / 10), Remarks: ["N130"])).ToArray();
        await File.WriteAllTextAsync(file, Remit835.Write([new Clp(claim.ControlNumber.Value, "1", lines, [], "PCN-CLI")], "TRACE-CLI"));

        var posted = await RunAsync("remit", file);
        var again = await RunAsync("remit", file);
        var shown = await RunAsync("show", claim.ControlNumber.Value);

        Assert.True(posted.Exit == 0, posted.Err);
        Assert.Contains("posted 1 claim(s); 0 exception(s)", posted.Out, StringComparison.Ordinal);
        Assert.Contains("already posted", again.Out, StringComparison.Ordinal);
        Assert.Contains("Explanation of benefits", shown.Out, StringComparison.Ordinal);
        Assert.Contains("Co-payment Amount", shown.Out.Replace("Co-pay Amount", "Co-payment Amount", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("N130: Consult plan benefit documents", shown.Out, StringComparison.Ordinal);
        await using var check = _home.NewContext();
        Assert.Equal(ClaimState.Paid, (await check.Claims.SingleAsync(c => c.Id == claim.Id)).State);
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.EntityType == "Remittance" && e.ActorId.StartsWith("cli:")));
    }
}
