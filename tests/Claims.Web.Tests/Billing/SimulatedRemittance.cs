using Claims.Domain;
using Claims.PayerSimulator;
using Claims.Persistence;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Claims.Web.Tests.Billing;

/// <summary>Submits the demo's ready claims through the host's mailbox and lets the payer simulator answer: its 999, 277CA and 835 files.</summary>
internal static class SimulatedRemittance
{
    public static readonly Caller Biller = Caller.FromCli(new Actor("biller@demo.claims.local", ClaimRole.Biller));

    public static async Task<IReadOnlyList<(string Name, byte[] Content)>> AnswersAsync(ClaimsWebFactory factory)
    {
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
            Assert.True(await db.Claims.AnyAsync(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null), "the demo seed has claims ready to submit");
            var run = await scope.ServiceProvider.GetRequiredService<Submissions>().CreateBatchesAsync(SubmissionFilter.All, Biller);
            Assert.Null(run.SendError);
        }
        var mailbox = factory.Services.GetRequiredService<IClearinghouseMailbox>();
        await new ClearinghouseSimulator(new SimulatorOptions { Seed = 11 }, TimeProvider.System).AnswerOnceAsync(mailbox);
        var files = new List<(string, byte[])>();
        foreach (var name in await mailbox.ListAsync(MailboxFolder.Outbound))
        {
            files.Add((name, await mailbox.GetAsync(MailboxFolder.Outbound, name)));
            // Taken by the test: the page's "fetch" must not post them a second way.
            await mailbox.DeleteAsync(MailboxFolder.Outbound, name);
        }
        return files;
    }
}
