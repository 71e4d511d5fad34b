using System.Net;
using System.Text.RegularExpressions;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests;

public sealed partial class WebHostTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private HttpClient Client() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Healthz_answers_200_without_signing_in_and_reports_the_database_and_the_job_engine()
    {
        var response = await Client().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.Contains("\"database\":{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.Contains("\"jobs\":{\"status\":\"Healthy\",\"description\":\"job engine off", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_visit_to_the_home_page_is_sent_to_sign_in()
    {
        var response = await Client().GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_coder_sees_claim_counts_for_every_state_that_match_the_database()
    {
        var client = Client();
        await TestSupport.SignInAsync(client, "coder@demo.claims.local");

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var expected = await db.Claims.GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        Assert.True(expected.Values.Sum() > 0, "the demo seed created no claims");
        foreach (var state in Enum.GetValues<ClaimState>())
        {
            var match = Regex.Match(html, $"data-state=\"{state}\">\\s*<span class=\"count\">([0-9,]+)</span>");
            Assert.True(match.Success, $"no tile for {state}");
            Assert.Equal(expected.GetValueOrDefault(state), int.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task A_clinic_user_sees_only_its_own_clinics_counts()
    {
        var client = Client();
        await TestSupport.SignInAsync(client, "clinic@demo.claims.local");

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var clinic = await db.Clinics.OrderBy(c => c.Name).FirstAsync();
        var total = await db.Claims.CountAsync(c => c.ClinicId == clinic.Id);
        Assert.Contains(WebUtility.HtmlEncode(clinic.Name), html, StringComparison.Ordinal);
        Assert.Contains($"{total:N0} claim(s) in all", html, StringComparison.Ordinal);
        Assert.True(total < await db.Claims.CountAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var client = Client();
        var (token, cookie) = await AntiforgeryAsync(client);
        var response = await PostLoginAsync(client, "biller@demo.claims.local", "not-the-password", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Email or password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        _ = cookie;
    }

    [Fact]
    public async Task Signing_in_without_an_antiforgery_token_is_refused()
    {
        var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "coder@demo.claims.local",
            ["Input.Password"] = ClaimsWebFactory.DemoPassword,
        });

        var response = await Client().PostAsync(new Uri("/Account/Login", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_stylesheet_is_served_to_anonymous_visitors()
    {
        var client = Client();
        var html = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var href = Regex.Match(html, "<link rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value;

        var response = await client.GetAsync(new Uri(href, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        var response = await Client().GetAsync(new Uri("/Account/Login", UriKind.Relative));

        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password, string token) =>
        client.PostAsync(new Uri("/Account/Login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));

    private static async Task<(string Token, string Html)> AntiforgeryAsync(HttpClient client)
    {
        var html = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var token = TestSupport.Token(html);
        Assert.False(string.IsNullOrEmpty(token), "no antiforgery token on the sign-in page");
        return (token, html);
    }
}
