using Microsoft.Playwright;

namespace Claims.Web.Tests.Browser;

public sealed class SignInBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task A_coder_signs_in_and_sees_the_dashboard_of_claim_counts()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        await page.GotoAsync("/");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "sign-in.png"), FullPage = true });
        // The stylesheet really applies (a nosniff response without text/css, or an empty compressed variant, would not).
        Assert.Equal("rgb(13, 27, 42)", await page.EvalOnSelectorAsync<string>(".topbar", "e => getComputedStyle(e).backgroundColor"));

        await page.FillAsync("#Input_Email", "coder@demo.claims.local");
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");

        Assert.Equal("Claims by state", await page.InnerTextAsync("h1"));
        Assert.Equal(Enum.GetValues<Claims.Domain.ClaimState>().Length, await page.Locator(".tile").CountAsync());
        var total = await page.Locator(".tile .count").AllInnerTextsAsync();
        Assert.True(total.Sum(t => int.Parse(t.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)) > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "dashboard.png"), FullPage = true });

        await page.ClickAsync("text=Sign out");
        await page.WaitForSelectorAsync("text=Signed out");
        await page.GotoAsync("/");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_coder_opens_the_queue_opens_a_claim_and_starts_coding_it()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "coder@demo.claims.local");
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");

        await page.ClickAsync("text=Work queue");
        await page.WaitForSelectorAsync("table.grid tbody tr");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "queue.png"), FullPage = true });

        // The first Received claim in the queue.
        var row = page.Locator("table.grid tbody tr", new PageLocatorOptions { HasText = "Received" }).First;
        var controlNumber = await row.Locator("a").InnerTextAsync();
        await row.Locator("a").ClickAsync();
        await page.WaitForSelectorAsync("h1");
        Assert.Contains(controlNumber, await page.InnerTextAsync("h1"), StringComparison.Ordinal);

        await page.ClickAsync("button:has-text('Start coding')");
        await page.WaitForSelectorAsync(".notice.ok");
        Assert.Contains("Received → Coding", await page.InnerTextAsync(".notice.ok"), StringComparison.Ordinal);
        Assert.Equal("Coding", await page.InnerTextAsync("h1 .badge"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "claim.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task A_clinic_uploads_a_synthea_bundle_and_sees_its_claims()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "clinic@demo.claims.local");
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");

        await page.ClickAsync("text=Upload");
        await page.SetInputFilesAsync("#bundle", TestSupport.Fixture("fhir", "synthea", "Buster_Hoeger_ad2e3fc5-2b5d-4cb9-8d03-9ea0f4ac8423.json"));
        await page.ClickAsync("button:has-text('Upload')");
        await page.WaitForSelectorAsync("#result");

        Assert.Matches("claim\\(s\\) created", await page.TextContentAsync("#result h2") ?? "");
        Assert.True(await page.Locator("table.created tbody tr").CountAsync() > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "clinic-upload.png"), FullPage = true });

        // A broken bundle: every problem in plain words, nothing stored.
        await page.SetInputFilesAsync("#bundle", TestSupport.Fixture("fhir", "broken", "dangling-references.json"));
        await page.ClickAsync("button:has-text('Upload')");
        await page.WaitForSelectorAsync("#result .notice.bad");
        Assert.True(await page.Locator("#result .issues li").CountAsync() > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "clinic-upload-rejected.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task An_auditor_verifies_the_chain_and_downloads_an_export_that_verifies_offline()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "auditor@demo.claims.local");
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        // Auditors must use their authenticator: the second step asks for the current code.
        await page.WaitForSelectorAsync("#Input_Code");
        await page.FillAsync("#Input_Code", TestSupport.Totp(ClaimsWebFactory.DemoAuthenticatorKey));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");

        await page.ClickAsync("text=Audit trail");
        await page.ClickAsync("button:has-text('Verify the chain')");
        await page.WaitForSelectorAsync("#verification");
        Assert.Contains("chain intact", await page.InnerTextAsync("#verification"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "audit.png"), FullPage = false });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("button:has-text('Export NDJSON')"));
        var folder = Path.Combine(Path.GetTempPath(), "claims-download-" + Guid.NewGuid().ToString("N"));
        var zip = Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(zip);
        System.IO.Compression.ZipFile.ExtractToDirectory(zip, folder);
        var export = Directory.GetFiles(folder, "*.ndjson").Single();
        var (result, manifest) = await Claims.Audit.AuditExportVerifier.VerifyAsync(export);
        Assert.True(result.Intact, result.Problem?.Message);
        Assert.True(manifest!.Count > 0);
        Directory.Delete(folder, recursive: true);
    }

    [BrowserFact]
    public async Task A_wrong_password_shows_a_plain_message_in_the_browser()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString() });
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "auditor@demo.claims.local");
        await page.FillAsync("#Input_Password", "wrong-password-123");
        await page.ClickAsync("button[type=submit]");

        await page.WaitForSelectorAsync(".errors li");
        Assert.Equal("Email or password is wrong.", await page.InnerTextAsync(".errors li"));
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    private async Task<IPage> NewPageAsync() =>
        await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

    [BrowserFact]
    public async Task An_admin_signs_in_with_a_code_creates_an_auditor_who_enrols_and_issues_a_clinic_key()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "admin@demo.claims.local");
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#Input_Code");
        Assert.Equal(0, await page.Locator("input[type=checkbox]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("two-factor.png"), FullPage = true });
        await page.FillAsync("#Input_Code", TestSupport.Totp(ClaimsWebFactory.DemoAuthenticatorKey));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");

        // Users: create an auditor; the initial password is shown once.
        await page.ClickAsync("nav >> text=Users");
        await page.WaitForSelectorAsync("table.users");
        var email = $"auditor-{Guid.NewGuid():N}"[..16] + "@test.claims.local";
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_DisplayName", "Ada Auditor");
        await page.SelectOptionAsync("#Input_Role", "Auditor");
        await page.ClickAsync("button:has-text('Create user')");
        await page.WaitForSelectorAsync("#initial-password");
        var password = await page.InnerTextAsync("#initial-password");
        Assert.Contains(email, await page.InnerTextAsync("table.users"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("admin-users.png"), FullPage = true });

        // Clinics, then one clinic's API keys: a new key is shown once.
        await page.ClickAsync("nav >> text=Clinics");
        await page.WaitForSelectorAsync("table.clinics");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("admin-clinics.png"), FullPage = true });
        await page.Locator("table.clinics a:has-text('API keys')").First.ClickAsync();
        await page.ClickAsync("button:has-text('Create key')");
        await page.WaitForSelectorAsync("#new-key-value");
        Assert.StartsWith("clk_", await page.InnerTextAsync("#new-key-value"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("admin-keys.png"), FullPage = true });

        // The new auditor signs in with the one-time password, must choose their own, and then can only enrol.
        var auditor = await NewPageAsync();
        await auditor.GotoAsync("/Account/Login");
        await auditor.FillAsync("#Input_Email", email);
        await auditor.FillAsync("#Input_Password", password);
        await auditor.ClickAsync("button[type=submit]");
        await auditor.WaitForSelectorAsync("#Input_Current");
        Assert.EndsWith("/Account/Password", auditor.Url, StringComparison.Ordinal);
        await auditor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("change-password.png"), FullPage = true });
        await auditor.FillAsync("#Input_Current", password);
        await auditor.FillAsync("#Input_New", "Ada-Own-Passphrase-9");
        await auditor.FillAsync("#Input_Confirm", "Ada-Own-Passphrase-9");
        await auditor.ClickAsync("button:has-text('Change password')");
        await auditor.WaitForSelectorAsync("#shared-key");
        Assert.EndsWith("/Account/Authenticator", auditor.Url, StringComparison.Ordinal);
        Assert.Equal(1, await auditor.Locator(".qr svg").CountAsync());
        await auditor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("enrol.png"), FullPage = true });
        await auditor.GotoAsync("/Audit");
        Assert.EndsWith("/Account/Authenticator", auditor.Url, StringComparison.Ordinal);
        var key = (await auditor.InnerTextAsync("#shared-key")).Replace(" ", "", StringComparison.Ordinal);
        await auditor.FillAsync("#Input_Code", TestSupport.Totp(key));
        await auditor.ClickAsync("button:has-text('Enable')");
        await auditor.WaitForSelectorAsync("#recovery-codes");
        Assert.Equal(10, await auditor.Locator("#recovery-codes li").CountAsync());
        await auditor.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("recovery-codes.png"), FullPage = true });
        await auditor.ClickAsync("text=Audit trail");
        await auditor.WaitForSelectorAsync("button:has-text('Verify the chain')");
    }

    [BrowserFact]
    public async Task A_clinic_creates_an_api_key_sees_it_once_and_revokes_it()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "clinic@demo.claims.local");
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");

        await page.ClickAsync("nav >> text=API keys");
        await page.ClickAsync("button:has-text('Create key')");
        await page.WaitForSelectorAsync("#new-key-value");
        var prefix = (await page.InnerTextAsync("#new-key-value"))[..12];
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("clinic-keys.png"), FullPage = true });

        var row = page.Locator("table.keys tbody tr", new PageLocatorOptions { HasText = prefix });
        await row.Locator("button:has-text('Revoke')").ClickAsync();
        await page.WaitForSelectorAsync(".notice.ok");
        Assert.Contains("revoked", await page.Locator("table.keys tbody tr", new PageLocatorOptions { HasText = prefix }).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#new-key-value").CountAsync());
    }

    [BrowserFact]
    public async Task A_biller_may_enrol_an_authenticator_from_the_account_link()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "biller@demo.claims.local");
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");

        await page.ClickAsync("text=Two-factor");
        await page.WaitForSelectorAsync("#shared-key");
        // Optional for this role: no warning, and the rest of the app stays open.
        Assert.Equal(0, await page.Locator(".notice.bad").CountAsync());
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync(".tile");
    }
}
