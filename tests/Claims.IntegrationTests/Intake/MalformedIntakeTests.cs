using System.Text;
using System.Text.Json;
using Claims.Audit;
using Claims.Cli;
using Claims.Intake;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Intake;

/// <summary>
/// The inputs that once answered 500 (fixtures/fhir/malformed, expected outcomes in expected.json), through the use
/// case and <c>claims ingest</c>: each is ingested (leniently, with a warning) or rejected with its issue, nothing of a
/// rejected bundle is stored, every upload leaves exactly one audit entry, and no PHI value is ever repeated.
/// </summary>
public sealed class MalformedIntakeTests
{
    /// <summary>The synthetic PHI the generator put into every case.</summary>
    internal static readonly string[] Phi = ["Atencio", "Marisol", "MBR-771-2093", "1954-06-11"];

    internal sealed record Expected(string Status, int Http, string? Severity, string? Code, string? Expression);

    /// <summary>fixtures/fhir/malformed/expected.tsv: file, status, HTTP status, and the issue each case must carry ("-" for none).</summary>
    internal static readonly IReadOnlyDictionary<string, Expected> Cases = File.ReadAllLines(FhirFixtures.Path("malformed", "expected.tsv")).Skip(1)
        .Where(line => line.Length > 0).Select(line => line.Split('\t'))
        .ToDictionary(f => f[0], f => new Expected(f[1], int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), Dash(f[3]), Dash(f[4]), Dash(f[5])));

    private static string? Dash(string field) => field == "-" ? null : field;

    public static TheoryData<string> Files() => [.. Cases.Keys.Order(StringComparer.Ordinal)];

    private static async Task<(int Claims, int Bundles, int Keys, int Patients, int Uploads)> CountsAsync(SqliteDatabase database)
    {
        await using var db = database.Open();
        return (await db.Claims.CountAsync(), await db.IngestedBundles.CountAsync(), await db.IntakeSourceKeys.CountAsync(), await db.Patients.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.Action == AuditAction.Upload));
    }

    internal static void AssertNoPhi(string text)
    {
        foreach (var value in Phi) Assert.DoesNotContain(value, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_malformed_case_is_answered_as_expected_stores_nothing_when_rejected_and_is_audited_once(string file)
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var expected = Cases[file];

        BundleIntakeResult result;
        await using (var db = database.Open())
        {
            using var stream = new MemoryStream(FhirFixtures.Bytes("malformed", file));
            result = await IntakeTest.IngestAsync(db, database.Clinic.Id, stream, database.Time);
        }

        Assert.Equal(expected.Status, result.Status.ToString().ToLowerInvariant());
        if (expected.Code is not null)
        {
            Assert.Contains(result.Issues, i => i.Severity.ToString().Equals(expected.Severity, StringComparison.OrdinalIgnoreCase) && i.Code == expected.Code && i.Expression == expected.Expression);
        }
        Assert.All(result.Issues, i => AssertNoPhi(i.Message + i.Expression));
        var counts = await CountsAsync(database);
        Assert.Equal(1, counts.Uploads);
        await using var check = database.Open();
        var entry = await check.AuditEntries.SingleAsync(e => e.Action == AuditAction.Upload);
        Assert.Equal((IntakeTest.Caller.Actor.Id, "203.0.113.7", "test-correlation"), (entry.ActorId, entry.SourceAddress, entry.CorrelationId));
        AssertNoPhi(entry.Details ?? "");
        if (result.IsRejected)
        {
            Assert.Equal((0, 0, 0, 0), (counts.Claims, counts.Bundles, counts.Keys, counts.Patients));
            Assert.Equal(AuditOutcome.Failure, entry.Outcome);
            Assert.StartsWith("status=Rejected", entry.Details, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal((1, 1), (counts.Claims, counts.Bundles));
            Assert.Equal((AuditOutcome.Success, result.BundleId.ToString()), (entry.Outcome, entry.EntityId));
        }
    }

    [Fact]
    public async Task A_duplicate_is_audited_as_a_successful_upload_that_stored_nothing()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var json = FhirFixtures.Bytes("malformed", "gender-M.json");
        await using (var db = database.Open()) await IntakeTest.IngestAsync(db, database.Clinic.Id, new MemoryStream(json), database.Time);

        await using var again = database.Open();
        var result = await IntakeTest.IngestAsync(again, database.Clinic.Id, new MemoryStream(json), database.Time);

        Assert.Equal(BundleIntakeStatus.Duplicate, result.Status);
        var entries = await again.AuditEntries.Where(e => e.Action == AuditAction.Upload).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.Equal((AuditOutcome.Success, "status=Duplicate", (string?)null), (entries[1].Outcome, entries[1].Details, entries[1].EntityId));
        Assert.Equal(1, (await CountsAsync(database)).Bundles);
    }

    /// <summary>A stream that breaks half-way with something other than an I/O error: a bug stands in for any crash.</summary>
    private sealed class BrokenStream(byte[] head) : MemoryStream(head)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : throw new InvalidOperationException("Value 'Atencio' broke the stream");
    }

    [Fact]
    public async Task A_crashed_upload_fails_with_an_incident_stores_nothing_and_still_gets_its_audit_entry()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.Open();

        var result = await IntakeTest.IngestAsync(db, database.Clinic.Id, new BrokenStream(Encoding.UTF8.GetBytes("{\"resourceType\":")), database.Time);

        Assert.Equal(BundleIntakeStatus.Failed, result.Status);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(("exception", "Bundle"), (issue.Code, issue.Expression));
        Assert.Contains(result.Fault!.Incident, issue.Message, StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException", result.Fault.ExceptionType);
        AssertNoPhi(issue.Message);
        var counts = await CountsAsync(database);
        Assert.Equal((0, 0, 1), (counts.Claims, counts.Bundles, counts.Uploads));
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditAction.Upload);
        Assert.Equal(AuditOutcome.Failure, entry.Outcome);
        Assert.Equal($"status=Failed incident={result.Fault.Incident} exception=System.InvalidOperationException", entry.Details);
    }

    [Fact]
    public async Task Concurrent_uploads_of_the_same_content_store_it_once_and_answer_the_others_as_duplicates()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var json = FhirFixtures.Bytes("synthea", "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await Task.Yield();
            await using var db = database.Open();
            return await IntakeTest.IngestAsync(db, database.Clinic.Id, new MemoryStream(json), database.Time);
        }));

        Assert.Single(results, r => r.Status == BundleIntakeStatus.Ingested);
        Assert.Equal(3, results.Count(r => r.Status == BundleIntakeStatus.Duplicate));
        var counts = await CountsAsync(database);
        Assert.Equal((3, 1, 4), (counts.Claims, counts.Bundles, counts.Uploads));
    }

    [Fact]
    public async Task Ingest_of_the_malformed_folder_reports_every_file_goes_on_exits_1_and_never_prints_PHI()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(["ingest", FhirFixtures.Path("malformed"), "--json"], output, error, () => database.Settings, database.Time);

        Assert.Equal(1, exit);
        AssertNoPhi(output.ToString() + error.ToString());
        Assert.Equal("", error.ToString());
        using var summary = JsonDocument.Parse(output.ToString());
        var results = summary.RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => Path.GetFileName(r.GetProperty("file").GetString()!), r => r);
        Assert.Equal(Cases.Count, results.Count);
        foreach (var (file, expected) in Cases)
        {
            var status = results[file].GetProperty("status").GetString();
            // The four gender cases carry the same encounter: the first makes the claim, the others find it unchanged.
            Assert.True(status == expected.Status, $"{file}: {status}");
            if (expected.Code is null) continue;
            Assert.Contains(results[file].GetProperty("issues").EnumerateArray(),
                i => i.GetProperty("code").GetString() == expected.Code && i.GetProperty("expression").GetString() == expected.Expression);
        }
        Assert.Equal(Cases.Values.Count(c => c.Status == "rejected"), summary.RootElement.GetProperty("rejected").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal(Cases.Count, (await CountsAsync(database)).Uploads);
    }

    [Fact]
    public async Task Ingest_in_text_mode_names_each_file_with_its_outcome_and_no_stack_trace()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(["ingest", FhirFixtures.Path("malformed", "gender-M.json"), FhirFixtures.Path("malformed", "null-entry.json"), FhirFixtures.Path("malformed", "gender-M.json")],
            output, error, () => database.Settings, database.Time);

        Assert.Equal(1, exit);
        var text = output.ToString();
        Assert.Contains("3 file(s): 1 bundle(s) ingested, 1 claim(s) created, 0 updated, 1 new patient(s), 1 duplicate(s), 1 rejected, 0 failed.", text, StringComparison.Ordinal);
        Assert.Contains("ingested: " + FhirFixtures.Path("malformed", "gender-M.json") + " (1 created, 0 updated, 1 past the filing limit)", text, StringComparison.Ordinal);
        Assert.Contains("duplicate: " + FhirFixtures.Path("malformed", "gender-M.json"), text, StringComparison.Ordinal);
        Assert.Contains("rejected: " + FhirFixtures.Path("malformed", "null-entry.json"), text, StringComparison.Ordinal);
        Assert.Contains("  error structure at Bundle.entry[1]: ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text + error, StringComparison.Ordinal);
        AssertNoPhi(text + error);
    }
}
