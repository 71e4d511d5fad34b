using System.Net;
using System.Text.RegularExpressions;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Coding;

/// <summary>The coder's queue and the claim page, through the real sign-in, antiforgery and audit.</summary>
public sealed class WorkbenchTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, $"{user}@demo.claims.local");
        return client;
    }

    private static string Token(string html) => TestSupport.Token(html);

    private async Task<T> DbAsync<T>(Func<ClaimsDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClaimsDbContext>());
    }

    [Fact]
    public async Task The_queue_lists_workable_claims_oldest_first_and_the_view_is_audited()
    {
        var client = await SignedInAsync("coder");
        var before = await DbAsync(db => db.AuditEntries.CountAsync());

        var html = await client.GetStringAsync(new Uri("/Queue", UriKind.Relative));

        var expected = await DbAsync(db => db.Claims.Where(c => c.State == ClaimState.Received || c.State == ClaimState.Coding || c.State == ClaimState.OnHold)
            .OrderBy(c => c.ServiceFrom).ThenBy(c => c.Id).Select(c => c.ControlNumber).Take(5).ToListAsync());
        var shown = Regex.Matches(html, "<a href=\"/Claims/[0-9a-f-]+\">([0-9A-Z]+)</a>").Select(m => m.Groups[1].Value).Take(5).ToList();
        Assert.Equal(expected.Select(e => e.Value), shown);
        Assert.True(await DbAsync(db => db.AuditEntries.CountAsync()) > before);
        Assert.DoesNotContain("Submitted", Regex.Matches(html, "class=\"badge[^\"]*\">([A-Za-z]+)<").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task Take_next_leases_the_oldest_free_claim_to_the_coder_and_opens_it()
    {
        var client = await SignedInAsync("coder");
        var queue = await client.GetStringAsync(new Uri("/Queue", UriKind.Relative));

        var response = await client.PostAsync(new Uri("/Queue?handler=TakeNext", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(queue) }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = Guid.Parse(response.Headers.Location!.OriginalString["/Claims/".Length..]);
        var claim = await DbAsync(db => db.Claims.SingleAsync(c => c.Id == id));
        Assert.Equal(("coder@demo.claims.local", ClaimState.Coding), (claim.AssignedTo, claim.State));
        Assert.Contains(">you<", await client.GetStringAsync(new Uri("/Queue", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_by_me_lists_only_the_coders_own_claims_and_held_by_nobody_leaves_them_out()
    {
        var client = await SignedInAsync("coder");
        var queue = await client.GetStringAsync(new Uri("/Queue", UriKind.Relative));
        var taken = await client.PostAsync(new Uri("/Queue?handler=TakeNext", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(queue) }));
        var id = Guid.Parse(taken.Headers.Location!.OriginalString["/Claims/".Length..]);

        var mine = await client.GetStringAsync(new Uri("/Queue?Holder=Mine", UriKind.Relative));

        var expected = await DbAsync(db => db.Claims.Where(c => c.AssignedTo == "coder@demo.claims.local").Select(c => c.Id).ToListAsync());
        var shown = Regex.Matches(mine, "<a href=\"/Claims/([0-9a-f-]+)\">").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.Contains(id, shown);
        Assert.Equal(expected.Order(), shown.Order());
        Assert.Contains("<option value=\"Mine\" selected=\"selected\">", mine, StringComparison.Ordinal);
        var next = await client.GetStringAsync(new Uri("/Queue?Holder=Unassigned&Due=3650", UriKind.Relative));
        Assert.DoesNotContain($"/Claims/{id}\"", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_biller_may_not_open_the_coders_queue()
    {
        var client = await SignedInAsync("biller");
        var response = await client.GetAsync(new Uri("/Queue", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coder_opens_a_claim_and_starts_coding_it()
    {
        var client = await SignedInAsync("coder");
        var id = await DbAsync(db => db.Claims.Where(c => c.State == ClaimState.Received).OrderByDescending(c => c.ServiceFrom).Select(c => c.Id).FirstAsync());

        var page = await client.GetStringAsync(new Uri($"/Claims/{id}", UriKind.Relative));
        Assert.Contains(">Start coding</button>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Submit</button>", page, StringComparison.Ordinal);
        var read = await DbAsync(db => db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync());
        Assert.Equal((AuditAction.Read, id.ToString(), "coder@demo.claims.local"), (read.Action, read.EntityId, read.ActorId));

        var version = Regex.Match(page, "name=\"version\" value=\"([0-9]+)\"").Groups[1].Value;
        var fire = await client.PostAsync(new Uri($"/Claims/{id}?handler=Fire", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["trigger"] = "StartCoding",
            ["version"] = version,
            ["__RequestVerificationToken"] = Token(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, fire.StatusCode);

        Assert.Equal(ClaimState.Coding, await DbAsync(db => db.Claims.Where(c => c.Id == id).Select(c => c.State).SingleAsync()));
        var after = await client.GetStringAsync(new Uri($"/Claims/{id}", UriKind.Relative));
        Assert.Contains("Received → Coding", WebUtility.HtmlDecode(after), StringComparison.Ordinal);
        Assert.Contains("name=\"trigger\" value=\"CompleteCoding\"", after, StringComparison.Ordinal);
        Assert.Contains(">Coding complete</button>", after, StringComparison.Ordinal);
        // Starting to code took the claim: this coder holds the lease.
        Assert.Equal("coder@demo.claims.local", await DbAsync(db => db.Claims.Where(c => c.Id == id).Select(c => c.AssignedTo).SingleAsync()));
    }

    [Fact]
    public async Task A_stale_form_changes_nothing_and_says_why()
    {
        var client = await SignedInAsync("coder");
        var id = await DbAsync(db => db.Claims.Where(c => c.State == ClaimState.Received).OrderBy(c => c.ServiceFrom).Select(c => c.Id).FirstAsync());
        var page = await client.GetStringAsync(new Uri($"/Claims/{id}", UriKind.Relative));

        var fire = await client.PostAsync(new Uri($"/Claims/{id}?handler=Fire", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["trigger"] = "StartCoding",
            ["version"] = "-1",
            ["__RequestVerificationToken"] = Token(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, fire.StatusCode);
        Assert.Equal(ClaimState.Received, await DbAsync(db => db.Claims.Where(c => c.Id == id).Select(c => c.State).SingleAsync()));
        Assert.Contains("Someone else changed this claim", await client.GetStringAsync(new Uri($"/Claims/{id}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Firing_without_an_antiforgery_token_is_refused()
    {
        var client = await SignedInAsync("coder");
        var id = await DbAsync(db => db.Claims.Where(c => c.State == ClaimState.Received).Select(c => c.Id).FirstAsync());
        var fire = await client.PostAsync(new Uri($"/Claims/{id}?handler=Fire", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["trigger"] = "StartCoding", ["version"] = "1" }));
        Assert.Equal(HttpStatusCode.BadRequest, fire.StatusCode);
    }

    [Fact]
    public async Task A_clinic_user_cannot_open_another_clinics_claim_and_an_auditor_gets_no_buttons()
    {
        var clinicUser = await SignedInAsync("clinic");
        var (own, other) = await DbAsync(async db =>
        {
            var mine = (await db.Users.SingleAsync(u => u.Email == "clinic@demo.claims.local")).ClinicId;
            return (await db.Claims.Where(c => c.ClinicId == mine).Select(c => c.Id).FirstAsync(), await db.Claims.Where(c => c.ClinicId != mine).Select(c => c.Id).FirstAsync());
        });
        Assert.Equal(HttpStatusCode.OK, (await clinicUser.GetAsync(new Uri($"/Claims/{own}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinicUser.GetAsync(new Uri($"/Claims/{other}", UriKind.Relative))).StatusCode);

        var auditor = await SignedInAsync("auditor");
        var page = await auditor.GetStringAsync(new Uri($"/Claims/{other}", UriKind.Relative));
        Assert.DoesNotContain("</button>\n            </form>", page.Replace("Sign out</button>", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("asp-page-handler", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Fire", page, StringComparison.Ordinal);
    }
}
