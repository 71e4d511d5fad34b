using System.Net;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests;

/// <summary>The biller's pages: ready to submit, create a batch, the history, an audited download.</summary>
public sealed class BillingPageTests(ClaimsWebFactory factory) : IClassFixture<ClaimsWebFactory>
{
    [Fact]
    public async Task A_biller_creates_a_batch_from_the_ready_page_and_sees_it_in_the_history()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestSupport.SignInAsync(client, "biller@demo.claims.local");
        int ready;
        using (var scope = factory.Services.CreateScope())
        {
            ready = await scope.ServiceProvider.GetRequiredService<ClaimsDbContext>().Claims.CountAsync(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null);
        }
        var page = await client.GetStringAsync(new Uri("/Billing/Ready", UriKind.Relative));
        Assert.Contains("Ready to submit", page, StringComparison.Ordinal);

        var created = await client.PostAsync(new Uri("/Billing/Ready?handler=Create", UriKind.Relative), TestSupport.Form(page));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        using var scope2 = factory.Services.CreateScope();
        var db = scope2.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        if (ready == 0)
        {
            Assert.Equal(0, await db.SubmissionBatches.CountAsync());
            return;
        }
        var batch = await db.SubmissionBatches.OrderByDescending(b => b.CreatedAt).FirstAsync();
        Assert.Equal("/Billing/Batches", created.Headers.Location?.OriginalString);
        var history = await client.GetStringAsync(new Uri("/Billing/Batches", UriKind.Relative));
        Assert.Contains(batch.FileName, history, StringComparison.Ordinal);

        var download = await client.PostAsync(new Uri("/Billing/Batches?handler=Download", UriKind.Relative), TestSupport.Form(history, ("id", batch.Id.ToString())));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("ISA*", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "SubmissionBatch" && e.EntityId == batch.Id.ToString() && e.Action == AuditAction.Export && e.ActorId == "biller@demo.claims.local"));
    }
}
