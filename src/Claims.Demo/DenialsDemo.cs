using Claims.Domain;
using Claims.PayerSimulator;
using Claims.Persistence;
using Claims.Remittance;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.Demo;

/// <summary>What one clearinghouse round did: the batch's claims, and the 277CA and 835 claims posted.</summary>
public sealed record ClearinghouseRoundResult(int Submitted, int Acknowledged, int Remitted, int Exceptions);

/// <summary>
/// Demo denials the way production gets them: the ReadyToSubmit claims go out as one 837P batch through the real
/// submission use case to a folder mailbox, the payer simulator answers (999, 277CA, 835s with its denial mix), and the
/// answers are posted through the real posting use case. The denial worklist then has real CARC/RARC codes to route.
/// The mailbox folder holds plaintext X12 (synthetic PHI) only for the round and is deleted afterwards.
/// </summary>
public static class DenialsDemo
{
    public static readonly Caller Biller = Caller.FromCli(new Actor("demo:biller", ClaimRole.Biller));

    /// <summary>One round on a throwaway mailbox; <paramref name="denialRate"/> is the simulator's share of denied claims.</summary>
    public static async Task<ClearinghouseRoundResult> RunAsync(ClaimsDbContext db, TimeProvider time, double denialRate = 0.35, int seed = DemoSeeder.DefaultSeed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var folder = Path.Combine(Path.GetTempPath(), "claims-denials-demo", Guid.NewGuid().ToString("N"));
        try
        {
            return await RoundAsync(db, time, new FolderMailbox(folder), new SimulatorOptions { Seed = seed, DenialRate = denialRate }, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Submits what is ready (but one clinic's), lets the simulator answer once, and posts every 277CA, then every 835, it wrote.</summary>
    public static async Task<ClearinghouseRoundResult> RoundAsync(ClaimsDbContext db, TimeProvider time, IClearinghouseMailbox mailbox, SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(mailbox);
        var submissions = new Submissions(db, time, new SubmissionSettings { Mailbox = mailbox.Describe }, mailbox);
        // One batch per clinic, the last clinic (by name) held back so the Ready to submit page still has work to show.
        var clinics = await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var clinic in clinics.Count > 1 ? clinics[..^1] : clinics)
        {
            var run = await submissions.CreateBatchesAsync(new SubmissionFilter(ClinicId: clinic), Biller, cancellationToken);
            sent += run.Batch?.Claims ?? 0;
        }
        if (sent == 0) return new ClearinghouseRoundResult(0, 0, 0, 0);
        var before = (await mailbox.ListAsync(MailboxFolder.Outbound, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        await new ClearinghouseSimulator(options, time).AnswerOnceAsync(mailbox, cancellationToken);
        var documents = new List<RemittanceDocument>();
        foreach (var name in (await mailbox.ListAsync(MailboxFolder.Outbound, cancellationToken)).Where(n => !before.Contains(n)).Order(StringComparer.Ordinal))
        {
            using var stream = new MemoryStream(await mailbox.GetAsync(MailboxFolder.Outbound, name, cancellationToken));
            documents.AddRange(RemittanceFile.Read(stream));
        }
        var posting = new RemittancePosting(db, time);
        int acknowledged = 0, remitted = 0, exceptions = 0;
        foreach (var ack in documents.OfType<ClaimAcknowledgment>())
        {
            var result = await posting.PostAsync(ack, Biller, cancellationToken);
            acknowledged += result.Posted;
            exceptions += result.Exceptions.Count;
        }
        foreach (var advice in documents.OfType<RemittanceAdvice>())
        {
            var result = await posting.PostAsync(advice, Biller, cancellationToken);
            remitted += result.Posted;
            exceptions += result.Exceptions.Count;
        }
        return new ClearinghouseRoundResult(sent, acknowledged, remitted, exceptions);
    }
}
