using System.Text;
using System.Text.Json;
using Claims.Domain;
using Claims.Intake;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Intake;

public sealed class BundleIntakeTests
{
    private static async Task<BundleIntakeResult> IngestAsync(SqliteDatabase database, byte[] json)
    {
        await using var db = database.Open();
        using var stream = new MemoryStream(json);
        return await IntakeTest.IngestAsync(db, database.Clinic.Id, stream, database.Time);
    }

    private static Task<BundleIntakeResult> IngestAsync(SqliteDatabase database, string json) => IngestAsync(database, Encoding.UTF8.GetBytes(json));

    private static async Task<(int Claims, int Patients, int Payers, int Coverages, int Bundles, int Keys, int Items)> CountsAsync(SqliteDatabase database)
    {
        await using var db = database.Open();
        return (await db.Claims.CountAsync(), await db.Patients.CountAsync(), await db.Payers.CountAsync(), await db.Coverages.CountAsync(),
            await db.IngestedBundles.CountAsync(), await db.IntakeSourceKeys.CountAsync(), await db.ClaimClinicalItems.CountAsync());
    }

    public static TheoryData<string, int> SyntheaBundles()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, count) in FhirFixtures.SyntheaEncounters) data.Add(file, count);
        return data;
    }

    [Theory]
    [MemberData(nameof(SyntheaBundles))]
    public async Task A_Synthea_bundle_becomes_one_Received_claim_per_encounter_and_again_is_a_duplicate(string file, int encounters)
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var json = FhirFixtures.Bytes("synthea", file);

        var first = await IngestAsync(database, json);
        var before = await CountsAsync(database);
        var second = await IngestAsync(database, json);
        var after = await CountsAsync(database);

        Assert.Equal(BundleIntakeStatus.Ingested, first.Status);
        Assert.DoesNotContain(first.Issues, i => i.IsError);
        Assert.Equal(encounters, first.CreatedClaimIds.Count);
        Assert.Equal(1, first.PatientsCreated);
        Assert.Equal(encounters, before.Claims);
        Assert.True(before.Items >= encounters, "every claim keeps its coded clinical context");
        Assert.Equal(BundleIntakeStatus.Duplicate, second.Status);
        Assert.Equal(before, after);

        await using var db = database.Open();
        Assert.All(await db.Claims.ToListAsync(), c =>
        {
            Assert.Equal(ClaimState.Received, c.State);
            Assert.Equal(database.Clinic.Npi, c.BillingProviderNpi);
            Assert.Null(c.RenderingProviderNpi);
        });
    }

    [Fact]
    public async Task Every_fixture_bundle_ingests_and_a_second_run_creates_nothing()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var files = Directory.EnumerateFiles(FhirFixtures.Root, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}broken{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}malformed{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        var created = 0;
        foreach (var file in files)
        {
            var result = await IngestAsync(database, await File.ReadAllBytesAsync(file));
            Assert.True(result.Status == BundleIntakeStatus.Ingested, $"{Path.GetFileName(file)}: {string.Join("; ", result.Issues.Select(i => i.Message))}");
            created += result.CreatedClaimIds.Count;
        }
        foreach (var file in files)
        {
            Assert.Equal(BundleIntakeStatus.Duplicate, (await IngestAsync(database, await File.ReadAllBytesAsync(file))).Status);
        }

        Assert.Equal(FhirFixtures.SyntheaEncounters.Values.Sum() + 1, created); // + the derived professional claim; HL7 and provider bundles make none
        Assert.Equal(created, (await CountsAsync(database)).Claims);
    }

    [Fact]
    public async Task A_professional_claim_is_stored_with_its_diagnoses_line_payer_coverage_and_rendering_provider()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        var result = await IngestAsync(database, FhirFixtures.Bytes("derived", "professional-claim-med-00050.json"));

        await using var db = database.Open();
        var claim = await db.Claims.SingleAsync(c => c.Id == result.CreatedClaimIds[0]);
        Assert.Equal(["M96.1", "G89.4", "M53.88", "M47.816"], claim.Diagnoses.Select(d => d.Code.Display));
        var line = Assert.Single(claim.Lines);
        Assert.Equal("62264", line.Code.Value);
        Assert.Equal(Money.Of(12500m), claim.TotalCharge);
        var payer = await db.Payers.SingleAsync(p => p.Id == claim.PayerId);
        Assert.Equal(("Humana Inc.", "123456"), (payer.Name, payer.PayerId));
        var coverage = await db.Coverages.SingleAsync(c => c.Id == claim.CoverageId);
        Assert.Equal(claim.PatientId, coverage.PatientId);
        Assert.Equal("1234567893", claim.RenderingProviderNpi!.Value);
        Assert.True(await db.Providers.AnyAsync(p => p.ClinicId == database.Clinic.Id && p.Npi == claim.RenderingProviderNpi));
        Assert.Equal(new DateOnly(2015, 10, 13), claim.ServiceFrom);
    }

    public static TheoryData<string> BrokenBundles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(FhirFixtures.Path("broken"), "*.json").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenBundles))]
    public async Task A_broken_bundle_is_rejected_with_errors_and_stores_nothing(string file)
    {
        await using var database = await SqliteDatabase.CreateAsync();

        var result = await IngestAsync(database, FhirFixtures.Bytes("broken", file));

        Assert.Equal(BundleIntakeStatus.Rejected, result.Status);
        Assert.Contains(result.Issues, i => i.IsError && i.Message.Length > 0 && i.Expression.Length > 0);
        Assert.Equal((0, 0, 0, 0, 0, 0, 0), await CountsAsync(database));
    }

    [Fact]
    public async Task A_bundle_over_the_size_limit_is_rejected_without_reading_it_all()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.Open();
        using var stream = new MemoryStream(FhirFixtures.Bytes("synthea", "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json"));

        var result = await IntakeTest.IngestAsync(db, database.Clinic.Id, stream, database.Time, IntakeLimits.Default with { MaxBundleBytes = 100_000 });

        Assert.Equal("too-costly", Assert.Single(result.Issues).Code);
        Assert.Equal(0, (await CountsAsync(database)).Claims);
    }

    [Fact]
    public async Task A_bundle_with_one_bad_encounter_stores_none_of_its_claims()
    {
        await using var database = await SqliteDatabase.CreateAsync();

        var result = await IngestAsync(database, FhirFixtures.Bytes("broken", "one-bad-encounter.json"));
        var fixedJson = File.ReadAllText(FhirFixtures.Path("broken", "one-bad-encounter.json"))
            .Replace("\"subject\": {\n     \"reference\": \"Patient/p1\"\n    }\n   }\n  }\n ]", "\"subject\": {\n     \"reference\": \"Patient/p1\"\n    },\n    \"period\": {\"start\": \"2021-03-02\"}\n   }\n  }\n ]", StringComparison.Ordinal);
        var retry = await IngestAsync(database, fixedJson);

        Assert.Equal(BundleIntakeStatus.Rejected, result.Status);
        Assert.Empty(result.CreatedClaimIds);
        Assert.Equal(BundleIntakeStatus.Ingested, retry.Status);
        Assert.Equal(2, retry.CreatedClaimIds.Count);
        Assert.Equal(2, (await CountsAsync(database)).Claims);
    }

    [Fact]
    public async Task The_same_Bundle_identifier_with_other_content_is_a_duplicate()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var original = File.ReadAllText(FhirFixtures.Path("derived", "professional-claim-med-00050.json"));

        await IngestAsync(database, original);
        var again = await IngestAsync(database, original.Replace("12500.0", "13000.0", StringComparison.Ordinal));

        Assert.Equal(BundleIntakeStatus.Duplicate, again.Status);
        Assert.Equal(1, (await CountsAsync(database)).Bundles);
    }

    [Fact]
    public async Task The_same_encounters_in_different_bytes_create_nothing_new()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var json = FhirFixtures.Bytes("synthea", "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json");

        await IngestAsync(database, json);
        var reformatted = await IngestAsync(database, [.. json, (byte)'\n']);

        Assert.Equal(BundleIntakeStatus.Ingested, reformatted.Status);
        Assert.Empty(reformatted.CreatedClaimIds);
        Assert.Empty(reformatted.UpdatedClaimIds);
        Assert.Equal(3, reformatted.UnchangedClaims);
        Assert.Equal(0, reformatted.PatientsCreated);
        Assert.Equal(3, (await CountsAsync(database)).Claims);
    }

    private static string Changed(string original) => original
        .Replace("derived-med-00050-v1", "derived-med-00050-v2", StringComparison.Ordinal)
        .Replace("\"net\": { \"value\": 12500.0", "\"net\": { \"value\": 13000.0", StringComparison.Ordinal);

    [Fact]
    public async Task A_changed_bundle_updates_its_claim_while_the_claim_is_still_Received()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var original = File.ReadAllText(FhirFixtures.Path("derived", "professional-claim-med-00050.json"));
        var first = await IngestAsync(database, original);

        var second = await IngestAsync(database, Changed(original));

        Assert.Equal(BundleIntakeStatus.Ingested, second.Status);
        Assert.Equal(first.CreatedClaimIds, second.UpdatedClaimIds);
        Assert.Empty(second.CreatedClaimIds);
        await using var db = database.Open();
        var claim = await db.Claims.SingleAsync();
        Assert.Equal(Money.Of(13000m), claim.TotalCharge);
        Assert.Single(claim.Lines);
        Assert.Equal(4, claim.Diagnoses.Count);
        Assert.Equal(1, await db.Patients.CountAsync());
    }

    [Fact]
    public async Task A_changed_bundle_for_a_claim_a_coder_has_taken_is_a_conflict_and_changes_nothing()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var original = File.ReadAllText(FhirFixtures.Path("derived", "professional-claim-med-00050.json"));
        var first = await IngestAsync(database, original);
        await using (var db = database.Open())
        {
            var claim = await db.Claims.SingleAsync();
            claim.Fire(ClaimTrigger.StartCoding, new Actor("coder-1", ClaimRole.Coder), null, database.Time.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var second = await IngestAsync(database, Changed(original));

        Assert.Equal(BundleIntakeStatus.Rejected, second.Status);
        var conflict = Assert.Single(second.Issues, i => i.IsError);
        Assert.Equal("conflict", conflict.Code);
        Assert.Contains(first.CreatedClaimIds[0].ToString(), conflict.Message, StringComparison.Ordinal);
        await using var check = database.Open();
        Assert.Equal(Money.Of(12500m), (await check.Claims.SingleAsync()).TotalCharge);
        Assert.Equal(1, await check.IngestedBundles.CountAsync());
    }

    [Fact]
    public async Task No_patient_name_birth_date_address_or_identifier_reaches_the_database_file()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var file = "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json";
        var json = FhirFixtures.Bytes("synthea", file);
        using var doc = JsonDocument.Parse(json);
        var patient = doc.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).First(r => r.GetProperty("resourceType").GetString() == "Patient");
        var phi = new List<string>
        {
            patient.GetProperty("name")[0].GetProperty("family").GetString()!,
            patient.GetProperty("birthDate").GetString()!,
            patient.GetProperty("address")[0].GetProperty("line")[0].GetString()!,
            patient.GetProperty("id").GetString()!,
        };
        phi.AddRange(patient.GetProperty("identifier").EnumerateArray().Select(i => i.GetProperty("value").GetString()!));

        Assert.Equal(BundleIntakeStatus.Ingested, (await IngestAsync(database, json)).Status);
        SqliteConnection.ClearAllPools();

        var stored = string.Concat(Directory.EnumerateFiles(database.Folder.FullName).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        Assert.All(phi, value => Assert.DoesNotContain(value, stored, StringComparison.Ordinal));
        Assert.Contains("Encounter for check up", stored, StringComparison.Ordinal); // the scan does see what is stored
    }

    [Fact]
    public async Task An_unknown_clinic_is_a_not_found_error()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.Open();
        using var stream = new MemoryStream(FhirFixtures.Bytes("derived", "professional-claim-med-00050.json"));

        await Assert.ThrowsAsync<NotFoundException>(() => IntakeTest.IngestAsync(db, Guid.NewGuid(), stream, database.Time));
    }
}
