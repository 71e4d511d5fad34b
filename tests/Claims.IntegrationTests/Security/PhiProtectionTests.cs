using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Claims.Audit;
using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Claims.IntegrationTests.Intake;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Security;

/// <summary>
/// Issue 4 on a real SQLite file: PHI from intake is stored only as ciphertext under per-patient data keys, found
/// again through blind indexes, survives KEK rotation and is crypto-shredded by GDPR erasure.
/// </summary>
public sealed class PhiProtectionTests : IDisposable
{
    private const string Liz = "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json";
    private readonly TestHome _home = new();

    public PhiProtectionTests()
    {
        // No fixture with an encounter carries a member id: the derived professional claim gets one, and a name.
        var bundle = JsonNode.Parse(FhirFixtures.Bytes("derived", "professional-claim-med-00050.json"))!;
        foreach (var entry in bundle["entry"]!.AsArray())
        {
            var resource = entry!["resource"]!;
            if ((string?)resource["resourceType"] == "Coverage") resource["subscriberId"] = "MBR954140407";
            if ((string?)resource["resourceType"] == "Patient") resource["name"] = JsonNode.Parse("""[{"family":"Quimbleton","given":["Harriet"]}]""");
        }
        MemberBundle = Path.Combine(_home.Home, "member-bundle.json");
        File.WriteAllText(MemberBundle, bundle.ToJsonString());
    }

    private string MemberBundle { get; }

    public void Dispose() => _home.Dispose();

    private IEnumerable<string> AllBundles() =>
        [.. FhirFixtures.SyntheaEncounters.Keys.Order(StringComparer.Ordinal).Select(f => FhirFixtures.Path("synthea", f)), MemberBundle];

    private async Task<Guid> IngestAsync(IEnumerable<string> files)
    {
        await using var db = await _home.MigratedContextAsync();
        var clinic = new Clinic("PHI Clinic", Npi.FromBase(123_456_789), "123456789");
        db.Clinics.Add(clinic);
        await db.SaveChangesAsync();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            var result = await IntakeTest.IngestAsync(db, clinic.Id, stream, _home.Time);
            Assert.True(result.Status == BundleIntakeStatus.Ingested, $"{Path.GetFileName(file)}: {string.Join("; ", result.Issues.Select(i => i.Message))}");
        }
        return clinic.Id;
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        return await CliRunner.RunAsync(() => _home.Settings, _home.Time, args);
    }

    /// <summary>The identifying values of a bundle, read from its JSON: names, birth dates, member ids, MRN, SSN, phones.</summary>
    private static List<(string Kind, string Value)> IdentifyingValues(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var values = new List<(string, string)>();
        void Coverage(JsonElement r)
        {
            if (r.TryGetProperty("subscriberId", out var s)) values.Add(("member id", s.GetString()!));
        }
        foreach (var entry in doc.RootElement.GetProperty("entry").EnumerateArray())
        {
            var r = entry.GetProperty("resource");
            var type = r.GetProperty("resourceType").GetString();
            if (type == "Coverage") Coverage(r);
            if (r.TryGetProperty("contained", out var contained)) foreach (var c in contained.EnumerateArray()) if (c.GetProperty("resourceType").GetString() == "Coverage") Coverage(c);
            if (type != "Patient") continue;
            if (r.TryGetProperty("birthDate", out var birth)) values.Add(("birth date", birth.GetString()!));
            if (r.TryGetProperty("name", out var names))
            {
                foreach (var name in names.EnumerateArray())
                {
                    if (name.TryGetProperty("family", out var family)) values.Add(("family name", family.GetString()!));
                    if (name.TryGetProperty("given", out var given)) foreach (var g in given.EnumerateArray()) values.Add(("given name", g.GetString()!));
                }
            }
            if (r.TryGetProperty("identifier", out var ids)) foreach (var id in ids.EnumerateArray()) values.Add(("identifier", id.GetProperty("value").GetString()!));
            if (r.TryGetProperty("telecom", out var telecom)) foreach (var t in telecom.EnumerateArray()) values.Add(("telecom", t.GetProperty("value").GetString()!));
        }
        return values;
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task After_ingesting_the_fixtures_no_name_member_id_or_birth_date_is_in_the_database_file_or_its_WAL()
    {
        // A connection held open for the whole test keeps the WAL file from being checkpointed away.
        await using var keeper = await _home.MigratedContextAsync();
        await keeper.Database.OpenConnectionAsync();
        await IngestAsync(AllBundles());

        var database = ReadShared(_home.DatabaseFile);
        var wal = ReadShared(_home.DatabaseFile + "-wal");
        Assert.True(wal.Length > 0, "the WAL holds the recent writes");
        var secrets = AllBundles().SelectMany(IdentifyingValues).Where(s => s.Value.Length >= 4).Distinct().ToList();
        Assert.Contains(secrets, s => s.Kind == "member id");
        Assert.Contains(secrets, s => s.Kind == "family name");
        Assert.Equal(AllBundles().Count(), secrets.Count(s => s.Kind == "birth date"));

        // The scan can see plaintext: every pseudonym is there.
        var pseudonyms = await keeper.Patients.Select(p => p.Pseudonym).ToListAsync();
        Assert.Equal(AllBundles().Count(), pseudonyms.Count);
        Assert.All(pseudonyms, p => Assert.True(database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(p)) >= 0 || wal.AsSpan().IndexOf(Encoding.UTF8.GetBytes(p)) >= 0));
        // Each secret, in the file and in the WAL: the message says what kind, never the value.
        foreach (var (kind, value) in secrets)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Assert.False(database.AsSpan().IndexOf(bytes) >= 0, $"a {kind} is in claims.db in plaintext");
            Assert.False(wal.AsSpan().IndexOf(bytes) >= 0, $"a {kind} is in claims.db-wal in plaintext");
        }
    }

    [Fact]
    public async Task Patients_are_found_by_name_and_birth_date_MRN_or_member_id_and_shown_decrypted_with_audit()
    {
        await IngestAsync([FhirFixtures.Path("synthea", Liz), MemberBundle]);

        var byName = await RunAsync("patients", "find", "--name", " conn ", "--birth-date", "1986-11-28", "--json");
        var byMrn = await RunAsync("patients", "find", "--mrn", "27C911C6-F045-4FFA-AF5D-6EBA57AC94B2", "--json");
        var byMember = await RunAsync("patients", "find", "--member-id", "mbr954140407", "--json");
        var none = await RunAsync("patients", "find", "--name", "Conn", "--birth-date", "1986-11-29", "--json");

        Assert.Equal(0, byName.Exit);
        var liz = JsonDocument.Parse(byName.Out).RootElement.EnumerateArray().Single().GetProperty("pseudonym").GetString()!;
        Assert.Equal(liz, JsonDocument.Parse(byMrn.Out).RootElement.EnumerateArray().Single().GetProperty("pseudonym").GetString());
        Assert.Equal(0, byMember.Exit);
        var member = JsonDocument.Parse(byMember.Out).RootElement.EnumerateArray().Single().GetProperty("pseudonym").GetString()!;
        Assert.NotEqual(liz, member);
        Assert.Equal(1, none.Exit);
        Assert.Equal("[]", none.Out.Trim());

        var shown = await RunAsync("patients", "show", liz, "--json");
        Assert.Equal(0, shown.Exit);
        var view = JsonDocument.Parse(shown.Out).RootElement;
        Assert.Equal("Conn", view.GetProperty("familyName").GetString());
        Assert.Equal("Liz", view.GetProperty("givenNames").GetString());
        Assert.Equal("1986-11-28", view.GetProperty("birthDate").GetString());
        Assert.False(view.GetProperty("erased").GetBoolean());
        var memberView = JsonDocument.Parse((await RunAsync("patients", "show", member, "--json")).Out).RootElement;
        Assert.Equal(["MBR954140407"], memberView.GetProperty("memberIds").EnumerateArray().Select(e => e.GetString()));

        await using var db = _home.NewContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Read && e.EntityType == "Patient" && e.PatientPseudonym == liz && e.Details == "patients show" && e.SourceAddress == "cli"));
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.EntityType == "PatientSearch"));
        Assert.DoesNotContain(await db.AuditEntries.Select(e => e.Details).ToListAsync(), d => d != null && d.Contains("Conn", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_patient_sent_again_is_recognised_by_a_keyed_source_key_not_a_plain_hash()
    {
        var clinic = await IngestAsync([FhirFixtures.Path("synthea", Liz)]);
        var changed = Path.Combine(_home.Home, "liz-again.json");
        File.WriteAllBytes(changed, [.. FhirFixtures.Bytes("synthea", Liz), .. "\n"u8]); // other bytes, same patient

        await using var db = _home.NewContext();
        await using (var stream = File.OpenRead(changed))
        {
            var again = await IntakeTest.IngestAsync(db, clinic, stream, _home.Time);
            Assert.Equal(BundleIntakeStatus.Ingested, again.Status);
            Assert.Equal(0, again.PatientsCreated);
        }
        var key = await db.IntakeSourceKeys.SingleAsync(k => k.Kind == SourceKind.Patient);
        Assert.NotEqual(IntakeSourceKey.Hash(clinic, SourceKind.Patient, "Patient/ee9f8dd8-72d2-4769-8020-89e504b1504b"), key.KeyHash);
        Assert.Equal(1, await db.Patients.CountAsync());
    }

    [Fact]
    public async Task A_patient_stored_under_a_plain_source_hash_is_still_recognised_once_keys_are_used()
    {
        Guid clinic;
        await using (var plain = new ClaimsDbContext(ClaimsDatabase.Options(_home.Settings, _home.Time)))
        {
            await ClaimsDatabase.MigrateAsync(plain);
            var c = new Clinic("Legacy Clinic", Npi.FromBase(123_456_789), "123456789");
            plain.Clinics.Add(c);
            await plain.SaveChangesAsync();
            clinic = c.Id;
            await using var stream = File.OpenRead(FhirFixtures.Path("synthea", Liz));
            Assert.Equal(1, (await IntakeTest.IngestAsync(plain, clinic, stream, _home.Time)).PatientsCreated);
        }
        var changed = Path.Combine(_home.Home, "liz-again.json");
        File.WriteAllBytes(changed, [.. FhirFixtures.Bytes("synthea", Liz), .. "\n"u8]);

        await using var db = _home.NewContext();
        await using var again = File.OpenRead(changed);
        var result = await IntakeTest.IngestAsync(db, clinic, again, _home.Time);

        Assert.Equal(BundleIntakeStatus.Ingested, result.Status);
        Assert.Equal(0, result.PatientsCreated);
        Assert.Equal(1, await db.Patients.CountAsync());
    }

    [Fact]
    public async Task A_ciphertext_copied_to_another_column_or_another_patients_row_does_not_decrypt()
    {
        await IngestAsync([FhirFixtures.Path("synthea", Liz), FhirFixtures.Path("synthea", "Buster_Hoeger_ad2e3fc5-2b5d-4cb9-8d03-9ea0f4ac8423.json")]);
        await using var db = _home.NewContext();
        var patients = await db.Patients.OrderBy(p => p.Id).Select(p => p.Pseudonym).ToListAsync();

        await db.Database.ExecuteSqlAsync($"UPDATE patients SET GivenNamesCipher = FamilyNameCipher WHERE Pseudonym = {patients[0]}");
        await db.Database.ExecuteSqlAsync($"UPDATE patients SET FamilyNameCipher = (SELECT FamilyNameCipher FROM patients WHERE Pseudonym = {patients[0]}) WHERE Pseudonym = {patients[1]}");

        await using var read = _home.NewContext();
        var first = await read.Patients.SingleAsync(p => p.Pseudonym == patients[0]);
        var second = await read.Patients.SingleAsync(p => p.Pseudonym == patients[1]);
        await Assert.ThrowsAsync<PhiDecryptionException>(() => read.Phi.RevealAsync(first));
        await Assert.ThrowsAsync<PhiDecryptionException>(() => read.Phi.RevealAsync(second));
    }

    [Fact]
    public async Task Keys_rotate_rewraps_every_data_key_under_a_new_KEK_without_touching_data_rows_and_everything_still_reads()
    {
        await IngestAsync(AllBundles());
        byte[][] before;
        await using (var db = _home.NewContext())
        {
            before = await db.Patients.OrderBy(p => p.Id).Select(p => p.FamilyNameCipher ?? Array.Empty<byte>()).ToArrayAsync();
            Assert.All(await db.PatientKeys.ToListAsync(), k => Assert.Equal("kek-1", k.KekId));
        }

        var rotate = await RunAsync("keys", "rotate");

        Assert.Equal(0, rotate.Exit);
        Assert.Contains("kek-2", rotate.Out, StringComparison.Ordinal);
        await using var after = _home.NewContext();
        Assert.Equal(before, await after.Patients.OrderBy(p => p.Id).Select(p => p.FamilyNameCipher ?? Array.Empty<byte>()).ToArrayAsync());
        var keys = await after.PatientKeys.ToListAsync();
        Assert.Equal(AllBundles().Count(), keys.Count);
        Assert.All(keys, k => Assert.Equal("kek-2", k.KekId));
        foreach (var patient in await after.Patients.ToListAsync()) Assert.NotNull(await after.Phi.RevealAsync(patient));
        Assert.Equal(1, await after.AuditEntries.CountAsync(e => e.Action == AuditAction.KeyRotation));
        Assert.True((await AuditVerifier.VerifyAsync(after, _home.KeyRing)).Intact);
        foreach (var claim in await after.Claims.Select(c => c.Id).ToListAsync()) Assert.Equal(0, (await RunAsync("show", claim.ToString(), "--json")).Exit);
    }

    [Fact]
    public async Task Gdpr_erase_shreds_the_patients_key_the_claims_still_show_and_the_audit_trail_verifies()
    {
        await IngestAsync([FhirFixtures.Path("synthea", Liz), MemberBundle]);
        string liz;
        Guid lizClaim;
        await using (var db = _home.NewContext())
        {
            var patient = await db.Patients.SingleAsync(p => p.NameBirthIndex == db.Phi.NameBirthIndex("Conn", "1986-11-28"));
            liz = patient.Pseudonym;
            lizClaim = await db.Claims.Where(c => c.PatientId == patient.Id).Select(c => c.Id).FirstAsync();
        }

        var beforeErase = await RunAsync("show", lizClaim.ToString(), "--json");
        Assert.Equal("Conn, Liz", JsonDocument.Parse(beforeErase.Out).RootElement.GetProperty("patientName").GetString());

        var erase = await RunAsync("gdpr", "erase", "--patient", liz);
        var again = await RunAsync("gdpr", "erase", "--patient", liz);

        Assert.Equal(0, erase.Exit);
        Assert.Contains("already erased", again.Out, StringComparison.Ordinal);
        var shown = JsonDocument.Parse((await RunAsync("patients", "show", liz, "--json")).Out).RootElement;
        Assert.True(shown.GetProperty("erased").GetBoolean());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("familyName").ValueKind);
        var table = await RunAsync("patients", "show", liz);
        Assert.Contains("erased", table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Conn", table.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync("patients", "find", "--name", "Conn", "--birth-date", "1986-11-28")).Exit);
        var claim = await RunAsync("show", lizClaim.ToString(), "--json");
        Assert.Equal(0, claim.Exit);
        Assert.Contains(liz, claim.Out, StringComparison.Ordinal);
        Assert.Equal("erased", JsonDocument.Parse(claim.Out).RootElement.GetProperty("patientName").GetString());
        var claimTable = await RunAsync("show", lizClaim.ToString());
        Assert.Contains("erased", claimTable.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Conn", claimTable.Out, StringComparison.Ordinal);

        await using var after = _home.NewContext();
        var key = await after.PatientKeys.SingleAsync(k => k.PatientId == after.Patients.Single(p => p.Pseudonym == liz).Id);
        Assert.Null(key.WrappedKey);
        Assert.Equal(_home.Time.GetUtcNow(), key.DestroyedAt);
        Assert.Equal(2, await after.AuditEntries.CountAsync(e => e.Action == AuditAction.GdprErase && e.PatientPseudonym == liz));
        Assert.True((await AuditVerifier.VerifyAsync(after, _home.KeyRing)).Intact);
        // The other patient is untouched.
        foreach (var other in await after.Patients.Where(p => p.Pseudonym != liz).ToListAsync()) Assert.NotNull(await after.Phi.RevealAsync(other));
    }

    [Fact]
    public async Task Gdpr_export_writes_a_FHIR_bundle_of_patient_coverage_and_claims_with_a_manifest_and_is_audited()
    {
        await IngestAsync([FhirFixtures.Path("synthea", Liz), MemberBundle]);
        string member;
        await using (var db = _home.NewContext())
        {
            var index = db.Phi.MemberIdIndex("MBR954140407");
            var patientId = await db.Coverages.Where(c => c.MemberIdIndex == index).Select(c => c.PatientId).SingleAsync();
            member = await db.Patients.Where(p => p.Id == patientId).Select(p => p.Pseudonym).SingleAsync();
        }
        var file = Path.Combine(_home.Home, "export.json");

        var export = await RunAsync("gdpr", "export", "--patient", member, "--out", file);

        Assert.Equal(0, export.Exit);
        var bundle = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        Assert.Equal("Bundle", bundle.GetProperty("resourceType").GetString());
        var resources = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        Assert.Single(resources, r => r.GetProperty("resourceType").GetString() == "Patient");
        var coverage = Assert.Single(resources, r => r.GetProperty("resourceType").GetString() == "Coverage");
        Assert.Equal("MBR954140407", coverage.GetProperty("subscriberId").GetString());
        Assert.Contains(resources, r => r.GetProperty("resourceType").GetString() == "Claim");
        var manifest = JsonDocument.Parse(File.ReadAllText(file + ".manifest.json")).RootElement;
        Assert.Equal(member, manifest.GetProperty("patient").GetString());
        Assert.NotEmpty(manifest.GetProperty("purposes").EnumerateArray());
        Assert.NotEmpty(manifest.GetProperty("recipients").EnumerateArray());
        Assert.False(string.IsNullOrWhiteSpace(manifest.GetProperty("retention").GetString()));

        await using var after = _home.NewContext();
        Assert.Equal(1, await after.AuditEntries.CountAsync(e => e.Action == AuditAction.GdprExport && e.PatientPseudonym == member));
    }
}
