using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Claims.Audit;
using Claims.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Claims.Web.Tests.Browser;

/// <summary>
/// The end-to-end flow in Chromium against two web instances on one PostgreSQL, each page on the other instance than
/// the page before: a clinic sends a bundle, a coder codes the claim, a biller submits it, the payer simulator answers
/// on the shared mailbox, a background job on whichever instance claims the slot fetches the answers, the biller
/// posts them, and an auditor
/// verifies the chain. One sign-in cookie serves both instances (cookies are per host, not per port), so every page
/// proves the data-protection keys are shared through the database.
/// </summary>
public sealed class TwoInstanceBrowserTests(TwoInstanceFixture fixture, ITestOutputHelper output) : IClassFixture<TwoInstanceFixture>
{
    private static readonly string[] Adjudicated = [ClaimStates.Words(ClaimState.Paid), ClaimStates.Words(ClaimState.PartiallyPaid), ClaimStates.Words(ClaimState.Denied)];

    private int _turn;

    private WebInstance Next() => _turn++ % 2 == 0 ? fixture.A : fixture.B;

    private WebInstance Other(WebInstance instance) => instance == fixture.A ? fixture.B : fixture.A;

    /// <summary>Opens <paramref name="path"/> on the instance whose turn it is, and checks that instance answered it itself, signed in.</summary>
    private async Task<WebInstance> GoAsync(IPage page, string path)
    {
        var instance = Next();
        var response = await page.GotoAsync(new Uri(instance.BaseAddress, path).ToString());
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        var landed = new Uri(page.Url);
        Assert.Equal(instance.Port, landed.Port);
        // A cookie or antiforgery key this instance could not read would land on its sign-in page instead.
        if (!path.StartsWith("/Account/", StringComparison.Ordinal)) Assert.Equal(path, landed.PathAndQuery);
        output.WriteLine($"{path} on instance {instance.Name} ({instance.BaseAddress})");
        return instance;
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    private async Task<IPage> SignInAsync(string email)
    {
        var page = await NewPageAsync();
        await GoAsync(page, "/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync(".tile");
        return page;
    }

    private static Task<byte[]> ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "two-instances-" + name), FullPage = true });

    [TwoInstanceFact]
    public async Task A_claim_goes_from_upload_to_payment_with_every_page_on_the_other_of_two_instances_on_one_postgres()
    {
        output.WriteLine($"started together: a healthy after {fixture.StartTimes[0].TotalSeconds:0.0} s, b after {fixture.StartTimes[1].TotalSeconds:0.0} s; logs in {TwoInstanceFixture.LogFolder}");
        // Both started on the empty database at once; exactly one of them seeded the demo.
        Assert.Equal(1, new[] { fixture.A, fixture.B }.Sum(i => i.ReadLog().Split("Seeded demo data:").Length - 1));

        // The clinic signs in on one instance and sends a bundle on the other.
        var clinic = await SignInAsync("clinic@demo.claims.local");
        await GoAsync(clinic, "/Clinic/Upload");
        await clinic.SetInputFilesAsync("#bundle", new FilePayload { Name = "visit.json", MimeType = "application/fhir+json", Buffer = RecentVisitBundle() });
        await clinic.ClickAsync("button:has-text('Upload')");
        await clinic.WaitForSelectorAsync("#result");
        Assert.Contains("1 claim(s) created", await clinic.TextContentAsync("#result h2") ?? "", StringComparison.Ordinal);
        var link = clinic.Locator("table.created tbody a").First;
        var claimPath = (await link.GetAttributeAsync("href"))!;
        var controlNumber = await link.InnerTextAsync();
        var claimId = Guid.Parse(claimPath["/Claims/".Length..]);
        await ShotAsync(clinic, "upload.png");

        // The coder starts coding on one instance and completes it on the other, holding the claim across both.
        var coder = await SignInAsync("coder@demo.claims.local");
        await GoAsync(coder, claimPath);
        await coder.ClickAsync("button:has-text('Start coding')");
        await coder.WaitForSelectorAsync(".notice.ok:has-text('Received → Coding')");
        await GoAsync(coder, claimPath);
        Assert.Contains("You hold this claim", await coder.InnerTextAsync(".lease"), StringComparison.Ordinal);
        await coder.ClickAsync("button:has-text('Coding complete')");
        await coder.WaitForSelectorAsync(".notice:has-text('Coding')");
        Assert.Equal("Ready to submit", await coder.InnerTextAsync("h1 .badge"));
        Assert.Contains("Coding complete and verified: Ready to submit", await coder.InnerTextAsync(".notice.ok"), StringComparison.Ordinal);
        await ShotAsync(coder, "coded.png");

        // The biller batches the claim's clinic and payer. The form is rendered by one instance and posted, with its
        // antiforgery token and the shared cookies, to the other: the strict proof that the token keys are shared.
        var biller = await SignInAsync("biller@demo.claims.local");
        var rendered = await GoAsync(biller, "/Billing/Ready");
        var row = biller.Locator("table.ready tbody tr", new PageLocatorOptions { HasText = "Humana" });
        var form = biller.APIRequest.CreateFormData();
        foreach (var name in new[] { "clinicId", "payerId", "__RequestVerificationToken" })
        {
            form.Set(name, (await row.Locator($"input[name={name}]").GetAttributeAsync("value"))!);
        }
        var posted = await biller.APIRequest.PostAsync(new Uri(Other(rendered).BaseAddress, "/Billing/Ready?handler=Create").ToString(), new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
        Assert.Equal(302, posted.Status);
        Assert.EndsWith("/Billing/Batches", posted.Headers["location"], StringComparison.Ordinal);
        output.WriteLine($"Create batch: rendered by {rendered.Name}, posted to {Other(rendered).Name}");
        await GoAsync(biller, "/Billing/Batches");
        Assert.Contains("1 claim(s), 12,500.00, sent to the clearinghouse", await biller.InnerTextAsync(".notice.ok"), StringComparison.Ordinal);
        await ShotAsync(biller, "batch.png");

        // The simulator on instance a answers the shared mailbox; the mailbox-fetch job, on whichever instance claims
        // the slot, takes the 999, 277CA and 835 into the database and posts them (Jobs:PostRemittances, on by
        // default). The biller only looks at the claim, each time on the other instance, until the payer's decision
        // is on it: nobody presses a button, so the posting is the job's.
        var state = "";
        var until = DateTimeOffset.UtcNow.AddSeconds(90);
        while (DateTimeOffset.UtcNow < until)
        {
            await GoAsync(biller, claimPath);
            state = await biller.InnerTextAsync("h1 .badge");
            if (Adjudicated.Contains(state)) break;
            await Task.Delay(1000);
        }
        Assert.True(Adjudicated.Contains(state), $"claim {controlNumber} is still '{state}': {await JobsAsync()}");
        output.WriteLine($"claim {controlNumber}: {state}");
        await ShotAsync(biller, "adjudicated.png");
        await GoAsync(biller, $"/Billing/Eob/{claimId}");
        var eob = await biller.TextContentAsync("main") ?? "";
        Assert.Contains("Explanation of benefits", eob, StringComparison.Ordinal);
        Assert.Contains(controlNumber, eob, StringComparison.Ordinal);
        await ShotAsync(biller, "eob.png");

        // The auditor's password step on one instance, the second factor on the other (Identity's two-factor cookie
        // is protected by the same keys), then the chain verified on the first.
        var auditor = await NewPageAsync();
        await GoAsync(auditor, "/Account/Login");
        await auditor.FillAsync("#Input_Email", "auditor@demo.claims.local");
        await auditor.FillAsync("#Input_Password", ClaimsWebFactory.DemoPassword);
        await auditor.ClickAsync("button[type=submit]");
        await auditor.WaitForSelectorAsync("#Input_Code");
        await GoAsync(auditor, "/Account/TwoFactor");
        await auditor.FillAsync("#Input_Code", TestSupport.Totp(ClaimsWebFactory.DemoAuthenticatorKey));
        await auditor.ClickAsync("button[type=submit]");
        await auditor.WaitForSelectorAsync(".tile");
        await GoAsync(auditor, "/Audit");
        await auditor.ClickAsync("button:has-text('Verify the chain')");
        await auditor.WaitForSelectorAsync("#verification");
        Assert.Contains("chain intact", await auditor.InnerTextAsync("#verification"), StringComparison.Ordinal);
        await ShotAsync(auditor, "audit.png");

        // One sign-in cookie per person served both instances.
        Assert.Single(await biller.Context.CookiesAsync(), c => c.Name == "claims.auth");

        foreach (var instance in new[] { fixture.A, fixture.B }) await AssertHealthyAsync(instance);
        await AssertChainAndJobsAsync(claimId);
    }

    /// <summary>The job runs in a few words, for a failure message.</summary>
    private async Task<string> JobsAsync()
    {
        await using var db = fixture.NewContext();
        var runs = await db.JobRuns.AsNoTracking().OrderBy(r => r.DueAt).ToListAsync();
        var received = await db.ReceivedFiles.CountAsync();
        return $"{received} received file(s); {runs.Count} job runs, the last: "
            + string.Join("; ", runs.TakeLast(5).Select(r => $"{r.Job} {r.DueAt:HH:mm:ss} {r.Status} by {r.Instance}: {r.Outcome}"));
    }

    /// <summary>/healthz on the instance: the database and this instance's job engine healthy.</summary>
    private async Task AssertHealthyAsync(WebInstance instance)
    {
        var json = await fixture.Http.GetStringAsync(new Uri(instance.BaseAddress, "/healthz"));
        output.WriteLine($"/healthz on {instance.Name}: {json}");
        var checks = JsonDocument.Parse(json).RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("jobs").GetProperty("status").GetString());
        Assert.Contains("instance-" + instance.Name, checks.GetProperty("jobs").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// What the pages cannot show: the whole chain, written by two processes, verifies from entry 1 with no gap; every
    /// job slot ran once, whichever instance took it; the payer's answer was posted to the claim.
    /// </summary>
    private async Task AssertChainAndJobsAsync(Guid claimId)
    {
        await using var db = fixture.NewContext();
        var chain = await AuditVerifier.VerifyAsync(db, fixture.KeyRing());
        Assert.True(chain.Intact, chain.Problem?.Message);
        Assert.Equal(await db.AuditEntries.CountAsync(), chain.Entries);
        Assert.Equal(chain.Entries, await db.AuditEntries.MaxAsync(e => e.Sequence));

        // One demo user per role and one role per name, though both instances started on the empty database.
        Assert.Equal(Claims.Security.Roles.All.Count, await db.Users.CountAsync(u => u.Email!.EndsWith("@demo.claims.local")));
        Assert.Equal(Claims.Security.Roles.All.Count, await db.Roles.CountAsync());

        var runs = await db.JobRuns.AsNoTracking().ToListAsync();
        Assert.All(runs.GroupBy(r => (r.Job, r.DueAt)), slot => Assert.Single(slot));
        var fetched = runs.Where(r => r.Job == "mailbox-fetch" && r.Outcome is { } o && o.StartsWith("files=", StringComparison.Ordinal) && o != "files=0").ToList();
        Assert.NotEmpty(fetched);
        output.WriteLine($"{chain.Entries} audit entries; {runs.Count} job runs, by {string.Join(", ", runs.GroupBy(r => r.Instance ?? "nobody").Select(g => $"{g.Key}: {g.Count()}"))}; mailbox files posted by {string.Join(", ", fetched.Select(r => r.Instance).Distinct())}");
        Assert.True(await db.ClaimPaymentPostings.AnyAsync(p => p.ClaimId == claimId), "the 835 was posted to the claim");
    }

    /// <summary>
    /// fixtures/fhir/derived/professional-claim-med-00050.json moved to three days ago (the committed dates are years
    /// past the filing limit, and such claims wait for a biller, not a coder), with what an 837P needs and the derived
    /// fixture leaves out: the patient's name and address and the member id.
    /// </summary>
    private static byte[] RecentVisitBundle()
    {
        var day = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var bundle = JsonNode.Parse(File.ReadAllText(TestSupport.Fixture("fhir", "derived", "professional-claim-med-00050.json")))!;
        bundle["identifier"]!["value"] = "two-instances-" + Guid.NewGuid().ToString("N");
        foreach (var resource in bundle["entry"]!.AsArray().Select(e => e!["resource"]!))
        {
            switch ((string?)resource["resourceType"])
            {
                case "Patient":
                    resource["name"] = new JsonArray(new JsonObject { ["family"] = "Twoinstance", ["given"] = new JsonArray("Dana") });
                    resource["address"] = new JsonArray(new JsonObject { ["line"] = new JsonArray("1 Main St"), ["city"] = "Springfield", ["state"] = "IL", ["postalCode"] = "62701" });
                    break;
                case "Coverage":
                    resource["subscriberId"] = "HUM123456789";
                    resource["period"] = new JsonObject { ["start"] = day[..4] + "-01-01" };
                    break;
                case "Encounter":
                    resource["period"] = new JsonObject { ["start"] = day, ["end"] = day };
                    break;
                case "Claim":
                    resource["created"] = day;
                    foreach (var item in resource["item"]!.AsArray()) item!["servicedDate"] = day;
                    break;
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(bundle.ToJsonString());
    }
}
