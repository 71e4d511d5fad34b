using Microsoft.Extensions.Time.Testing;
using Claims.Coding;
using System.Text;
using Claims.Audit;
using Claims.Domain;
using Claims.Demo;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Coding;

/// <summary>
/// Coder queries to the clinic on a real SQLite file: the workflow moves with them, the text is stored only as
/// ciphertext under the patient's data key, survives KEK rotation, and is unreadable once the patient is erased.
/// </summary>
public sealed class ClinicQuestionTests : IDisposable
{
    private const string Question = "Zebulon Quagmire's note says left knee but the order says right: which knee was injected?";
    private const string Answer = "Right knee; the note was corrected by Dr Okonkwo-Villanueva.";
    private static readonly Actor Alice = new("alice@coders", ClaimRole.Coder);
    private static readonly Actor Bob = new("bob@coders", ClaimRole.Coder);
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private DateTimeOffset Now => _home.Time.GetUtcNow();

    /// <summary>A demo claim taken by Alice (so in Coding, leased to her), and its clinic. (Demo claims on hold come with a query of their own.)</summary>
    private async Task<(Guid Claim, Guid Clinic)> ClaimInCodingAsync()
    {
        await using var db = await _home.MigratedContextAsync();
        await DemoSeeder.SeedAsync(db, 12, 7, _home.Time);
        var claim = await db.Claims.Where(c => c.State == ClaimState.Received).OrderBy(c => c.Id).FirstAsync();
        claim.Take(Alice, Now, TimeSpan.FromMinutes(30));
        await db.SaveChangesAsync();
        return (claim.Id, claim.ClinicId);
    }

    private static byte[] ReadShared(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Asking_puts_the_claim_on_hold_keeps_the_question_only_as_ciphertext_and_audits_without_the_text()
    {
        var (claimId, _) = await ClaimInCodingAsync();
        await using var keeper = _home.NewContext();
        await keeper.Database.OpenConnectionAsync(); // keeps the WAL from being checkpointed away

        await using (var db = _home.NewContext()) await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, "  " + Question + "\n", new Caller(Alice, default));

        await using var check = _home.NewContext();
        var claim = await check.Claims.Include(c => c.History).SingleAsync(c => c.Id == claimId);
        Assert.Equal(ClaimState.OnHold, claim.State);
        Assert.Null(claim.AssignedTo);
        Assert.Equal(ClinicQuestions.HoldReason, claim.History.Single(e => e.Trigger == ClaimTrigger.QueryProvider).Reason);
        var query = await check.ClinicQuestions.SingleAsync(q => q.ClaimId == claimId);
        Assert.Equal((claimId, claim.ClinicId, Alice.Id, QuestionStatus.Open), (query.ClaimId, query.ClinicId, query.AskedBy, query.Status));
        Assert.Equal(claim.PatientId, PhiCipher.KeyId(query.QuestionCipher));
        Assert.True(await check.PatientKeys.AnyAsync(k => k.PatientId == claim.PatientId && k.WrappedKey != null), "the demo patient got a data key for the question");

        var pseudonym = await check.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync();
        var (database, wal) = (ReadShared(_home.DatabaseFile), ReadShared(_home.DatabaseFile + "-wal"));
        // The scan can see plaintext: the audit entry just written carries the pseudonym.
        Assert.True(database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(pseudonym)) >= 0 || wal.AsSpan().IndexOf(Encoding.UTF8.GetBytes(pseudonym)) >= 0);
        var text = Encoding.UTF8.GetBytes("Quagmire");
        Assert.False(query.QuestionCipher.AsSpan().IndexOf(text) >= 0, "the question is in its column in plaintext");
        Assert.False(database.AsSpan().IndexOf(text) >= 0, "the question is in claims.db in plaintext");
        Assert.False(wal.AsSpan().IndexOf(text) >= 0, "the question is in claims.db-wal in plaintext");

        var created = await check.AuditEntries.SingleAsync(e => e.EntityType == "ClinicQuestion");
        Assert.Equal((AuditAction.Create, query.Id.ToString(), pseudonym, Alice.Id), (created.Action, created.EntityId, created.PatientPseudonym, created.ActorId));
        Assert.True(await check.AuditEntries.AnyAsync(e => e.Action == AuditAction.Transition && e.EntityId == claimId.ToString() && e.Details!.Contains("QueryProvider")));
        Assert.DoesNotContain(await check.AuditEntries.Select(e => e.Details ?? "").ToListAsync(), d => d.Contains("Quagmire", StringComparison.OrdinalIgnoreCase));
        Assert.True((await AuditVerifier.VerifyAsync(check, _home.KeyRing)).Intact);
    }

    [Fact]
    public async Task The_clinic_answers_the_claim_goes_back_to_coding_and_both_texts_read_back_with_one_audited_read_each()
    {
        var (claimId, clinicId) = await ClaimInCodingAsync();
        Guid queryId;
        await using (var db = _home.NewContext()) queryId = (await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, Question, new Caller(Alice, default))).Id;
        _home.Time.Advance(TimeSpan.FromHours(3));

        await using (var db = _home.NewContext()) await new ClinicQuestions(db, new FakeTimeProvider(Now)).AnswerAsync(queryId, clinicId, Answer, new Caller(new Actor("front-desk@clinic", ClaimRole.Clinic), default));

        await using var read = _home.NewContext();
        Assert.Equal(ClaimState.Coding, await read.Claims.Where(c => c.Id == claimId).Select(c => c.State).SingleAsync());
        var before = await read.AuditEntries.CountAsync(e => e.Action == AuditAction.Read && e.EntityType == "ClinicQuestion");
        var view = Assert.Single(await new ClinicQuestions(read, TimeProvider.System).ReadAsync(read.ClinicQuestions.Where(q => q.ClaimId == claimId), new Caller(Alice, default)));
        Assert.Equal((Question, Answer, QuestionStatus.Answered, "front-desk@clinic", Now, false), (view.Question, view.Answer, view.Status, view.AnsweredBy, view.AnsweredAt, view.Erased));
        Assert.Equal(before + 1, await read.AuditEntries.CountAsync(e => e.Action == AuditAction.Read && e.EntityType == "ClinicQuestion" && e.EntityId == queryId.ToString() && e.ActorId == Alice.Id));
        Assert.True(await read.AuditEntries.AnyAsync(e => e.Action == AuditAction.Update && e.EntityId == queryId.ToString() && e.ActorRole == "Clinic"));
        Assert.True(await read.AuditEntries.AnyAsync(e => e.Action == AuditAction.Transition && e.ActorId == "front-desk@clinic" && e.Details!.Contains("ProviderAnswered")));
    }

    [Fact]
    public async Task Empty_or_over_long_text_a_claim_held_by_another_coder_or_in_the_wrong_state_and_a_second_answer_are_refused_and_change_nothing()
    {
        var (claimId, clinicId) = await ClaimInCodingAsync();
        Guid received;
        await using (var setup = _home.NewContext()) received = await setup.Claims.Where(c => c.State == ClaimState.Received).Select(c => c.Id).FirstAsync();

        await using (var db = _home.NewContext())
        {
            await Assert.ThrowsAsync<DomainValidationException>(() => new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, "   ", new Caller(Alice, default)));
            await Assert.ThrowsAsync<DomainValidationException>(() => new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, new string('x', ClinicQuestion.MaxTextLength + 1), new Caller(Alice, default)));
            await Assert.ThrowsAsync<ClaimLeasedException>(() => new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, Question, new Caller(Bob, default)));
            await Assert.ThrowsAsync<InvalidTransitionException>(() => new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(received, Question, new Caller(Alice, default)));
            await Assert.ThrowsAsync<NotFoundException>(() => new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(Guid.NewGuid(), Question, new Caller(Alice, default)));
        }
        await using (var check = _home.NewContext())
        {
            Assert.Equal(0, await check.ClinicQuestions.CountAsync(q => q.ClaimId == claimId));
            Assert.Equal(ClaimState.Coding, await check.Claims.Where(c => c.Id == claimId).Select(c => c.State).SingleAsync());
        }

        Guid queryId;
        await using (var db = _home.NewContext()) queryId = (await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, new string('q', ClinicQuestion.MaxTextLength), new Caller(Alice, default))).Id;
        var clinic = new Actor("front-desk@clinic", ClaimRole.Clinic);
        await using (var db = _home.NewContext())
        {
            // Another clinic's query is not theirs to see: "not found", as if it did not exist.
            await Assert.ThrowsAsync<NotFoundException>(() => new ClinicQuestions(db, new FakeTimeProvider(Now)).AnswerAsync(queryId, Guid.NewGuid(), Answer, new Caller(clinic, default)));
            await Assert.ThrowsAsync<DomainValidationException>(() => new ClinicQuestions(db, new FakeTimeProvider(Now)).AnswerAsync(queryId, clinicId, "", new Caller(clinic, default)));
        }
        await using (var db = _home.NewContext()) await new ClinicQuestions(db, new FakeTimeProvider(Now)).AnswerAsync(queryId, clinicId, Answer, new Caller(clinic, default));
        await using (var db = _home.NewContext()) await Assert.ThrowsAsync<QuestionAnsweredException>(() => new ClinicQuestions(db, new FakeTimeProvider(Now)).AnswerAsync(queryId, clinicId, "again", new Caller(clinic, default)));

        await using var after = _home.NewContext();
        Assert.Equal(QuestionStatus.Answered, (await after.ClinicQuestions.SingleAsync(q => q.ClaimId == claimId)).Status);
        Assert.Equal(ClaimState.Coding, await after.Claims.Where(c => c.Id == claimId).Select(c => c.State).SingleAsync());
    }

    [Fact]
    public async Task After_the_patient_is_erased_the_query_text_is_unreadable_reading_says_so_and_no_new_query_can_be_stored()
    {
        var (claimId, clinicId) = await ClaimInCodingAsync();
        Guid queryId;
        await using (var db = _home.NewContext()) queryId = (await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, Question, new Caller(Alice, default))).Id;
        await using (var db = _home.NewContext()) await new ClinicQuestions(db, new FakeTimeProvider(Now)).AnswerAsync(queryId, clinicId, Answer, new Caller(new Actor("front-desk@clinic", ClaimRole.Clinic), default));
        byte[] cipher;
        await using (var db = _home.NewContext())
        {
            cipher = (await db.ClinicQuestions.SingleAsync(q => q.ClaimId == claimId)).QuestionCipher;
            var patientId = await db.Claims.Where(c => c.Id == claimId).Select(c => c.PatientId).SingleAsync();
            Assert.True(await PhiKeyMaintenance.EraseAsync(db, await db.Patients.SingleAsync(p => p.Id == patientId), "dpo", "Admin", _home.Time));
        }

        await using var read = _home.NewContext();
        var view = Assert.Single(await new ClinicQuestions(read, TimeProvider.System).ReadAsync(read.ClinicQuestions.Where(q => q.ClaimId == claimId), new Caller(Alice, default)));
        Assert.True(view.Erased);
        Assert.Null(view.Question);
        Assert.Null(view.Answer);
        Assert.Equal(cipher, (await read.ClinicQuestions.SingleAsync(q => q.ClaimId == claimId)).QuestionCipher); // the row stays; only the key is gone
        Assert.True(await read.AuditEntries.AnyAsync(e => e.Action == AuditAction.Read && e.EntityId == queryId.ToString() && e.Details!.Contains("erased")));
        await Assert.ThrowsAsync<PatientErasedException>(() => new ClinicQuestions(read, new FakeTimeProvider(Now)).AskAsync(claimId, "Anything new?", new Caller(Alice, default)));
        Assert.True((await AuditVerifier.VerifyAsync(read, _home.KeyRing)).Intact);
    }

    [Fact]
    public async Task Key_rotation_rewraps_the_data_key_and_the_query_text_still_reads_with_its_ciphertext_untouched()
    {
        var (claimId, _) = await ClaimInCodingAsync();
        await using (var db = _home.NewContext()) await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, Question, new Caller(Alice, default));
        byte[] before;
        await using (var db = _home.NewContext()) before = (await db.ClinicQuestions.SingleAsync(q => q.ClaimId == claimId)).QuestionCipher;

        int keys;
        await using (var db = _home.NewContext()) keys = await db.PatientKeys.CountAsync(); // demo patients have keys too
        await using (var db = _home.NewContext()) Assert.Equal(keys, (await PhiKeyMaintenance.RotateAsync(db, _home.KeyRing, "admin", "Admin")).Rewrapped);

        await using var read = _home.NewContext();
        Assert.Equal(before, (await read.ClinicQuestions.SingleAsync(q => q.ClaimId == claimId)).QuestionCipher);
        var patientId = await read.Claims.Where(c => c.Id == claimId).Select(c => c.PatientId).SingleAsync();
        Assert.Equal("kek-2", (await read.PatientKeys.SingleAsync(k => k.PatientId == patientId)).KekId);
        Assert.Equal(Question, Assert.Single(await new ClinicQuestions(read, TimeProvider.System).ReadAsync(read.ClinicQuestions.Where(q => q.ClaimId == claimId), new Caller(Alice, default))).Question);
    }

    [Fact]
    public async Task The_gdpr_export_holds_the_question_and_answer_as_Communications_until_the_patient_is_erased()
    {
        var (claimId, clinicId) = await ClaimInCodingAsync();
        Guid queryId;
        await using (var db = _home.NewContext()) queryId = (await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, Question, new Caller(Alice, default))).Id;
        await using (var db = _home.NewContext()) await new ClinicQuestions(db, new FakeTimeProvider(Now)).AnswerAsync(queryId, clinicId, Answer, new Caller(new Actor("front-desk@clinic", ClaimRole.Clinic), default));
        var before = Path.Combine(_home.Home, "before.json");
        var after = Path.Combine(_home.Home, "after.json");

        await using (var db = _home.NewContext())
        {
            var patient = await db.Patients.SingleAsync(p => p.Id == db.Claims.Single(c => c.Id == claimId).PatientId);
            await Privacy.GdprExporter.ExportAsync(db, patient, before, "dpo", "Admin", _home.Time);
            await PhiKeyMaintenance.EraseAsync(db, patient, "dpo", "Admin", _home.Time);
            await Privacy.GdprExporter.ExportAsync(db, patient, after, "dpo", "Admin", _home.Time);
        }

        static List<System.Text.Json.JsonElement> Communications(string file) =>
            [.. System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("entry").EnumerateArray()
                .Select(e => e.GetProperty("resource")).Where(r => r.GetProperty("resourceType").GetString() == "Communication")];
        var exported = Communications(before);
        Assert.Equal([Question, Answer], exported.Select(c => c.GetProperty("payload")[0].GetProperty("contentString").GetString()));
        Assert.Equal($"urn:uuid:{claimId}", exported[0].GetProperty("about")[0].GetProperty("reference").GetString());
        Assert.Equal($"urn:uuid:{queryId}", exported[1].GetProperty("inResponseTo")[0].GetProperty("reference").GetString());
        Assert.Empty(Communications(after));
        Assert.DoesNotContain("Quagmire", File.ReadAllText(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_data_puts_a_readable_encrypted_question_on_every_claim_it_leaves_on_hold_and_names_patients_only_encrypted()
    {
        await using var db = await _home.MigratedContextAsync();
        await DemoSeeder.SeedAsync(db, 60, 11, _home.Time);

        var onHold = await db.Claims.Where(c => c.State == ClaimState.OnHold).Select(c => c.Id).ToListAsync();
        Assert.NotEmpty(onHold);
        var queries = await db.ClinicQuestions.ToListAsync();
        Assert.Equal(onHold.Order(), queries.Select(q => q.ClaimId).Order());
        var views = await new ClinicQuestions(db, TimeProvider.System).ReadAsync(db.ClinicQuestions, new Caller(Alice, default));
        Assert.All(views, v => Assert.StartsWith("Please confirm laterality", v.Question, StringComparison.Ordinal));
        Assert.All(await db.Claims.Include(c => c.History).Where(c => onHold.Contains(c.Id)).ToListAsync(),
            c => Assert.Equal(ClinicQuestions.HoldReason, c.History[^1].Reason));
        // Every demo patient has a synthetic name, stored only encrypted.
        var patient = await db.Patients.FirstAsync();
        Assert.NotNull(patient.FamilyNameCipher);
        Assert.False(string.IsNullOrWhiteSpace((await db.Phi.RevealAsync(patient))!.FamilyName));
    }

    [Fact]
    public async Task A_question_copied_into_the_answer_column_does_not_decrypt()
    {
        var (claimId, clinicId) = await ClaimInCodingAsync();
        Guid queryId;
        await using (var db = _home.NewContext()) queryId = (await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, Question, new Caller(Alice, default))).Id;
        await using (var db = _home.NewContext()) await new ClinicQuestions(db, new FakeTimeProvider(Now)).AnswerAsync(queryId, clinicId, Answer, new Caller(new Actor("front-desk@clinic", ClaimRole.Clinic), default));
        await using (var db = _home.NewContext()) await db.Database.ExecuteSqlAsync($"UPDATE clinic_questions SET AnswerCipher = QuestionCipher");

        await using var read = _home.NewContext();
        await Assert.ThrowsAsync<PhiDecryptionException>(() => new ClinicQuestions(read, TimeProvider.System).ReadAsync(read.ClinicQuestions.Where(q => q.ClaimId == claimId), new Caller(Alice, default)));
    }
}
