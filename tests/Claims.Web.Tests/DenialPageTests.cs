using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests;

/// <summary>The biller's denial pages on the demo data (whose ready claims went through the payer simulator at start).</summary>
public sealed class DenialPageTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    [Fact]
    public async Task A_biller_opens_the_worklist_and_a_denial_and_both_reads_are_audited()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "biller@demo.claims.local");
        var list = await client.GetStringAsync(new Uri("/Denials", UriKind.Relative));
        Assert.Contains("denied or partly paid claim(s)", list, StringComparison.Ordinal);
        Guid denied;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            denied = await db.Claims.Where(c => c.State == ClaimState.Denied && c.PayerId != null && db.ClaimPaymentPostings.Any(p => p.ClaimId == c.Id)).Select(c => c.Id).FirstAsync();
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "DenialWorklist" && e.Action == AuditAction.Read && e.ActorId == "biller@demo.claims.local"));
        }
        Assert.Contains($"/Denials/Claim/{denied}", list, StringComparison.Ordinal);
        var page = await client.GetStringAsync(new Uri($"/Denials/Claim/{denied}", UriKind.Relative));
        Assert.Contains("Work it", page, StringComparison.Ordinal);
        Assert.Contains("Bill patient", page, StringComparison.Ordinal);
        await client.GetStringAsync(new Uri("/Denials/Appeals", UriKind.Relative));
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "Claim" && e.EntityId == denied.ToString() && e.Action == AuditAction.Read && e.Details!.Contains("denial read")));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "AppealList" && e.Action == AuditAction.Read));
        }
    }

    [Fact]
    public async Task Bill_patient_on_a_denial_moves_the_open_amount_to_the_patient_and_the_claim_to_patient_billing()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "biller@demo.claims.local");
        Guid denied;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            denied = await db.Claims.Where(c => c.State == ClaimState.Denied && c.PayerId != null && db.ClaimPaymentPostings.Any(p => p.ClaimId == c.Id))
                .OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync();
        }
        var page = await client.GetStringAsync(new Uri($"/Denials/Claim/{denied}", UriKind.Relative));

        var posted = await client.PostAsync(new Uri($"/Denials/Claim/{denied}?handler=BillPatient", UriKind.Relative), TestSupport.Form(page));

        Assert.True((int)posted.StatusCode is 200 or 302, $"answered {(int)posted.StatusCode}");
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            Assert.Equal(ClaimState.PatientBilling, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == denied)).State);
            Assert.True(await db.LedgerEntries.AnyAsync(e => e.ClaimId == denied && e.Kind == Claims.Remittance.LedgerEntryKind.PatientTransfer && e.AmountCents > 0));
        }
    }
}
