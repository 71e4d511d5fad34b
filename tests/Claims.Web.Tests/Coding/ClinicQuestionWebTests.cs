using Microsoft.Extensions.Time.Testing;
using Claims.Coding;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Coding;

/// <summary>
/// Coder queries to the clinic and the clinic portal's lists, through the real sign-in, antiforgery, workflow,
/// encryption and audit: the coder asks, the clinic answers, the coder reads the answer; other clinics see nothing.
/// </summary>
public sealed class ClinicQuestionWebTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private const string Coder = "coder@demo.claims.local";
    private const string ClinicUser = "clinic@demo.claims.local";

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, email);
        return client;
    }

    private async Task<T> DbAsync<T>(Func<ClaimsDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClaimsDbContext>());
    }

    private Task<Guid> ClinicOfAsync(string email) => DbAsync(async db => (await db.Users.SingleAsync(u => u.Email == email)).ClinicId!.Value);

    /// <summary>A new patient and claim of the clinic, taken by <paramref name="coder"/> (so in Coding, leased to them): no test shares one.</summary>
    private Task<Guid> ClaimInCodingAsync(Guid clinicId, string coder = Coder) => DbAsync(async db =>
    {
        var now = Now;
        var clinic = await db.Clinics.SingleAsync(c => c.Id == clinicId);
        var patient = new Patient(clinicId, "PT-T" + Random.Shared.Next(10_000_000, 99_999_999), AdministrativeSex.Female, 1980);
        db.Patients.Add(patient);
        var date = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-3);
        var claim = new Claim(ClaimControlNumber.New(date, Random.Shared.Next), clinicId, patient.Id, null, null, clinic.Npi, null, date, date, PlaceOfService.Office);
        claim.Take(new Actor(coder, ClaimRole.Coder), now, TimeSpan.FromMinutes(30));
        db.Claims.Add(claim);
        await db.SaveChangesAsync();
        return claim.Id;
    });

    private DateTimeOffset Now => factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    private Task<ClaimState> StateAsync(Guid claimId) => DbAsync(db => db.Claims.Where(c => c.Id == claimId).Select(c => c.State).SingleAsync());

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string page, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = TestSupport.Token(page);
        return await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(form));
    }

    private static async Task<string> TextAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(url, UriKind.Relative)));

    [Fact]
    public async Task A_coder_asks_the_clinic_answers_and_the_coder_reads_the_answer_with_every_step_audited_and_no_plaintext_stored()
    {
        const string question = "Which knee did Dr Abernathy-Quill inject on this visit, left or right?";
        const string answer = "Right knee, documented in the procedure note addendum.";
        var clinicId = await ClinicOfAsync(ClinicUser);
        var claimId = await ClaimInCodingAsync(clinicId);
        var coder = await SignedInAsync(Coder);

        var page = await coder.GetStringAsync(new Uri($"/Claims/{claimId}/Query", UriKind.Relative));
        Assert.Contains("No queries on this claim yet.", page, StringComparison.Ordinal);
        var asked = await PostAsync(coder, $"/Claims/{claimId}/Query", page, new() { ["Question"] = question });

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal($"/Claims/{claimId}", asked.Headers.Location!.OriginalString);
        Assert.Equal(ClaimState.OnHold, await StateAsync(claimId));
        var queryId = await DbAsync(db => db.ClinicQuestions.Where(q => q.ClaimId == claimId).Select(q => q.Id).SingleAsync());
        var ciphers = await DbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT QuestionCipher FROM clinic_questions";
            var all = new List<byte[]>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) all.Add((byte[])reader[0]);
            return all;
        });
        Assert.NotEmpty(ciphers);
        Assert.All(ciphers, c => Assert.False(c.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Abernathy")) >= 0, "a question is stored in plaintext"));
        Assert.Equal(ClinicQuestions.HoldReason, await DbAsync(db => db.ClaimEvents.Where(e => e.ClaimId == claimId && e.Trigger == ClaimTrigger.QueryProvider).Select(e => e.Reason).SingleAsync()));
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Create && e.EntityType == "ClinicQuestion" && e.EntityId == queryId.ToString() && e.ActorId == Coder && e.PatientPseudonym != null)));
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Transition && e.EntityId == claimId.ToString() && e.Details!.Contains("QueryProvider"))));

        var clinic = await SignedInAsync(ClinicUser);
        var queries = await clinic.GetStringAsync(new Uri("/Clinic/Queries", UriKind.Relative));
        Assert.Contains(question, WebUtility.HtmlDecode(queries), StringComparison.Ordinal);
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Read && e.EntityId == queryId.ToString() && e.ActorId == ClinicUser)));
        var answered = await PostAsync(clinic, "/Clinic/Queries?handler=Answer", queries, new() { ["query"] = queryId.ToString(), ["answer"] = answer });

        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal(ClaimState.Coding, await StateAsync(claimId));
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Update && e.EntityId == queryId.ToString() && e.ActorId == ClinicUser)));
        var after = await TextAsync(clinic, "/Clinic/Queries");
        Assert.Contains("Answer sent", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{queryId}\"", after, StringComparison.Ordinal); // no answer form any more

        var thread = await TextAsync(coder, $"/Claims/{claimId}/Query");
        Assert.Contains(question, thread, StringComparison.Ordinal);
        Assert.Contains(answer, thread, StringComparison.Ordinal);
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Read && e.EntityId == queryId.ToString() && e.ActorId == Coder)));
        Assert.DoesNotContain(await DbAsync(db => db.AuditEntries.Select(e => e.Details ?? "").ToListAsync()), d => d.Contains("Abernathy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_clinic_neither_sees_nor_answers_the_query_and_gets_404()
    {
        const string question = "Please confirm the rendering provider for this telehealth visit.";
        var clinicA = await ClinicOfAsync(ClinicUser);
        var claimId = await ClaimInCodingAsync(clinicA);
        var queryId = await DbAsync(async db => (await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, question, new Caller(new Actor(Coder, ClaimRole.Coder), default))).Id);
        var clinicB = await DbAsync(db => db.Clinics.Where(c => c.Id != clinicA).Select(c => c.Id).FirstAsync());
        var other = await SecondClinicUserAsync(clinicB);

        var page = await TextAsync(other, "/Clinic/Queries");
        Assert.DoesNotContain(question, page, StringComparison.Ordinal);
        Assert.DoesNotContain(queryId.ToString(), page, StringComparison.Ordinal);
        var answer = await PostAsync(other, "/Clinic/Queries?handler=Answer", page, new() { ["query"] = queryId.ToString(), ["answer"] = "Not ours, but answering anyway." });
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/Claims/{claimId}", UriKind.Relative))).StatusCode);
        Assert.Equal(ClaimState.OnHold, await StateAsync(claimId));
        Assert.Equal(QuestionStatus.Open, await DbAsync(db => db.ClinicQuestions.Where(q => q.Id == queryId).Select(q => q.Status).SingleAsync()));
        var controlNumber = await DbAsync(db => db.Claims.Where(c => c.Id == claimId).Select(c => c.ControlNumber).SingleAsync());
        Assert.DoesNotContain(controlNumber.Value, await TextAsync(other, "/Clinic/Claims"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_clinic_claim_list_shows_only_its_own_claims_filters_by_state_marks_open_queries_and_is_audited()
    {
        var clinicId = await ClinicOfAsync(ClinicUser);
        var claimId = await ClaimInCodingAsync(clinicId);
        await DbAsync(async db => await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, "Is the modifier 25 visit separately documented?", new Caller(new Actor(Coder, ClaimRole.Coder), default)));
        var clinic = await SignedInAsync(ClinicUser);
        var before = await DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "ClaimList" && e.ActorId == ClinicUser));

        var html = await clinic.GetStringAsync(new Uri("/Clinic/Claims", UriKind.Relative));

        var shown = Regex.Matches(html, "<a href=\"/Claims/([0-9a-f-]+)\">").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        var own = await DbAsync(db => db.Claims.Where(c => c.ClinicId == clinicId).Select(c => c.Id).ToListAsync());
        Assert.NotEmpty(shown);
        Assert.All(shown, id => Assert.Contains(id, own));
        Assert.Equal(Math.Min(own.Count, Claims.Web.Pages.Clinic.ClaimsModel.PageSize), shown.Count);
        Assert.Contains(claimId, shown);
        string Row(Guid id) => Regex.Match(html, $"<a href=\"/Claims/{id}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains(">query open<", Row(claimId), StringComparison.Ordinal);
        var withoutQuery = await DbAsync(db => db.Claims.Where(c => shown.Contains(c.Id) && !db.ClinicQuestions.Any(q => q.ClaimId == c.Id)).Select(c => c.Id).FirstAsync());
        Assert.DoesNotContain(">query open<", Row(withoutQuery), StringComparison.Ordinal);
        Assert.Equal(before + 1, await DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "ClaimList" && e.ActorId == ClinicUser)));

        var onHold = await clinic.GetStringAsync(new Uri("/Clinic/Claims?State=OnHold", UriKind.Relative));
        var states = Regex.Matches(onHold, "class=\"badge state-[a-z]+\">([A-Za-z ]+)<").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(["On hold"], states);
        Assert.Contains($"/Claims/{claimId}", onHold, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_query_page_offers_no_form_for_a_claim_another_coder_holds_or_not_in_coding_and_a_post_changes_nothing()
    {
        var clinicId = await ClinicOfAsync(ClinicUser);
        var held = await ClaimInCodingAsync(clinicId, "someone.else@demo.claims.local");
        var coder = await SignedInAsync(Coder);

        var page = await TextAsync(coder, $"/Claims/{held}/Query");
        Assert.Contains("someone.else@demo.claims.local is coding this claim", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<textarea", page, StringComparison.Ordinal);
        var post = await PostAsync(coder, $"/Claims/{held}/Query", page, new() { ["Question"] = "May I?" });
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(ClaimState.Coding, await StateAsync(held));
        Assert.Equal(0, await DbAsync(db => db.ClinicQuestions.CountAsync(q => q.ClaimId == held)));

        var (notCoding, state) = await DbAsync(async db =>
        {
            var first = await db.Claims.Where(c => c.State != ClaimState.Coding).Select(c => new { c.Id, c.State }).FirstAsync();
            return (first.Id, first.State);
        });
        var wrongState = await TextAsync(coder, $"/Claims/{notCoding}/Query");
        Assert.Contains($"This claim is {state}: a query to the clinic can be asked only while the claim is being coded.", wrongState, StringComparison.Ordinal);
        Assert.DoesNotContain("<textarea", wrongState, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await coder.GetAsync(new Uri($"/Claims/{Guid.NewGuid()}/Query", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task After_the_patient_is_erased_the_pages_say_the_text_can_no_longer_be_read()
    {
        const string question = "Please confirm the patient's home address for the billing statement.";
        var clinicId = await ClinicOfAsync(ClinicUser);
        var claimId = await ClaimInCodingAsync(clinicId);
        await DbAsync(async db => await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, question, new Caller(new Actor(Coder, ClaimRole.Coder), default)));
        await DbAsync(async db =>
        {
            var patientId = await db.Claims.Where(c => c.Id == claimId).Select(c => c.PatientId).SingleAsync();
            return await PhiKeyMaintenance.EraseAsync(db, await db.Patients.SingleAsync(p => p.Id == patientId), "dpo", Roles.Admin, factory.Services.GetRequiredService<TimeProvider>());
        });

        var coderPage = await TextAsync(await SignedInAsync(Coder), $"/Claims/{claimId}/Query");
        var clinicPage = await TextAsync(await SignedInAsync(ClinicUser), "/Clinic/Queries");

        Assert.Contains("The patient was erased: this query's text can no longer be read.", coderPage, StringComparison.Ordinal);
        Assert.DoesNotContain(question, coderPage, StringComparison.Ordinal);
        Assert.Contains("The patient was erased: this query's text can no longer be read", clinicPage, StringComparison.Ordinal);
        Assert.DoesNotContain(question, clinicPage, StringComparison.Ordinal);
    }

    /// <summary>A clinic user of another clinic, created through Identity as an admin would, and signed in.</summary>
    private async Task<HttpClient> SecondClinicUserAsync(Guid clinicId)
    {
        var email = $"clinic-b-{Guid.NewGuid():N}@demo.claims.local";
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ClaimsUser>>();
            var user = new ClaimsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Clinic B", ClinicId = clinicId };
            Assert.True((await users.CreateAsync(user, ClaimsWebFactory.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Clinic)).Succeeded);
        }
        return await SignedInAsync(email);
    }
}
