using System.Diagnostics;
using System.Net;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests;

/// <summary>
/// Sessions really end: a cookie copied while signed in is refused on its next use after sign-out or after an admin's
/// lock, role change, password reset or second-factor reset; an authenticator code works once; the sign-in page does
/// not tell whether an account exists or is locked.
/// </summary>
public sealed class SessionEndTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private const string Password = "Test-Password-1234";

    private HttpClient Client() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A user of its own for each test, so ending its sessions touches no other test.</summary>
    private async Task<(string Id, string Email, string? Key)> NewUserAsync(string role, bool enrolled = false)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ClaimsUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.claims.local";
        var user = new ClaimsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = role };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        if (!enrolled) return (user.Id, email, null);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (user.Id, email, await users.GetAuthenticatorKeyAsync(user));
    }

    private async Task<T> DbAsync<T>(Func<ClaimsDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClaimsDbContext>());
    }

    private Task<Guid> AnyClaimAsync() => DbAsync(db => db.Claims.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

    /// <summary>
    /// The session cookie as an attacker would lift it from a browser: the Cookie header value of the latest
    /// claims.auth cookie (re-issued on every response, since the stamp is checked on every request).
    /// </summary>
    private static async Task<string> CopyCookieAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/Queue", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("claims.auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]).ToList();
        Assert.NotEmpty(cookies);
        return string.Join("; ", cookies);
    }

    private async Task<HttpResponseMessage> ReplayAsync(string cookie, string path)
    {
        using var replay = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        return await replay.SendAsync(request);
    }

    private static void AssertSentToSignIn(HttpResponseMessage response) =>
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/Account/Login", StringComparison.Ordinal) == true),
            $"expected sign-in, got {(int)response.StatusCode} {response.Headers.Location}");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string handler, params (string, string)[] fields)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        return await client.PostAsync(new Uri($"{page}?handler={handler}", UriKind.Relative), TestSupport.Form(html, fields));
    }

    [Fact]
    public async Task A_session_cookie_copied_before_sign_out_is_refused_at_once_after_it_and_the_claim_page_does_not_open()
    {
        var (_, email, _) = await NewUserAsync(Roles.Coder);
        var browser = Client();
        await TestSupport.SignInAsync(browser, email, Password);
        var copied = await CopyCookieAsync(browser);
        var claim = await AnyClaimAsync();
        // The copy is a working session while the person is signed in.
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(copied, $"/Claims/{claim}")).StatusCode);

        var home = await browser.GetStringAsync(new Uri("/Queue", UriKind.Relative));
        var signedOut = await browser.PostAsync(new Uri("/Account/Logout", UriKind.Relative), TestSupport.Form(home));
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);

        AssertSentToSignIn(await ReplayAsync(copied, "/Queue"));
        AssertSentToSignIn(await ReplayAsync(copied, $"/Claims/{claim}"));
    }

    [Theory]
    [InlineData("Lock")]
    [InlineData("Role")]
    [InlineData("ResetPassword")]
    [InlineData("ResetTwoFactor")]
    public async Task A_session_cookie_copied_before_an_admin_changes_the_account_is_refused_at_once_after_it(string handler)
    {
        var (id, email, _) = await NewUserAsync(Roles.Coder);
        var browser = Client();
        await TestSupport.SignInAsync(browser, email, Password);
        var copied = await CopyCookieAsync(browser);
        var claim = await AnyClaimAsync();
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(copied, $"/Claims/{claim}")).StatusCode);

        var admin = Client();
        await TestSupport.SignInAsync(admin, "admin@demo.claims.local");
        var fields = handler == "Role" ? new[] { ("role", Roles.Biller) } : [];
        var changed = await PostAsync(admin, "/Admin/Users", $"{handler}&id={id}", fields);
        Assert.True(changed.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{handler} answered {(int)changed.StatusCode}");

        AssertSentToSignIn(await ReplayAsync(copied, $"/Claims/{claim}"));
        // The browser that held the session is out too, not only the copy.
        AssertSentToSignIn(await browser.GetAsync(new Uri("/Queue", UriKind.Relative)));
    }

    [Fact]
    public async Task An_authenticator_code_signs_in_once_and_the_same_code_replayed_in_its_window_is_refused()
    {
        var (_, email, key) = await NewUserAsync(Roles.Coder, enrolled: true);
        var code = TestSupport.Totp(key!);

        async Task<HttpResponseMessage> SecondStepWith(HttpClient client)
        {
            Assert.True(TestSupport.IsTwoFactorStep(await TestSupport.PasswordStepAsync(client, email, Password)));
            // Posted by hand: TestSupport.SecondStepAsync lets the server forget used codes first.
            var page = await client.GetStringAsync(new Uri("/Account/TwoFactor", UriKind.Relative));
            return await client.PostAsync(new Uri("/Account/TwoFactor", UriKind.Relative), TestSupport.Form(page, ("Input.Code", code)));
        }

        var first = await SecondStepWith(Client());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var replayed = await SecondStepWith(Client());
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("That code is not valid", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.AccessFailedCount).SingleAsync()));
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.ActorId == email && e.Action == AuditAction.LoginFailed && e.Details == "second factor (authenticator)")));
    }

    [Fact]
    public void The_single_use_provider_computes_the_RFC_6238_reference_codes()
    {
        // RFC 6238 appendix B, SHA-1 seed "12345678901234567890": 94287082 at T=59 s, 07081804 at T=1111111109 s (last 6 digits).
        var seed = "12345678901234567890"u8.ToArray();
        Assert.Equal("287082", SingleUseAuthenticatorTokenProvider.Code(seed, 59 / 30));
        Assert.Equal("081804", SingleUseAuthenticatorTokenProvider.Code(seed, 1111111109 / 30));
    }

    [Fact]
    public async Task Sign_in_answers_an_unknown_account_a_wrong_password_and_a_locked_account_alike()
    {
        var (_, wrongEmail, _) = await NewUserAsync(Roles.Coder);
        var (lockedId, lockedEmail, _) = await NewUserAsync(Roles.Coder);
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ClaimsUser>>();
            var account = (await users.FindByIdAsync(lockedId))!;
            await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue);
        }

        async Task<(string Text, double Ms)> Attempt(string email, string password)
        {
            var watch = Stopwatch.StartNew();
            var response = await TestSupport.PasswordStepAsync(Client(), email, password);
            watch.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            var start = html.IndexOf("<ul class=\"errors\"", StringComparison.Ordinal);
            return (html[start..html.IndexOf("</ul>", start, StringComparison.Ordinal)], watch.Elapsed.TotalMilliseconds);
        }

        var unknown = new List<(string Text, double Ms)>();
        var wrong = new List<(string Text, double Ms)>();
        var locked = new List<(string Text, double Ms)>();
        for (var i = 0; i < 3; i++)
        {
            unknown.Add(await Attempt($"nobody-{Guid.NewGuid():N}@test.claims.local", "Wrong-Password-123"));
            wrong.Add(await Attempt(wrongEmail, "Wrong-Password-123"));
            // The right password: a locked account must not confirm it either.
            locked.Add(await Attempt(lockedEmail, Password));
        }

        var message = wrong[0].Text;
        Assert.Contains("Email or password is wrong.", message, StringComparison.Ordinal);
        Assert.All(unknown.Concat(locked), a => Assert.Equal(message, a.Text));
        // Each path pays one password hash; without the decoy an unknown account answered in a fraction of the time.
        // Loose bounds (medians, a factor of four): the machine is shared and timing is noisy.
        static double Median(List<(string Text, double Ms)> xs) => xs.Select(x => x.Ms).Order().ElementAt(xs.Count / 2);
        Assert.True(Median(unknown) * 4 > Median(wrong), $"unknown {Median(unknown):F0} ms vs wrong password {Median(wrong):F0} ms");
        Assert.True(Median(locked) * 4 > Median(wrong), $"locked {Median(locked):F0} ms vs wrong password {Median(wrong):F0} ms");
    }
}
