using System.Net;
using System.Text.RegularExpressions;
using Claims.Coding;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Claims.Web.Tests.Pages;

/// <summary>
/// Pages that fit their users, through the real sign-in: clinic users see and search their own patients by name
/// (POSTed, audited), missing pages answer people in words and API clients in ProblemDetails, dashboard tiles open
/// their lists, the queue says why a filter finds nothing and pages back, states read as words, the workbench shows
/// the clinic's answer and the queue marks answered claims, a header code never reaches a claim.
/// </summary>
public sealed class PagesForTheirUsersTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private const string Coder = "coder@demo.claims.local";
    private const string ClinicUser = "clinic@demo.claims.local";
    private const string Biller = "biller@demo.claims.local";

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

    private DateTimeOffset Now => factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    private static async Task<string> TextAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(url, UriKind.Relative)));

    private Task<Guid> ClinicOfAsync(string email) => DbAsync(async db => (await db.Users.SingleAsync(u => u.Email == email)).ClinicId!.Value);

    [Fact]
    public async Task A_clinic_user_sees_patient_names_and_finds_claims_by_name_and_birth_date_in_a_post_with_each_read_audited()
    {
        var clinicId = await ClinicOfAsync(ClinicUser);
        // A demo patient of the clinic with a name on file, and its claims.
        var (patientId, family, given, born, pseudonym) = await DbAsync(async db =>
        {
            foreach (var p in await db.Patients.Where(p => p.ClinicId == clinicId && db.Claims.Any(c => c.PatientId == p.Id)).OrderBy(p => p.Id).Take(20).ToListAsync())
            {
                if (await db.Phi.RevealAsync(p) is { FamilyName: { } f, GivenNames: { } g, BirthDate: { } b }) return (p.Id, f, g, b, p.Pseudonym);
            }
            throw new InvalidOperationException("no demo patient with a name");
        });
        var theirs = await DbAsync(db => db.Claims.Where(c => c.PatientId == patientId).Select(c => c.Id).ToListAsync());
        var clinic = await SignedInAsync(ClinicUser);
        var readsBefore = await DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "Patient" && e.ActorId == ClinicUser));

        var list = await TextAsync(clinic, "/Clinic/Claims");
        Assert.Matches(@"<td>\s*<span>[^<]+, [^<]+</span>\s*<span class=""hint"">PT-", list);
        Assert.True(await DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "Patient" && e.ActorId == ClinicUser)) > readsBefore);

        // The search is a POST: nothing typed goes into a URL.
        Assert.Contains("<form method=\"post\" class=\"search-form\"", list, StringComparison.Ordinal);
        var searchesBefore = await DbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == "PatientSearch" && e.ActorId == ClinicUser));
        var response = await clinic.PostAsync(new Uri("/Clinic/Claims", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Search.FamilyName"] = family.ToLowerInvariant(), ["Search.BirthDate"] = born, ["__RequestVerificationToken"] = TestSupport.Token(list),
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var found = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var shown = Regex.Matches(found, "<a href=\"/Claims/([0-9a-f-]+)\">").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, id => Assert.Contains(id, theirs));
        Assert.Contains($"{family}, {given}", found, StringComparison.Ordinal);
        Assert.DoesNotContain(Regex.Matches(found, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value), href => href.Contains(family, StringComparison.OrdinalIgnoreCase) || href.Contains(born, StringComparison.Ordinal));
        var search = await DbAsync(db => db.AuditEntries.Where(e => e.EntityType == "PatientSearch" && e.ActorId == ClinicUser).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(searchesBefore + 1, search.Count);
        Assert.DoesNotContain(family, search[^1].Details ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == "Patient" && e.EntityId == patientId.ToString() && e.PatientPseudonym == pseudonym && e.ActorId == ClinicUser)));

        // A name without the birth date cannot use the index: a clear answer, no list.
        var half = await clinic.PostAsync(new Uri("/Clinic/Claims", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Search.FamilyName"] = family, ["__RequestVerificationToken"] = TestSupport.Token(list),
        }));
        Assert.Contains("give the family name and the birth date", WebUtility.HtmlDecode(await half.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // By claim number.
        var number = await DbAsync(db => db.Claims.Where(c => c.Id == theirs[0]).Select(c => c.ControlNumber).SingleAsync());
        var byNumber = await clinic.PostAsync(new Uri("/Clinic/Claims", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Search.ControlNumber"] = number.Value, ["__RequestVerificationToken"] = TestSupport.Token(list),
        }));
        Assert.Equal([theirs[0]], Regex.Matches(await byNumber.Content.ReadAsStringAsync(), "<a href=\"/Claims/([0-9a-f-]+)\">").Select(m => Guid.Parse(m.Groups[1].Value)));
    }

    [Fact]
    public async Task A_missing_page_is_a_page_in_words_for_a_browser_and_problem_details_for_an_api_client()
    {
        var client = await SignedInAsync(Coder);
        using var browser = new HttpRequestMessage(HttpMethod.Get, new Uri("/no/such/page", UriKind.Relative));
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        var page = await client.SendAsync(browser);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Page not found</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);

        var claim = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri($"/Claims/{Guid.NewGuid()}", UriKind.Relative)) { Headers = { { "Accept", "text/html" } } });
        Assert.Equal(HttpStatusCode.NotFound, claim.StatusCode);
        Assert.Contains("Page not found", await claim.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var api = new HttpRequestMessage(HttpMethod.Get, new Uri("/no/such/page", UriKind.Relative));
        api.Headers.Accept.ParseAdd("application/json");
        var problem = await client.SendAsync(api);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        using var fhir = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/nothing", UriKind.Relative));
        fhir.Headers.Accept.ParseAdd("text/html");
        Assert.Equal("application/problem+json", (await client.SendAsync(fhir)).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dashboard_tiles_open_the_list_each_user_may_open()
    {
        var coder = await TextAsync(await SignedInAsync(Coder), "/");
        Assert.Contains("href=\"/Queue?State=Received\"", coder, StringComparison.Ordinal);
        Assert.Contains("href=\"/Queue?State=OnHold\"", coder, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Billing/Ready\"", Regex.Match(coder, "<main.*</main>", RegexOptions.Singleline).Value, StringComparison.Ordinal);
        Assert.Contains(">Ready to submit<", coder, StringComparison.Ordinal);
        var clinic = await TextAsync(await SignedInAsync(ClinicUser), "/");
        Assert.Contains("href=\"/Clinic/Claims?State=Paid\"", clinic, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Queue?", clinic, StringComparison.Ordinal);
        var biller = await TextAsync(await SignedInAsync(Biller), "/");
        Assert.Matches("<a class=\"tile state-readytosubmit\" href=\"/Billing/Ready\"", biller);
    }

    [Fact]
    public async Task The_queue_says_why_a_filter_finds_nothing_names_states_in_words_and_pages_back()
    {
        var coder = await SignedInAsync(Coder);
        var empty = await TextAsync(coder, "/Queue?State=OnHold&From=2099-01-01");
        Assert.Contains("No claim to code matches all of these filters: state On hold; served on or after 2099-01-01.", empty, StringComparison.Ordinal);
        Assert.Contains("Clear the filters", empty, StringComparison.Ordinal);
        Assert.Contains(">On hold</option>", empty, StringComparison.Ordinal);

        var first = await TextAsync(coder, "/Queue");
        Assert.DoesNotContain("Previous page", first, StringComparison.Ordinal);
        // The page after the first row, as a Next link makes it (the test database may hold fewer than a page).
        var firstId = Guid.Parse(Rows(first)[0]);
        var firstRow = await DbAsync(db => db.Claims.Where(c => c.Id == firstId).Select(c => new { c.ServiceFrom, c.Id }).SingleAsync());
        var cursor = $"{firstRow.ServiceFrom:yyyy-MM-dd}_{firstRow.Id}";
        var second = await TextAsync(coder, $"/Queue?After={cursor}&Back=-");
        Assert.Equal(Rows(first).Skip(1).Take(5), Rows(second).Take(5));
        var previous = Regex.Match(second, "href=\"([^\"]*)\">Previous page<").Groups[1].Value;
        Assert.DoesNotContain("After=", previous, StringComparison.Ordinal);
        Assert.StartsWith("/Queue", previous, StringComparison.Ordinal);
        Assert.Equal(Rows(first), Rows(await TextAsync(coder, previous)));
        static List<string> Rows(string html) => Regex.Matches(html, "<a href=\"/Claims/([0-9a-f-]+)\">").Select(m => m.Groups[1].Value).ToList();
    }

    [Fact]
    public async Task The_workbench_shows_the_clinics_answer_the_queue_marks_the_claim_and_history_reads_in_words()
    {
        var clinicId = await ClinicOfAsync(ClinicUser);
        var claimId = await DbAsync(async db =>
        {
            var clinic = await db.Clinics.SingleAsync(c => c.Id == clinicId);
            var patient = new Patient(clinicId, "PT-W" + Random.Shared.Next(10_000_000, 99_999_999), AdministrativeSex.Female, 1980);
            db.Patients.Add(patient);
            var date = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-2);
            var claim = new Claim(ClaimControlNumber.New(date, Random.Shared.Next), clinicId, patient.Id, null, null, clinic.Npi, null, date, date, PlaceOfService.Office);
            claim.Take(new Actor(Coder, ClaimRole.Coder), Now, TimeSpan.FromMinutes(30));
            db.Claims.Add(claim);
            await db.SaveChangesAsync();
            return claim.Id;
        });
        const string answer = "The visit was for the left ankle; the X-ray report is attached.";
        var questionId = await DbAsync(async db => (await new ClinicQuestions(db, new FakeTimeProvider(Now)).AskAsync(claimId, "Which ankle was imaged?", new Caller(new Actor(Coder, ClaimRole.Coder), default))).Id);
        await DbAsync(async db => await new ClinicQuestions(db, new FakeTimeProvider(Now)).AnswerAsync(questionId, clinicId, answer, new Caller(new Actor(ClinicUser, ClaimRole.Clinic), default)));
        // Back in coding, the coder takes it again.
        await DbAsync(async db =>
        {
            var claim = await db.Claims.SingleAsync(c => c.Id == claimId);
            claim.Take(new Actor(Coder, ClaimRole.Coder), Now, TimeSpan.FromMinutes(30));
            return await db.SaveChangesAsync();
        });
        var coder = await SignedInAsync(Coder);

        var page = await TextAsync(coder, $"/Claims/{claimId}");
        Assert.Contains("The clinic answered", page, StringComparison.Ordinal);
        Assert.Contains(answer, page, StringComparison.Ordinal);
        Assert.Contains("<td>Start coding</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Clinic answered</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>On hold</td>", page, StringComparison.Ordinal);

        var queue = await TextAsync(coder, "/Queue?State=Coding&Holder=Mine");
        var row = Regex.Match(queue, $"<a href=\"/Claims/{claimId}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("Clinic answered</span>", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Back_links_go_to_a_list_the_user_may_open()
    {
        var clinicId = await ClinicOfAsync(ClinicUser);
        var claimId = await DbAsync(db => db.Claims.Where(c => c.ClinicId == clinicId).Select(c => c.Id).FirstAsync());
        Assert.Contains("<p class=\"crumbs\"><a href=\"/Clinic/Claims\"", await TextAsync(await SignedInAsync(ClinicUser), $"/Claims/{claimId}"), StringComparison.Ordinal);
        Assert.Contains("<p class=\"crumbs\"><a href=\"/Billing/Ready\"", await TextAsync(await SignedInAsync(Biller), $"/Claims/{claimId}"), StringComparison.Ordinal);
        Assert.Contains("<p class=\"crumbs\"><a href=\"/Queue\"", await TextAsync(await SignedInAsync(Coder), $"/Claims/{claimId}"), StringComparison.Ordinal);
    }
}
