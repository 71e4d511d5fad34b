using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Claims.Web.Tests.Browser;

/// <summary>A coder's query and the clinic's answer, in the browser, with a screenshot of each page.</summary>
public sealed class ClinicQueryBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");
        return page;
    }

    private static async Task Shot(IPage page, string name) => await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name), FullPage = true });

    [BrowserFact]
    public async Task A_coder_queries_the_clinic_the_clinic_answers_and_the_coder_reads_the_answer()
    {
        const string question = "The note mentions a left knee injection but the order says right: which side was injected?";
        const string answer = "Right knee. The note has been corrected.";
        Guid claimId;
        using (var scope = fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            var clinic = (await db.Users.SingleAsync(u => u.Email == "clinic@demo.claims.local")).ClinicId;
            var claim = await db.Claims.Where(c => c.ClinicId == clinic && (c.State == ClaimState.Received || c.State == ClaimState.Coding)).OrderBy(c => c.ServiceFrom).FirstAsync();
            claim.Take(new Actor("coder@demo.claims.local", ClaimRole.Coder), now, TimeSpan.FromMinutes(30));
            await db.SaveChangesAsync();
            claimId = claim.Id;
        }

        var coder = await SignedInAsync("coder@demo.claims.local");
        await coder.GotoAsync($"/Claims/{claimId}/Query");
        await coder.FillAsync("#Question", question);
        await Shot(coder, "coder-query.png");
        await coder.ClickAsync("button:has-text('Send query')");
        await coder.WaitForSelectorAsync(".notice.ok");
        Assert.EndsWith($"/Claims/{claimId}", coder.Url, StringComparison.Ordinal);
        Assert.Equal("On hold", await coder.InnerTextAsync("h1 .badge"));

        var clinicPage = await SignedInAsync("clinic@demo.claims.local");
        await clinicPage.ClickAsync("nav >> text=Our claims");
        await clinicPage.WaitForSelectorAsync("table.grid tbody tr");
        Assert.True(await clinicPage.Locator("a.open-query").CountAsync() > 0);
        await Shot(clinicPage, "clinic-claims.png");
        await clinicPage.ClickAsync("nav >> text=Queries");
        var open = clinicPage.Locator("article.query", new PageLocatorOptions { HasText = question });
        Assert.Equal(question, await open.Locator("blockquote.question").InnerTextAsync());
        await open.Locator("textarea").FillAsync(answer);
        await Shot(clinicPage, "clinic-queries.png");
        await open.Locator("button:has-text('Send answer')").ClickAsync();
        await clinicPage.WaitForSelectorAsync(".notice.ok");
        await Shot(clinicPage, "clinic-queries-answered.png");

        await coder.GotoAsync($"/Claims/{claimId}/Query");
        Assert.Equal(answer, await coder.Locator("blockquote.answer").First.InnerTextAsync());
        Assert.Equal("Coding", await coder.InnerTextAsync("h1 .badge"));
        await Shot(coder, "coder-query-answered.png");
    }
}
