using System.Text.Json;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Intake;

public sealed class IngestCliTests
{
    private static async Task<(int Exit, string Out, string Error)> RunAsync(SqliteDatabase database, params string[] args)
    {
        return await CliRunner.RunAsync(() => database.Settings, database.Time, args);
    }

    [Fact]
    public async Task Ingest_of_the_fixtures_exits_0_with_a_summary_and_again_reports_only_duplicates()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        var first = await RunAsync(database, "ingest", FhirFixtures.Path("synthea"), FhirFixtures.Path("derived"), "--json");
        var second = await RunAsync(database, "ingest", FhirFixtures.Path("synthea"), FhirFixtures.Path("derived"), "--json");

        Assert.Equal(0, first.Exit);
        using var summary = JsonDocument.Parse(first.Out);
        Assert.Equal(8, summary.RootElement.GetProperty("files").GetInt32());
        Assert.Equal(8, summary.RootElement.GetProperty("bundles").GetInt32());
        Assert.Equal(FhirFixtures.SyntheaEncounters.Values.Sum() + 1, summary.RootElement.GetProperty("claims").GetInt32());
        Assert.Equal(8, summary.RootElement.GetProperty("patients").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal(0, second.Exit);
        using var again = JsonDocument.Parse(second.Out);
        Assert.Equal(8, again.RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, again.RootElement.GetProperty("claims").GetInt32());
    }

    [Fact]
    public async Task Ingest_with_a_broken_bundle_exits_1_names_each_error_and_still_ingests_the_rest()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        var run = await RunAsync(database, "ingest", FhirFixtures.Path("broken"), FhirFixtures.Path("derived"), "--json");

        Assert.Equal(1, run.Exit);
        using var summary = JsonDocument.Parse(run.Out);
        var brokenFiles = Directory.GetFiles(FhirFixtures.Path("broken"), "*.json").Length;
        Assert.Equal(brokenFiles, summary.RootElement.GetProperty("rejected").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("claims").GetInt32());
        var errors = summary.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(brokenFiles, errors.Count);
        Assert.All(errors, e =>
        {
            var issue = e.GetProperty("issues")[0];
            Assert.Equal("error", issue.GetProperty("severity").GetString());
            Assert.False(string.IsNullOrEmpty(issue.GetProperty("code").GetString()));
            Assert.False(string.IsNullOrEmpty(issue.GetProperty("expression").GetString()));
            Assert.False(string.IsNullOrEmpty(issue.GetProperty("message").GetString()));
        });
        await using var db = database.Open();
        Assert.Equal(1, await db.Claims.CountAsync());
    }

    [Fact]
    public async Task Ingest_in_text_mode_prints_the_totals_and_each_rejected_file_with_its_errors()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        var run = await RunAsync(database, "ingest", FhirFixtures.Path("derived"), FhirFixtures.Path("broken", "encounter-without-period.json"));

        Assert.Equal(1, run.Exit);
        Assert.Contains("2 file(s): 1 bundle(s) ingested, 1 claim(s) created", run.Out, StringComparison.Ordinal);
        Assert.Contains("rejected: " + FhirFixtures.Path("broken", "encounter-without-period.json"), run.Out, StringComparison.Ordinal);
        Assert.Contains("error required at Bundle.entry[1].resource.period", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_without_a_clinic_when_there_are_none_or_several_is_a_usage_error()
    {
        await using var database = await SqliteDatabase.CreateAsync(withClinic: false);

        var none = await RunAsync(database, "ingest", FhirFixtures.Path("derived"));
        await RunAsync(database, "clinics", "add", "North", "--npi", "1234567893", "--tax-id", "123456789");
        await RunAsync(database, "clinics", "add", "South", "--npi", "1234567893", "--tax-id", "987654321");
        var several = await RunAsync(database, "ingest", FhirFixtures.Path("derived"));
        var named = await RunAsync(database, "ingest", FhirFixtures.Path("derived"), "--clinic", "South", "--json");
        var missing = await RunAsync(database, "ingest", "/no/such/place");

        Assert.Equal(2, none.Exit);
        Assert.Contains("clinics add", none.Error, StringComparison.Ordinal);
        Assert.Equal(2, several.Exit);
        Assert.Contains("--clinic", several.Error, StringComparison.Ordinal);
        Assert.Equal(0, named.Exit);
        Assert.Equal(2, missing.Exit);
    }

    [Fact]
    public async Task Clinics_add_then_key_shows_a_key_once_that_verifies_to_the_clinic()
    {
        await using var database = await SqliteDatabase.CreateAsync(withClinic: false);

        var added = await RunAsync(database, "clinics", "add", "Riverside", "--json");
        var keyed = await RunAsync(database, "clinics", "key", "Riverside", "--json");
        var listed = await RunAsync(database, "clinics", "list", "--json");

        Assert.Equal(0, added.Exit);
        using var clinic = JsonDocument.Parse(added.Out);
        Assert.NotEmpty(clinic.RootElement.GetProperty("warnings").EnumerateArray()); // placeholder NPI and tax id
        Assert.Equal(0, keyed.Exit);
        using var key = JsonDocument.Parse(keyed.Out);
        await using var db = database.Open();
        Assert.Equal(clinic.RootElement.GetProperty("id").GetGuid(), await ClinicApiKeys.AuthenticateAsync(db, key.RootElement.GetProperty("key").GetString(), DateTimeOffset.UtcNow));
        using var list = JsonDocument.Parse(listed.Out);
        Assert.Equal(1, list.RootElement[0].GetProperty("apiKeys").GetInt32());
    }

    [Fact]
    public async Task Clinics_key_for_an_unknown_clinic_exits_1()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        Assert.Equal(1, (await RunAsync(database, "clinics", "key", "Nobody")).Exit);
    }

    [Fact]
    public async Task Bench_ingest_reports_parse_and_intake_rates_for_the_same_files()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        var run = await RunAsync(database, "bench", "ingest", FhirFixtures.Path("synthea"), "--rounds", "1", "--json");

        Assert.Equal(0, run.Exit);
        using var result = JsonDocument.Parse(run.Out);
        Assert.Equal(FhirFixtures.SyntheaEncounters.Count, result.RootElement.GetProperty("bundles").GetInt32());
        Assert.Equal(FhirFixtures.SyntheaEncounters.Values.Sum(), result.RootElement.GetProperty("claims").GetInt32());
        Assert.True(result.RootElement.GetProperty("parseResourcesPerSecond").GetDouble() > 0);
        Assert.True(result.RootElement.GetProperty("intakeResourcesPerSecond").GetDouble() > 0);
        await using var db = database.Open();
        Assert.Equal(0, await db.Claims.CountAsync()); // the benchmark uses its own scratch database
    }

    [Fact]
    public async Task Bench_scale_posts_an_835_for_the_accepted_claims_and_reports_every_measure()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        var run = await RunAsync(database, "bench", "scale", "--claims", "600", "--seconds", "1", "--coders", "3", "--remit", "25", "--bundles", FhirFixtures.Path("synthea"), "--json");

        Assert.Equal(0, run.Exit);
        using var result = JsonDocument.Parse(run.Out);
        var root = result.RootElement;
        Assert.Equal(600, root.GetProperty("claims").GetInt32());
        Assert.Equal(FhirFixtures.SyntheaEncounters.Values.Sum(), root.GetProperty("intakeClaims").GetInt32());
        Assert.True(root.GetProperty("takes").GetInt32() > 0);
        Assert.Equal(0, root.GetProperty("doubleHolds").GetInt32());
        // The 835 pays 25 Accepted claims and every one of them is posted.
        Assert.Equal(25, root.GetProperty("remitClaims").GetInt32());
        Assert.Equal(25, root.GetProperty("remitPosted").GetInt32());
        Assert.True(root.GetProperty("auditIntact").GetBoolean());
        await using var db = database.Open();
        Assert.Equal(0, await db.Claims.CountAsync()); // a scratch database of its own
    }
}
