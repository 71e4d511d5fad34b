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
        Assert.Equal(14, await page.Locator(".tile").CountAsync());
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

        await page.ClickAsync("button:has-text('StartCoding')");
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
        var (result, manifest) = await global::Claims.Audit.AuditExportVerifier.VerifyAsync(export);
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
}
