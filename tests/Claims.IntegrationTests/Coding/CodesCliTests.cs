using System.Text.Json;
using Claims.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Claims.IntegrationTests.Coding;

/// <summary>The coding and scrubbing commands against a real CLAIMS_HOME folder and SQLite file.</summary>
public sealed class CodesCliTests : IDisposable
{
    private static readonly string[] FindingFields = ["claim", "edit", "severity", "message", "location"];
    private readonly string _home = Path.Combine(Path.GetTempPath(), "claims-coding-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        return await CliRunner.RunAsync(() => ClaimsDatabaseSettings.Resolve(home: _home), _time, args);
    }

    private string WriteFile(string name, string content)
    {
        Directory.CreateDirectory(_home);
        var path = Path.Combine(_home, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Lookup_tells_a_billable_code_from_a_header()
    {
        var (exit, output, _) = await Run("codes", "lookup", "J20.9", "--json");
        Assert.Equal(0, exit);
        using (var doc = JsonDocument.Parse(output)) Assert.True(doc.RootElement.GetProperty("billable").GetBoolean());
        (exit, output, _) = await Run("codes", "lookup", "J20", "--json");
        Assert.Equal(0, exit);
        using (var doc = JsonDocument.Parse(output)) Assert.False(doc.RootElement.GetProperty("billable").GetBoolean());
        Assert.Equal(1, (await Run("codes", "lookup", "Q99.999")).Exit);
    }

    [Fact]
    public async Task Suggest_with_a_cvx_code_answers_the_vaccine_product_and_its_administration()
    {
        var (exit, output, _) = await Run("codes", "suggest", "Influenza, seasonal, injectable, preservative free", "--cvx", "140", "--age", "45", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(["90656", "90471"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        var (child, childOut, _) = await Run("codes", "suggest", "DTaP", "--cvx", "20", "--age", "1", "--json");
        Assert.Equal(0, child);
        Assert.Contains("\"90460\"", childOut, StringComparison.Ordinal);
        var (unknown, _, error) = await Run("codes", "suggest", "x", "--cvx", "99999");
        Assert.Equal(1, unknown);
        Assert.Contains("CVX 99999 is not in the CVX to CPT map", error, StringComparison.Ordinal);
        var (procedure, procedureOut, _) = await Run("codes", "suggest", "Plain chest X-ray", "--snomed", "399208008", "--system", "procedure", "--json");
        Assert.Equal(0, procedure);
        using var procedures = JsonDocument.Parse(procedureOut);
        Assert.Equal("71046", procedures.RootElement[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Search_and_suggest_answer_json()
    {
        var (exit, output, _) = await Run("codes", "search", "acute bronchits", "--json");
        Assert.Equal(0, exit);
        Assert.Contains("J20.9", output, StringComparison.Ordinal);
        (exit, output, _) = await Run("codes", "suggest", "Hypertension", "--snomed", "38341003", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var first = doc.RootElement[0];
        Assert.Equal("I10", first.GetProperty("code").GetString());
        Assert.True(first.GetProperty("score").GetDouble() > 0);
        Assert.Equal(2, (await Run("codes", "suggest", "x", "--system", "loinc")).Exit);
    }

    [Fact]
    public async Task Imported_ncci_and_mue_tables_persist_in_claims_home_and_replace_the_demo()
    {
        var ncci = WriteFile("ptp.txt", "Column 1\tColumn 2\t*\tEffective\tDeletion\tModifier\tRationale\n99213\t36415\t\t20200101\t*\t0\ttest pair\n");
        var mue = WriteFile("mue.csv", "code,mue,mai,rationale\n99213,1,2 Date of Service Edit: Policy,test\n");
        Assert.Equal(0, (await Run("codes", "import-ncci", ncci)).Exit);
        Assert.Equal(0, (await Run("codes", "import-mue", mue)).Exit);
        Assert.True(File.Exists(Path.Combine(_home, "codesets", "ncci-ptp.txt")));
        var (exit, output, _) = await Run("codes", "info", "--json");
        Assert.Equal(0, exit);
        Assert.Contains("ptp.txt", output, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_import_is_refused_and_keeps_the_previous_table()
    {
        var bad = WriteFile("bad.txt", "Column 1\tColumn 2\n99213\t36415\t\t2020-01-01\t*\t0\tx\n");
        var (exit, _, error) = await Run("codes", "import-ncci", bad);
        Assert.Equal(1, exit);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_home, "codesets", "ncci-ptp.txt")));
        Assert.Equal(2, (await Run("codes", "import-mue", Path.Combine(_home, "missing.csv"))).Exit);
    }

    [Fact]
    public async Task Import_icd10cm_adds_a_year_that_claims_in_its_window_use()
    {
        var order = WriteFile("icd10cm-order-2027.txt",
            "00001 A00     0 Cholera                                                      Cholera\n" +
            "00002 A000    1 Cholera due to Vibrio cholerae 01, biovar cholerae           Cholera due to Vibrio cholerae 01, biovar cholerae\n");
        var (exit, output, _) = await Run("codes", "import-icd10cm", order);
        Assert.Equal(0, exit);
        Assert.Contains("FY2027", output, StringComparison.Ordinal);
        (exit, output, _) = await Run("codes", "lookup", "A00.0", "--date", "2027-01-15", "--json");
        Assert.Equal(0, exit);
        Assert.Contains("FY2027", output, StringComparison.Ordinal);
        Assert.Equal(1, (await Run("codes", "lookup", "J20.9", "--date", "2027-01-15")).Exit); // not in the (tiny) FY2027 file
        Assert.Equal(0, (await Run("codes", "lookup", "J20.9", "--date", "2021-01-15")).Exit);
    }

    [Fact]
    public async Task Scrub_prints_findings_as_json_and_exits_1_on_errors()
    {
        Assert.Equal(0, (await Run("seed", "--patients", "8", "--json")).Exit);
        var (exit, output, error) = await Run("scrub", "--all", "--json");
        Assert.True(exit is 0 or 1, error);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(exit == 1, rows.Any(r => r.GetProperty("severity").GetString() == "error"));
        Assert.All(rows, r =>
        {
            foreach (var field in FindingFields) Assert.True(r.TryGetProperty(field, out _), field);
        });
        Assert.Equal(2, (await Run("scrub")).Exit);
    }

    [Fact]
    public async Task Seeded_demo_claims_code_the_general_exam_for_the_patients_age()
    {
        Assert.Equal(0, (await Run("seed", "--patients", "200", "--seed", "7", "--json")).Exit);

        var (_, output, _) = await Run("scrub", "--all", "--json");

        using var doc = JsonDocument.Parse(output);
        var edits = doc.RootElement.EnumerateArray().Select(r => r.GetProperty("edit").GetString()).ToList();
        Assert.DoesNotContain("ICD-AGE", edits);
    }

    [Fact]
    public async Task Scrub_of_one_claim_finds_an_imported_ncci_pair()
    {
        Assert.Equal(0, (await Run("seed", "--patients", "20", "--json")).Exit);
        var (_, list, _) = await Run("list", "--json");
        using var claims = JsonDocument.Parse(list);
        var id = claims.RootElement.EnumerateArray().First(c => c.GetProperty("lines").GetInt32() >= 2).GetProperty("id").GetString()!;
        var (_, show, _) = await Run("show", id, "--json");
        using var detail = JsonDocument.Parse(show);
        var codes = detail.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("code").GetString()!).ToList();
        var (_, before, _) = await Run("scrub", id, "--json");
        Assert.DoesNotContain("NCCI-PTP", before, StringComparison.Ordinal);
        var ncci = WriteFile("ptp.txt", $"h\th\th\th\th\th\th\n{codes[0]}\t{codes[1]}\t\t20000101\t*\t0\ttest\n");
        Assert.Equal(0, (await Run("codes", "import-ncci", ncci)).Exit);
        var (exit, output, _) = await Run("scrub", id, "--json");
        Assert.Equal(1, exit);
        Assert.Contains("NCCI-PTP", output, StringComparison.Ordinal);
    }
}
