using System.Net;
using System.Text.RegularExpressions;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Security;

/// <summary>TOTP two-factor sign-in: the second step, lockout, recovery codes, and admins/auditors confined to enrolment.</summary>
public sealed partial class TwoFactorTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private const string Password = "Test-Password-1234";

    private HttpClient Client() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A user of its own for each test (lockout and used recovery codes must not leak between tests).</summary>
    private async Task<(string Email, string? Key)> NewUserAsync(string role, bool enrolled)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ClaimsUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.claims.local";
        var user = new ClaimsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = role };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        if (!enrolled) return (email, null);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (email, await users.GetAuthenticatorKeyAsync(user));
    }

    private async Task<ClaimsUser> UserAsync(string email)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    /// <summary>A valid 6-digit code shifted by one: a wrong code that looks right.</summary>
    private static string Wrong(string key) => ((int.Parse(TestSupport.Totp(key), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_admin_needs_the_second_step_a_wrong_code_is_refused_and_counted_and_the_right_one_signs_in()
    {
        var client = Client();
        var first = await TestSupport.PasswordStepAsync(client, "admin@demo.claims.local", ClaimsWebFactory.DemoPassword);
        Assert.True(TestSupport.IsTwoFactorStep(first), first.Headers.Location?.OriginalString);
        // The password alone does not sign in.
        var before = await client.GetAsync(new Uri("/Admin/Users", UriKind.Relative));
        Assert.Contains("/Account/Login", before.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        var wrong = await TestSupport.SecondStepAsync(client, Wrong(ClaimsWebFactory.DemoAuthenticatorKey));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That code is not valid", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await UserAsync("admin@demo.claims.local")).AccessFailedCount);

        var right = await TestSupport.SecondStepAsync(client, TestSupport.Totp(ClaimsWebFactory.DemoAuthenticatorKey));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        // HIPAA: no "remember this browser" for the second factor.
        Assert.DoesNotContain(right.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("Identity.TwoFactorRememberMe", StringComparison.Ordinal));
        Assert.Equal(0, (await UserAsync("admin@demo.claims.local")).AccessFailedCount);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/Admin/Users", UriKind.Relative))).StatusCode);

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ActorId == "admin@demo.claims.local" && e.Action == AuditAction.LoginFailed && e.Details == "second factor (authenticator)"));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ActorId == "admin@demo.claims.local" && e.Action == AuditAction.Login && e.Details == "second factor (authenticator)"));
    }

    [Fact]
    public async Task The_browser_is_never_remembered_so_the_next_sign_in_asks_for_a_code_again()
    {
        var (email, key) = await NewUserAsync(Roles.Coder, enrolled: true);
        var client = Client();
        await TestSupport.PasswordStepAsync(client, email, Password);
        var page = await client.GetStringAsync(new Uri("/Account/TwoFactor", UriKind.Relative));
        Assert.DoesNotContain("type=\"checkbox\"", page, StringComparison.Ordinal);
        // Even a forged "remember this machine" field changes nothing.
        var signedIn = await client.PostAsync(new Uri("/Account/TwoFactor", UriKind.Relative), TestSupport.Form(page, ("Input.Code", TestSupport.Totp(key!)), ("Input.RememberMachine", "true"), ("RememberMachine", "true")));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var logout = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        await client.PostAsync(new Uri("/Account/Logout", UriKind.Relative), TestSupport.Form(logout));

        var again = await TestSupport.PasswordStepAsync(client, email, Password);

        Assert.True(TestSupport.IsTwoFactorStep(again));
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account_and_then_even_the_right_code_is_refused()
    {
        var (email, key) = await NewUserAsync(Roles.Biller, enrolled: true);
        var client = Client();
        await TestSupport.PasswordStepAsync(client, email, Password);

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++) last = await TestSupport.SecondStepAsync(client, Wrong(key!));

        Assert.Contains("locked", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var right = await TestSupport.SecondStepAsync(client, TestSupport.Totp(key!));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.True((await UserAsync(email)).LockoutEnd > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var (email, _) = await NewUserAsync(Roles.Coder, enrolled: true);
        string[] codes;
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ClaimsUser>>();
            codes = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByEmailAsync(email))!, 10))!];
        }

        var first = Client();
        await TestSupport.PasswordStepAsync(first, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, (await TestSupport.SecondStepAsync(first, codes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(new Uri("/Queue", UriKind.Relative))).StatusCode);

        var second = Client();
        await TestSupport.PasswordStepAsync(second, email, Password);
        var reused = await TestSupport.SecondStepAsync(second, codes[0]);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("That code is not valid", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await TestSupport.SecondStepAsync(second, codes[1])).StatusCode);
    }

    [Theory]
    [InlineData("Auditor", "/Audit")]
    [InlineData("Admin", "/Admin/Users")]
    public async Task An_admin_or_auditor_without_two_factor_is_confined_to_enrolment_until_a_code_enables_it(string role, string page)
    {
        var (email, _) = await NewUserAsync(role, enrolled: false);
        var client = Client();
        var signIn = await TestSupport.PasswordStepAsync(client, email, Password);
        Assert.False(TestSupport.IsTwoFactorStep(signIn));

        foreach (var path in new[] { page, "/", "/Queue" })
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/Authenticator", response.Headers.Location?.OriginalString);
        }
        var enrolment = await client.GetStringAsync(new Uri("/Account/Authenticator", UriKind.Relative));
        Assert.Contains("requires two-factor sign-in", enrolment, StringComparison.Ordinal);
        // A POST elsewhere is refused outright, not just redirected.
        var post = await client.PostAsync(new Uri("/Admin/Users?handler=Create", UriKind.Relative), TestSupport.Form(enrolment, ("Input.Email", $"x{Guid.NewGuid():N}@test.claims.local"), ("Input.DisplayName", "X"), ("Input.Role", "Admin")));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);

        var key = SharedKey().Match(enrolment).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.Matches("^[A-Z2-7]{32}$", key);
        Assert.Contains($"otpauth://totp/Claims:{Uri.EscapeDataString(email)}?secret={key}&amp;issuer=Claims", enrolment, StringComparison.Ordinal);
        Assert.Contains("<svg", enrolment, StringComparison.Ordinal);

        var wrong = await client.PostAsync(new Uri("/Account/Authenticator?handler=Enable", UriKind.Relative), TestSupport.Form(enrolment, ("Input.Code", Wrong(key))));
        Assert.Contains("does not match", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await UserAsync(email)).TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri(page, UriKind.Relative))).StatusCode);

        var enabled = await client.PostAsync(new Uri("/Account/Authenticator?handler=Enable", UriKind.Relative), TestSupport.Form(enrolment, ("Input.Code", TestSupport.Totp(key))));
        var html = await enabled.Content.ReadAsStringAsync();
        Assert.Equal(10, RecoveryCode().Count(html));
        Assert.True((await UserAsync(email)).TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(page, UriKind.Relative))).StatusCode);

        // From now on the password alone is not enough.
        var next = await TestSupport.PasswordStepAsync(Client(), email, Password);
        Assert.True(TestSupport.IsTwoFactorStep(next));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var user = await UserAsync(email);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityId == user.Id && e.Action == AuditAction.Update && e.Details == "two-factor enrolment: enabled, recovery codes issued"));
    }

    [Fact]
    public async Task A_two_factor_session_stays_one_when_the_security_stamp_is_checked_again()
    {
        // Every request re-checks the stamp here, as happens in production once a minute.
        using var everyRequest = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero)));
        var client = everyRequest.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "auditor@demo.claims.local");

        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(20);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/Audit", UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task Enrolling_keeps_the_session_even_though_a_new_key_changes_the_security_stamp()
    {
        using var everyRequest = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero)));
        var client = everyRequest.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (email, _) = await NewUserAsync(Roles.Coder, enrolled: false);
        await TestSupport.SignInAsync(client, email, Password);
        async Task StillSignedIn() => Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/Queue", UriKind.Relative))).StatusCode);

        var enrolment = await client.GetStringAsync(new Uri("/Account/Authenticator", UriKind.Relative));
        await StillSignedIn();
        var key = SharedKey().Match(enrolment).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var enabled = await client.PostAsync(new Uri("/Account/Authenticator?handler=Enable", UriKind.Relative), TestSupport.Form(enrolment, ("Input.Code", TestSupport.Totp(key))));
        Assert.Equal(10, RecoveryCode().Count(await enabled.Content.ReadAsStringAsync()));
        await StillSignedIn();
        var status = await client.GetStringAsync(new Uri("/Account/Authenticator", UriKind.Relative));
        var renewed = await client.PostAsync(new Uri("/Account/Authenticator?handler=RecoveryCodes", UriKind.Relative), TestSupport.Form(status));
        Assert.Equal(10, RecoveryCode().Count(await renewed.Content.ReadAsStringAsync()));
        await StillSignedIn();
    }

    [Fact]
    public async Task The_start_up_printed_key_is_the_one_the_demo_admin_is_enrolled_with()
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ClaimsUser>>();
        foreach (var email in new[] { "admin@demo.claims.local", "auditor@demo.claims.local" })
        {
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True(user.TwoFactorEnabled);
            Assert.Equal(ClaimsWebFactory.DemoAuthenticatorKey, await users.GetAuthenticatorKeyAsync(user));
        }
        Assert.False((await users.FindByEmailAsync("coder@demo.claims.local"))!.TwoFactorEnabled);
    }

    [GeneratedRegex("id=\"shared-key\">([A-Z2-7 ]+)<")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<li><code>[a-zA-Z0-9]{5}-[a-zA-Z0-9]{5}</code></li>")]
    private static partial Regex RecoveryCode();
}
