using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Claims.Web.Tests.Browser;

/// <summary>
/// The pages people work in, at 800 px wide: nothing pushes the page wider than the window (wide tables scroll in
/// their own box), the navigation stays reachable. Screenshots go to <c>screenshots/narrow-*.png</c>.
/// </summary>
public sealed class NarrowScreenBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const int Width = 800;

    private async Task<IPage> SignInAsync(string email)
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = Width, Height = 900 } });
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");
        return page;
    }

    private static async Task FitsAsync(IPage page, string url, string name)
    {
        await page.GotoAsync(url);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"narrow-{name}.png"), FullPage = true });
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= Width, $"{url} is {width} px wide at a {Width} px window");
        Assert.True(await page.Locator("nav.nav a").First.IsVisibleAsync(), $"{url}: the navigation is not visible");
    }

    [BrowserFact]
    public async Task The_coder_clinic_and_biller_pages_fit_an_800_pixel_window()
    {
        Guid claimId;
        using (var scope = fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Claims.Persistence.ClaimsDbContext>();
            claimId = await db.Claims.Where(c => c.Lines.Count > 0).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }
        var coder = await SignInAsync("coder@demo.claims.local");
        await FitsAsync(coder, "/", "dashboard");
        await FitsAsync(coder, "/Queue", "queue");
        await FitsAsync(coder, $"/Claims/{claimId}", "workbench");
        var clinic = await SignInAsync("clinic@demo.claims.local");
        await FitsAsync(clinic, "/Clinic/Claims", "clinic-claims");
        var biller = await SignInAsync("biller@demo.claims.local");
        await FitsAsync(biller, "/Billing/Ready", "billing-ready");
    }
}
