using System.Text.Json;

namespace Claims.IntegrationTests.Cli;

/// <summary><c>claims scrub --fhir</c>: the dry run on corpus bundles, against an empty CLAIMS_HOME.</summary>
public sealed class ScrubFhirCliTests : IDisposable
{
    private const string AsOf = "2026-11-22"; // labels.json "asOf": the corpus is judged as of this day, whatever the clock says
    private static readonly JsonElement Labels = LoadLabels();
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        return await CliRunner.RunAsync(() => _home.Settings, _home.Time, args);
    }

    private static string Bundle(string name) => FhirFixtures.Path("..", "scrubber", "bundles", name);

    private static JsonElement LoadLabels()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FhirFixtures.Path("..", "scrubber", "labels.json")));
        Assert.Equal(AsOf, doc.RootElement.GetProperty("asOf").GetString());
        return doc.RootElement.GetProperty("cases").Clone();
    }

    private static (string Claim, string[] Expected) Label(string name)
    {
        var row = Labels.EnumerateArray().Single(c => c.GetProperty("file").GetString() == $"bundles/{name}");
        return (row.GetProperty("claim").GetString()!, row.GetProperty("expected").EnumerateArray().Select(x => x.GetString()!).ToArray());
    }

    [Fact]
    public async Task A_clean_bundle_exits_0_with_no_findings_and_creates_no_database()
    {
        var (exit, output, error) = await RunAsync("scrub", "--fhir", Bundle("clean-01.json"), "--json", "--as-of", AsOf);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(0, json.RootElement.GetArrayLength());
        Assert.False(File.Exists(_home.DatabaseFile), "a dry run must not open (or create) the database");
    }

    [Theory]
    [InlineData("icd-sex-1.json")]
    [InlineData("ncci-ptp-1.json")]
    [InlineData("npi-invalid-1.json")]
    [InlineData("timely-filing-1.json")]
    [InlineData("duplicate-1.json")]
    [InlineData("missing-diagnosis.json")]
    public async Task A_bundle_with_a_seeded_defect_exits_1_with_exactly_the_labelled_edits(string name)
    {
        var (claim, expected) = Label(name);

        var (exit, output, error) = await RunAsync("scrub", "--fhir", Bundle(name), "--json", "--as-of", AsOf);

        Assert.True(exit == 1, error);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        // Every finding is on the labelled claim: in duplicate-1 the earlier claim counts as on file and stays clean.
        Assert.All(rows, r => Assert.Equal(claim, r.GetProperty("claim").GetString()));
        Assert.All(rows, r => Assert.Equal("error", r.GetProperty("severity").GetString()));
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Select(r => r.GetProperty("edit").GetString()!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("source").GetString())));
        Assert.False(File.Exists(_home.DatabaseFile));
    }

    [Fact]
    public async Task Without_as_of_timely_filing_counts_to_today_on_the_clock()
    {
        // The test clock says 2026-11-22 (TestHome); two years on, every corpus visit is past its payer's limit.
        _home.Time.Advance(TimeSpan.FromDays(730));

        var (exit, output, _) = await RunAsync("scrub", "--fhir", Bundle("clean-01.json"), "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("TIMELY-FILING", Assert.Single(json.RootElement.EnumerateArray()).GetProperty("edit").GetString());
    }

    [Fact]
    public async Task The_text_output_says_it_was_a_dry_run()
    {
        var (exit, output, _) = await RunAsync("scrub", "--fhir", Bundle("icd-sex-1.json"), "--as-of", AsOf);

        Assert.Equal(1, exit);
        Assert.Contains("ICD-SEX", output, StringComparison.Ordinal);
        Assert.Contains("1 claim(s) scrubbed (dry run, nothing stored), 1 error(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_bundle_is_one_error_line_and_exit_1()
    {
        var file = Path.Combine(_home.Home, "broken.json");
        await File.WriteAllTextAsync(file, "{\"resourceType\": \"Bundle\", \"entry\": [");

        var (exit, output, error) = await RunAsync("scrub", "--fhir", file, "--json");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("error: broken.json cannot be scrubbed: Malformed JSON at line 1", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_that_is_not_a_bundle_exits_1_and_says_so()
    {
        var file = Path.Combine(_home.Home, "patient.json");
        await File.WriteAllTextAsync(file, """{"resourceType": "Patient", "id": "p1"}""");

        var (exit, _, error) = await RunAsync("scrub", "--fhir", file);

        Assert.Equal(1, exit);
        Assert.Contains("Expected a Bundle, got a Patient.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--all")]
    [InlineData("--verify")]
    public async Task Fhir_with_a_stored_claim_option_is_a_usage_error(string other)
    {
        Assert.Equal(2, (await RunAsync("scrub", "--fhir", Bundle("clean-01.json"), other)).Exit);
    }

    [Fact]
    public async Task A_missing_file_or_a_bad_date_is_a_usage_error()
    {
        Assert.Equal(2, (await RunAsync("scrub", "--fhir", Path.Combine(_home.Home, "nope.json"))).Exit);
        Assert.Equal(2, (await RunAsync("scrub", "--fhir", Bundle("clean-01.json"), "--as-of", "22/11/2026")).Exit);
    }
}
