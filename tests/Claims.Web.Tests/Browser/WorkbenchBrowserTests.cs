using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Claims.Web.Tests.Browser;

/// <summary>A coder's day in the browser: take the next claim, code it through search and suggestions, complete it.</summary>
public sealed class WorkbenchBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignInAsync(string email)
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");
        return page;
    }

    private static Task<byte[]> ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name), FullPage = true });

    [BrowserFact]
    public async Task A_coder_takes_the_next_claim_codes_it_through_search_and_completes_it()
    {
        var page = await SignInAsync("coder@demo.claims.local");
        await page.GotoAsync("/Queue");
        // Alt+N is the queue's "Take next".
        await page.Keyboard.PressAsync("Alt+n");
        await page.WaitForURLAsync(url => url.Contains("/Claims/", StringComparison.Ordinal));
        Assert.Equal("Coding", await page.InnerTextAsync("h1 .badge"));
        Assert.Contains("You hold this claim", await page.InnerTextAsync(".lease"), StringComparison.Ordinal);
        // The workbench shows the decrypted patient next to the pseudonym, and the live findings.
        Assert.Matches(@"\w+, \w+", await page.InnerTextAsync("#patient strong"));
        await page.WaitForSelectorAsync("#findings");
        await ShotAsync(page, "workbench.png");

        // Remove what intake put on the claim, so the codes below are the coder's own.
        while (await page.Locator("#lines button[aria-label^='Remove line']").CountAsync() > 0)
        {
            await page.Locator("#lines button[aria-label^='Remove line']").First.ClickAsync();
            await page.WaitForSelectorAsync(".notice.ok");
        }
        while (await page.Locator("#diagnoses button[aria-label^='Remove']").CountAsync() > 0)
        {
            await page.Locator("#diagnoses button[aria-label^='Remove']").First.ClickAsync();
            await page.WaitForSelectorAsync(".notice.ok");
        }
        Assert.Contains("MISSING-FIELD", await page.InnerTextAsync("#findings"), StringComparison.Ordinal);

        // "/" jumps to the diagnosis search; words find the code; arrows and Enter take it from the list.
        await page.Keyboard.PressAsync("/");
        Assert.Equal("dx-code", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync("acute bronchitis", new KeyboardTypeOptions { Delay = 20 });
        await page.WaitForSelectorAsync("#diagnoses [role=option]:has-text('J20.9')");
        await ShotAsync(page, "workbench-search.png");
        var options = await page.Locator("#diagnoses [role=option]").AllInnerTextsAsync();
        var index = options.ToList().FindIndex(o => o.StartsWith("J20.9", StringComparison.Ordinal));
        for (var i = 0; i <= index; i++) await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("J20.9", await page.InputValueAsync("#dx-code"));
        await page.ClickAsync("text=Add diagnosis");
        await page.WaitForSelectorAsync("#diagnoses .dx li:has-text('J20.9')");
        Assert.Contains("Added diagnosis J20.9", await page.InnerTextAsync(".notice.ok"), StringComparison.Ordinal);

        // A procedure by code, chosen with the mouse, then units, charge and the pointer.
        await page.FillAsync("#line-code", "9921");
        await page.Locator("#line-code").PressSequentiallyAsync("3");
        await page.Locator("#lines [role=option]:has-text('99213')").First.ClickAsync();
        Assert.Equal("99213", await page.InputValueAsync("#line-code"));
        await page.FillAsync(".add-line input[name=charge]", "125.00");
        await page.ClickAsync("text=Add line");
        await page.WaitForSelectorAsync("#lines tbody tr:has-text('99213')");
        Assert.Contains("125.00", await page.InnerTextAsync("#lines tfoot"), StringComparison.Ordinal);
        await ShotAsync(page, "workbench-coded.png");

        // "c" completes coding; the scrubber verifies at once.
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("body").ClickAsync(new LocatorClickOptions { Position = new Position { X = 5, Y = 5 } });
        await page.Keyboard.PressAsync("c");
        await page.WaitForSelectorAsync(".notice");
        var state = await page.InnerTextAsync("h1 .badge");
        var notice = await page.InnerTextAsync(".notice");
        await ShotAsync(page, "workbench-complete.png");
        if (state == "Ready to submit")
        {
            Assert.Contains("Coding complete and verified: Ready to submit", notice, StringComparison.Ordinal);
            Assert.True(await page.Locator("button:has-text('Take next claim')").IsVisibleAsync(), "after a verified claim the next one is offered");
            Assert.Contains("Verification passed", await page.InnerTextAsync("#history"), StringComparison.Ordinal);
        }
        else
        {
            // Failed verification sends the claim back to coding with the errors named, and they are on the page.
            Assert.Equal("Coding", state);
            Assert.Contains("the scrubber found", await page.InnerTextAsync(".notice.warn"), StringComparison.Ordinal);
            Assert.True(await page.Locator("#findings .finding.error").CountAsync() > 0);
        }
    }

    [BrowserFact]
    public async Task After_fifteen_idle_minutes_the_page_signs_out_by_itself_and_the_logoff_is_audited()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString() });
        await page.Clock.InstallAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "coder@demo.claims.local");
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");

        await page.Clock.RunForAsync(14 * 60 * 1000);
        Assert.Equal("Claims by state", await page.InnerTextAsync("h1"));
        await page.Clock.RunForAsync(90 * 1000);
        await page.WaitForSelectorAsync("text=Nothing happened for 15 minutes");

        await page.GotoAsync("/Queue");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Claims.Persistence.ClaimsDbContext>();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ActorId == "coder@demo.claims.local" && e.Details == "automatic logoff after 15 idle minutes"));
    }
}
