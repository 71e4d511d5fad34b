using System.Net;
using Claims.Operations.Qa;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Operations;

/// <summary>The operations pages as their users see them, on the demo data (contracts, teams and QA seeded at start).</summary>
public sealed class OperationsPageTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        await factory.ForgetUsedAuthenticatorCodesAsync();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, $"{user}@demo.claims.local");
        return client;
    }

    [Theory]
    [InlineData("manager", "/Operations/Contracts", "Client contracts")]
    [InlineData("admin", "/Operations/Contracts", "Edit")]
    [InlineData("lead", "/Operations/Teams", "coder@demo.claims.local")]
    [InlineData("manager", "/Operations/Sla", "Per client")]
    [InlineData("coder", "/Operations/Sla", "Needing attention")]
    [InlineData("coder", "/Operations/Productivity", "Coder productivity")]
    [InlineData("manager", "/Operations/Productivity?Grain=Week", "Week of")]
    [InlineData("lead", "/Operations/Qa", "demo:coder")]
    [InlineData("coder", "/Queue?Order=SlaDue", "Coding SLA")]
    [InlineData("biller", "/Billing/Ready", "Submission SLA")]
    public async Task Each_operations_page_shows_its_content_to_its_users(string user, string url, string expected)
    {
        var client = await SignedInAsync(user);
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("coder", "/Operations/Contracts")]
    [InlineData("biller", "/Operations/Qa")]
    [InlineData("manager", "/Operations/QaReview")]
    [InlineData("lead", "/Operations/ContractEdit")]
    public async Task Pages_refuse_roles_they_are_not_for(string user, string url)
    {
        var client = await SignedInAsync(user);
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{url} as {user}: {response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect) Assert.Contains("AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_edits_a_contract_and_a_bad_time_zone_is_explained()
    {
        var client = await SignedInAsync("admin");
        Guid clinic;
        using (var scope = factory.Services.CreateScope()) clinic = await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().Clinics.OrderBy(c => c.Name).Select(c => c.Id).FirstAsync();
        var form = await client.GetStringAsync(new Uri($"/Operations/ContractEdit?clinic={clinic}", UriKind.Relative));
        var bad = await client.PostAsync(new Uri($"/Operations/ContractEdit?clinic={clinic}", UriKind.Relative), TestSupport.Form(form,
            ("Clinic", clinic.ToString()), ("CodingHours", "30"), ("SubmissionDays", "4"), ("RejectionHours", "24"), ("DenialDays", "30"), ("TimeZone", "Nowhere/City"),
            ("Opens", "08:00"), ("Closes", "17:00"), ("Days", "Mon,Tue,Wed,Thu,Fri"), ("Holidays", ""), ("FeeModel", "PerClaim"), ("FeePercent", "0"), ("FeePerClaim", "4.25")));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Unknown time zone", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var good = await client.PostAsync(new Uri($"/Operations/ContractEdit?clinic={clinic}", UriKind.Relative), TestSupport.Form(form,
            ("Clinic", clinic.ToString()), ("CodingHours", "30"), ("SubmissionDays", "4"), ("RejectionHours", "24"), ("DenialDays", "30"), ("TimeZone", "America/Denver"),
            ("Opens", "08:00"), ("Closes", "17:00"), ("Days", "Mon,Tue,Wed,Thu,Fri"), ("Holidays", "2026-12-25"), ("FeeModel", "PerClaim"), ("FeePercent", "0"), ("FeePerClaim", "4.25")));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        using var check = factory.Services.CreateScope();
        var contract = await check.ServiceProvider.GetRequiredService<ClaimsDbContext>().ClientContracts.AsNoTracking().SingleAsync(c => c.ClinicId == clinic);
        Assert.Equal((30, "America/Denver", 425L), (contract.CodingTurnaroundHours, contract.TimeZoneId, contract.FeePerClaimCents));
    }

    [Fact]
    public async Task A_lead_reviews_blind_and_the_coder_reads_the_result_on_their_qa_page()
    {
        Guid sampleId;
        string coderCodes;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            // A sample of a claim the demo coder coded (the small test seed may have drawn none left unreviewed).
            var sampled = db.QaSamples.Select(s => s.ClaimId);
            var claimId = await db.ClaimEvents.Where(e => e.Trigger == Claims.Domain.ClaimTrigger.CompleteCoding && e.ActorId == "demo:coder" && !sampled.Contains(e.ClaimId))
                .OrderBy(e => e.Id).Select(e => e.ClaimId).FirstAsync();
            var claimRow = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claimId);
            var sample = new QaSample(claimId, claimRow.ClinicId, "demo:coder", QaSampling.WeekOf(claimRow.ServiceFrom), QaSampleReason.Random, null, "test", DateTimeOffset.UtcNow);
            db.QaSamples.Add(sample);
            await db.SaveChangesAsync();
            sampleId = sample.Id;
            coderCodes = QaCodes.Of(await db.Claims.AsNoTracking().SingleAsync(c => c.Id == sample.ClaimId)).Format();
        }
        var lead = await SignedInAsync("lead");
        var page = await lead.GetStringAsync(new Uri($"/Operations/QaReview?id={sampleId}", UriKind.Relative));
        Assert.Contains("Encounter", page, StringComparison.Ordinal);
        Assert.DoesNotContain(coderCodes, page, StringComparison.Ordinal);

        var posted = await lead.PostAsync(new Uri($"/Operations/QaReview?id={sampleId}", UriKind.Relative),
            TestSupport.Form(page, ("Id", sampleId.ToString()), ("Diagnoses", "J20.9"), ("Lines", "99213"), ("Feedback", "Check the note for the second diagnosis.")));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            Assert.NotNull((await db.QaSamples.AsNoTracking().SingleAsync(s => s.Id == sampleId)).ReviewedAt);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "Claim" && e.ActorRole == "Lead" && e.Details!.Contains(sampleId.ToString())));
        }
        var coder = await SignedInAsync("coder");
        var mine = await coder.GetAsync(new Uri("/Operations/MyQa", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains("My QA results", await mine.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
