using System.Diagnostics;
using System.Text.Json;
using Claims.Audit;
using Claims.Cli;
using Claims.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Claims.IntegrationTests.Intake;

/// <summary>
/// <c>claims ingest</c> over a folder of seeded mutations of the fixture bundles (the web API's fuzzer): every file
/// reported, none failed, exit 0 or 1 as the files decide, one audit entry per file, no stack trace and no PHI value in
/// the output, and only ingested bundles make claims.
/// </summary>
public sealed class IngestFuzzCliTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ingest_over_a_folder_of_fuzzed_bundles_reports_every_file_audits_each_and_prints_no_PHI()
    {
        const int Seed = 1130, Cases = 60;
        await using var database = await SqliteDatabase.CreateAsync();
        var folder = Directory.CreateDirectory(Path.Combine(database.Folder.FullName, "fuzz"));
        byte[][] bundles = [FhirFixtures.Bytes("malformed", "bom.json")[3..], FhirFixtures.Bytes("hl7", "Bundle-bundle-transaction.json")];
        var fuzzer = new BundleFuzzer(Seed);
        for (var i = 0; i < Cases; i++)
        {
            // Neutral names: real exports name files after the patient, and the CLI prints the paths it was given.
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, $"case-{i:D3}.json"), fuzzer.Next(bundles[i % bundles.Length]).Body);
        }
        string[] phi = [.. MalformedIntakeTests.Phi, "Chalmers", "Peter", "James", "1974-12-25", "234234", "456456"];
        using var json = new StringWriter();
        using var jsonError = new StringWriter();
        using var text = new StringWriter();
        using var textError = new StringWriter();
        var watch = Stopwatch.StartNew();

        var exit = await CliApp.RunAsync(["ingest", folder.FullName, "--json"], json, jsonError, () => database.Settings, database.Time);
        var again = await CliApp.RunAsync(["ingest", folder.FullName], text, textError, () => database.Settings, database.Time);

        using var summary = JsonDocument.Parse(json.ToString());
        var root = summary.RootElement;
        output.WriteLine($"cli fuzz seed {Seed}: {Cases} files twice in {watch.Elapsed.TotalSeconds:F1} s: {root.GetProperty("bundles").GetInt32()} ingested, {root.GetProperty("rejected").GetInt32()} rejected, {root.GetProperty("failed").GetInt32()} failed");
        Assert.Equal(root.GetProperty("rejected").GetInt32() > 0 ? 1 : 0, exit);
        Assert.Equal(exit, again);
        Assert.Equal(Cases, root.GetProperty("results").GetArrayLength());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.Equal(Cases, root.GetProperty("bundles").GetInt32() + root.GetProperty("duplicates").GetInt32() + root.GetProperty("rejected").GetInt32());
        var all = json.ToString() + jsonError + text + textError;
        foreach (var value in phi) Assert.DoesNotContain(value, all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.Equal("", jsonError.ToString() + textError);
        Assert.Contains($"{Cases} file(s): ", text.ToString(), StringComparison.Ordinal);
        await using var db = database.Open();
        Assert.Equal(2 * Cases, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.Upload));
        Assert.Equal(root.GetProperty("claims").GetInt32(), await db.Claims.CountAsync());
    }
}
