using Claims.Domain;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Admin;

/// <summary>The admin pages (users, clinics, API keys) and the clinic portal's own API keys, through the real forms.</summary>
public sealed partial class AdminTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, $"{user}@demo.claims.local");
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string handler, params (string, string)[] fields)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        return await client.PostAsync(new Uri($"{page}?handler={handler}", UriKind.Relative), TestSupport.Form(html, fields));
    }

    private async Task<T> DbAsync<T>(Func<ClaimsDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ClaimsDbContext>());
    }

    private Task<Guid> ClinicAsync(int index) => DbAsync(db => db.Clinics.OrderBy(c => c.Name).Skip(index).Select(c => c.Id).FirstAsync());

    private static HttpRequestMessage FhirPost(string key) => new(HttpMethod.Post, "/fhir")
    {
        Content = new ByteArrayContent(File.ReadAllBytes(Directory.GetFiles(TestSupport.Fixture("fhir", "synthea"), "*.json").Order().First()))
        {
            Headers = { ContentType = MediaTypeHeaderValue.Parse("application/fhir+json") },
        },
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
    };

    [Fact]
    public async Task An_admin_creates_a_user_who_can_then_sign_in_with_the_password_shown_once()
    {
        var admin = await SignedInAsync("admin");
        var email = $"new-coder-{Guid.NewGuid():N}@test.claims.local";

        var created = await PostAsync(admin, "/Admin/Users", "Create", ("Input.Email", email), ("Input.DisplayName", "New Coder"), ("Input.Role", Roles.Coder));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var html = await created.Content.ReadAsStringAsync();
        var password = InitialPassword().Match(html).Groups[1].Value;
        Assert.Equal(16, password.Length);
        // Shown once: the list page does not show it again.
        Assert.DoesNotContain(password, await admin.GetStringAsync(new Uri("/Admin/Users", UriKind.Relative)), StringComparison.Ordinal);
        var coder = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(coder, email, password);
        // Someone else chose that password: until they pick their own, only the change-password page opens.
        Assert.Equal("/Account/Password", (await coder.GetAsync(new Uri("/Queue", UriKind.Relative))).Headers.Location?.OriginalString);
        await TestSupport.ChangePasswordAsync(coder, password, "Own-Passphrase-2026");
        Assert.Equal(HttpStatusCode.OK, (await coder.GetAsync(new Uri("/Queue", UriKind.Relative))).StatusCode);

        var userId = await DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var entry = await DbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityType == "User" && e.EntityId == userId && e.Action == AuditAction.Create));
        Assert.Equal(("admin@demo.claims.local", "user created, role Coder"), (entry.ActorId, entry.Details));
        Assert.False(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.Details != null && e.Details.Contains(password))));
    }

    [Fact]
    public async Task A_password_someone_else_set_must_be_replaced_before_anything_else_and_a_reset_starts_over()
    {
        var admin = await SignedInAsync("admin");
        var email = $"biller-{Guid.NewGuid():N}@test.claims.local";
        var password = InitialPassword().Match(await (await PostAsync(admin, "/Admin/Users", "Create", ("Input.Email", email), ("Input.DisplayName", "Bill"), ("Input.Role", Roles.Biller))).Content.ReadAsStringAsync()).Groups[1].Value;
        var id = await DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var user = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(user, email, password);

        // Confined: pages redirect to the form, other posts are refused, sign-out still works.
        Assert.Equal("/Account/Password", (await user.GetAsync(new Uri("/", UriKind.Relative))).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync(new Uri("/Claims/00000000-0000-0000-0000-000000000001?handler=Fire", UriKind.Relative), new FormUrlEncodedContent([]))).StatusCode);
        Assert.Contains("Someone else set your password", await user.GetStringAsync(new Uri("/Account/Password", UriKind.Relative)), StringComparison.Ordinal);

        // A wrong current password, or the same one again, changes nothing.
        await Assert.ThrowsAsync<InvalidOperationException>(() => TestSupport.ChangePasswordAsync(user, "Not-The-Password-1", "Own-Passphrase-2026"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => TestSupport.ChangePasswordAsync(user, password, password));
        Assert.True(await DbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.MustChangePassword).SingleAsync()));

        await TestSupport.ChangePasswordAsync(user, password, "Own-Passphrase-2026");
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.False(await DbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.MustChangePassword).SingleAsync()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => TestSupport.SignInAsync(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), email, password));

        // Forgotten: the admin issues a new one-time password, shown once; the person must replace it again.
        var reset = await PostAsync(admin, "/Admin/Users", $"ResetPassword&id={id}");
        var html = await reset.Content.ReadAsStringAsync();
        Assert.Contains("Password reset", html, StringComparison.Ordinal);
        var again = InitialPassword().Match(html).Groups[1].Value;
        Assert.Equal(16, again.Length);
        var back = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(back, email, again);
        Assert.Equal("/Account/Password", (await back.GetAsync(new Uri("/", UriKind.Relative))).Headers.Location?.OriginalString);

        var details = await DbAsync(db => db.AuditEntries.Where(e => e.EntityId == id).Select(e => e.Details).ToListAsync());
        Assert.Contains("password change refused", details);
        Assert.Contains("password changed", details);
        Assert.Contains("password reset by admin: one-time password issued, change required", details);
        Assert.False(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.Details != null && (e.Details.Contains(again) || e.Details.Contains("Own-Passphrase")))));
    }

    [Fact]
    public async Task An_admin_changes_a_role_locks_and_unlocks_and_resets_two_factor()
    {
        var admin = await SignedInAsync("admin");
        var email = $"staff-{Guid.NewGuid():N}@test.claims.local";
        var html = await (await PostAsync(admin, "/Admin/Users", "Create", ("Input.Email", email), ("Input.DisplayName", "Staff"), ("Input.Role", Roles.Coder))).Content.ReadAsStringAsync();
        var password = InitialPassword().Match(html).Groups[1].Value;
        var id = await DbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, "/Admin/Users", $"Role&id={id}", ("role", Roles.Biller))).StatusCode);
        var biller = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(biller, email, password);
        await TestSupport.ChangePasswordAsync(biller, password, "Own-Passphrase-2026");
        password = "Own-Passphrase-2026";
        Assert.True(IsDenied(await biller.GetAsync(new Uri("/Queue", UriKind.Relative))));

        await PostAsync(admin, "/Admin/Users", $"Lock&id={id}");
        await Assert.ThrowsAsync<InvalidOperationException>(() => TestSupport.SignInAsync(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), email, password));
        await PostAsync(admin, "/Admin/Users", $"Unlock&id={id}");
        await TestSupport.SignInAsync(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), email, password);

        // A clinic user needs a clinic.
        var noClinic = await PostAsync(admin, "/Admin/Users", $"Role&id={id}", ("role", Roles.Clinic));
        Assert.Equal(HttpStatusCode.Redirect, noClinic.StatusCode);
        Assert.Contains("needs a clinic", await admin.GetStringAsync(new Uri("/Admin/Users", UriKind.Relative)), StringComparison.Ordinal);

        // An auditor loses the phone: after the reset they are back on enrolment.
        await PostAsync(admin, "/Admin/Users", $"Role&id={id}", ("role", Roles.Auditor));
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ClaimsUser>>();
            var user = (await users.FindByIdAsync(id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, "/Admin/Users", $"ResetTwoFactor&id={id}")).StatusCode);
        Assert.False(await DbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        var auditor = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(auditor, email, password);
        Assert.Equal("/Account/Authenticator", (await auditor.GetAsync(new Uri("/Audit", UriKind.Relative))).Headers.Location?.OriginalString);

        var details = await DbAsync(db => db.AuditEntries.Where(e => e.EntityType == "User" && e.EntityId == id).Select(e => e.Details).ToListAsync());
        Assert.Contains("role Coder -> Biller", details);
        Assert.Contains("account locked", details);
        Assert.Contains("account unlocked", details);
        Assert.Contains("two-factor reset by admin: authenticator key and recovery codes void", details);
    }

    [Fact]
    public async Task An_admin_cannot_lock_or_demote_itself()
    {
        var admin = await SignedInAsync("admin");
        var id = await DbAsync(db => db.Users.Where(u => u.Email == "admin@demo.claims.local").Select(u => u.Id).SingleAsync());

        var locked = await PostAsync(admin, "/Admin/Users", $"Lock&id={id}");
        var demoted = await PostAsync(admin, "/Admin/Users", $"Role&id={id}", ("role", Roles.Coder));

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (locked.StatusCode, demoted.StatusCode));
        Assert.Contains("You cannot change your own account here", await admin.GetStringAsync(new Uri("/Admin/Users", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Null(await DbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.LockoutEnd).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/Admin/Users", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(admin, "/Admin/Users", $"Lock&id={Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task An_admin_adds_a_clinic_and_a_wrong_npi_is_refused()
    {
        var admin = await SignedInAsync("admin");
        var name = $"Test Clinic {Guid.NewGuid():N}"[..30];

        var bad = await PostAsync(admin, "/Admin/Clinics", "Create", ("Input.Name", name), ("Input.Npi", "1234567890"), ("Input.TaxId", "123456789"));
        Assert.Contains("check digit", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var blank = await PostAsync(admin, "/Admin/Clinics", "Create", ("Input.Name", "   "), ("Input.Npi", "1234567893"), ("Input.TaxId", "123456789"));
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode); // the form again with its message, not a 500
        var good = await PostAsync(admin, "/Admin/Clinics", "Create", ("Input.Name", name), ("Input.Npi", "1234567893"), ("Input.TaxId", "123456789"));

        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var list = await admin.GetStringAsync(new Uri("/Admin/Clinics", UriKind.Relative));
        Assert.Contains(name, list, StringComparison.Ordinal);
        var clinicId = await DbAsync(db => db.Clinics.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == "Clinic" && e.EntityId == clinicId.ToString() && e.Action == AuditAction.Create)));
    }

    [Fact]
    public async Task An_admin_issues_a_clinic_key_that_authenticates_post_fhir_until_revoked()
    {
        var admin = await SignedInAsync("admin");
        var clinic = await ClinicAsync(1);
        var page = $"/Admin/Keys/{clinic}";

        var created = await PostAsync(admin, page, "Create");
        var key = NewKey().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.StartsWith("clk_", key, StringComparison.Ordinal);

        var api = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(FhirPost(key))).StatusCode);
        var keyId = await DbAsync(db => db.ClinicApiKeys.Where(k => k.ClinicId == clinic && k.Prefix == key.Substring(0, ClinicApiKeys.PrefixLength)).Select(k => k.Id).SingleAsync());
        Assert.NotNull(await DbAsync(db => db.ClinicApiKeys.Where(k => k.Id == keyId).Select(k => k.LastUsedAt).SingleAsync()));
        Assert.DoesNotContain("never", RowOf(await admin.GetStringAsync(new Uri(page, UriKind.Relative)), keyId), StringComparison.Ordinal);

        var revoked = await PostAsync(admin, page, $"Revoke&keyId={keyId}");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(FhirPost(key))).StatusCode);
        Assert.Contains("revoked", RowOf(await admin.GetStringAsync(new Uri(page, UriKind.Relative)), keyId), StringComparison.Ordinal);

        var entries = await DbAsync(db => db.AuditEntries.Where(e => e.EntityType == "ApiKey" && e.EntityId == keyId.ToString()).Select(e => new { e.Action, e.Details }).ToListAsync());
        Assert.Equal([AuditAction.Create, AuditAction.Update], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.DoesNotContain(key, e.Details!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_clinic_user_manages_its_own_keys_and_gets_404_for_another_clinics_key()
    {
        var clinic = await SignedInAsync("clinic");
        var own = await DbAsync(db => db.Users.Where(u => u.Email == "clinic@demo.claims.local").Select(u => u.ClinicId!.Value).SingleAsync());
        var other = await DbAsync(db => db.Clinics.Where(c => c.Id != own).Select(c => c.Id).FirstAsync());
        var (otherKey, otherSecret) = await DbAsync(db => new ClinicKeys(db, TimeProvider.System).IssueAsync(other, Caller.FromCli(new Actor("test-admin", ClaimRole.Admin))));

        var created = await PostAsync(clinic, "/Clinic/Keys", "Create");
        var key = NewKey().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        var api = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(FhirPost(key))).StatusCode);
        var list = await clinic.GetStringAsync(new Uri("/Clinic/Keys", UriKind.Relative));
        Assert.DoesNotContain(otherKey.Id.ToString(), list, StringComparison.Ordinal);
        Assert.DoesNotContain(otherKey.Prefix, list, StringComparison.Ordinal);

        var foreign = await PostAsync(clinic, "/Clinic/Keys", $"Revoke&keyId={otherKey.Id}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(other, await DbAsync(db => ClinicApiKeys.AuthenticateAsync(db, otherSecret, DateTimeOffset.UtcNow)));

        var ownId = await DbAsync(db => db.ClinicApiKeys.Where(k => k.ClinicId == own && k.Prefix == key.Substring(0, ClinicApiKeys.PrefixLength)).Select(k => k.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(clinic, "/Clinic/Keys", $"Revoke&keyId={ownId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(FhirPost(key))).StatusCode);
        Assert.True(await DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == "ApiKey" && e.EntityId == ownId.ToString() && e.Action == AuditAction.Update && e.ActorId == "clinic@demo.claims.local")));
    }

    [Theory]
    [InlineData("coder")]
    [InlineData("biller")]
    [InlineData("auditor")]
    [InlineData("clinic")]
    public async Task A_non_admin_is_denied_every_admin_page_and_action(string user)
    {
        var client = await SignedInAsync(user);
        var clinic = await ClinicAsync(0);
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var email = $"sneaky-{Guid.NewGuid():N}@test.claims.local";
        var keysBefore = await DbAsync(db => db.ClinicApiKeys.CountAsync());

        var responses = new List<HttpResponseMessage>
        {
            await client.GetAsync(new Uri("/Admin/Users", UriKind.Relative)),
            await client.GetAsync(new Uri("/Admin/Clinics", UriKind.Relative)),
            await client.GetAsync(new Uri($"/Admin/Keys/{clinic}", UriKind.Relative)),
            await client.PostAsync(new Uri("/Admin/Users?handler=Create", UriKind.Relative), TestSupport.Form(home, ("Input.Email", email), ("Input.DisplayName", "X"), ("Input.Role", Roles.Admin))),
            await client.PostAsync(new Uri("/Admin/Clinics?handler=Create", UriKind.Relative), TestSupport.Form(home, ("Input.Name", email), ("Input.Npi", "1234567893"), ("Input.TaxId", "123456789"))),
            await client.PostAsync(new Uri($"/Admin/Keys/{clinic}?handler=Create", UriKind.Relative), TestSupport.Form(home)),
        };

        Assert.All(responses, r => Assert.True(IsDenied(r), $"{r.RequestMessage!.RequestUri}: {(int)r.StatusCode}"));
        Assert.False(await DbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.False(await DbAsync(db => db.Clinics.AnyAsync(c => c.Name == email)));
        Assert.Equal(keysBefore, await DbAsync(db => db.ClinicApiKeys.CountAsync()));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var admin = await SignedInAsync("admin");
        var email = $"csrf-{Guid.NewGuid():N}@test.claims.local";

        var response = await admin.PostAsync(new Uri("/Admin/Users?handler=Create", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "X", ["Input.Role"] = Roles.Admin,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await DbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    private static bool IsDenied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal) == true;

    private static string RowOf(string html, Guid keyId)
    {
        var start = html.IndexOf($"data-key=\"{keyId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "key row missing");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("id=\"initial-password\" class=\"secret\">([^<]+)<")]
    private static partial Regex InitialPassword();

    [GeneratedRegex("id=\"new-key-value\">(clk_[A-Za-z0-9_-]+)<")]
    private static partial Regex NewKey();
}
