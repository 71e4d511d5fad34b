using System.Text;
using Claims.PayerSimulator;
using Claims.Remittance;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Submission;

/// <summary>Batches through a mailbox to the payer simulator and its answers back, read with the X12 reader.</summary>
public sealed class ClearinghouseRoundTripTests
{
    [Fact]
    public async Task The_simulator_answers_a_batch_with_a_999_a_277CA_per_claim_and_balanced_835s_each_fetched_once()
    {
        using var fx = await SubmissionFixture.SeedAsync(80);
        await RoundTripAsync(fx, fx.Mailbox);
    }

    [SftpFact]
    public async Task Over_SFTP_the_batch_is_uploaded_answered_and_each_answer_fetched_once()
    {
        using var fx = await SubmissionFixture.SeedAsync(40);
        var mailbox = SftpFactAttribute.Mailbox($"claims-test-{Guid.NewGuid():N}");
        await RoundTripAsync(fx, mailbox);
    }

    [SftpFact]
    public async Task An_SFTP_server_with_another_host_key_is_refused()
    {
        var (host, port, user, key, _) = SftpFactAttribute.Settings()!.Value;
        var mailbox = new SftpMailbox(host, port, user, "x", key, null, "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('='));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => mailbox.ListAsync(MailboxFolder.Outbound));
        Assert.Contains("host key", error.Message + error.InnerException?.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task RoundTripAsync(SubmissionFixture fx, IClearinghouseMailbox mailbox)
    {
        BatchSummary batch;
        await using (var db = fx.Home.NewContext())
        {
            var run = await fx.Submissions(db, mailbox).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);
            Assert.True(run.SendError is null, run.SendError);
            batch = run.Batch!;
        }
        Assert.Contains(batch.FileName, await mailbox.ListAsync(MailboxFolder.Inbound));

        var round = await new ClearinghouseSimulator(new SimulatorOptions { Seed = 11 }, fx.Home.Time).AnswerOnceAsync(mailbox);
        Assert.Equal(1, round.Files);
        Assert.Equal(batch.Claims, round.Claims);
        Assert.Empty(await mailbox.ListAsync(MailboxFolder.Inbound));

        var documents = new List<RemittanceDocument>();
        foreach (var name in await mailbox.ListAsync(MailboxFolder.Outbound))
        {
            using var stream = new MemoryStream(await mailbox.GetAsync(MailboxFolder.Outbound, name));
            documents.AddRange(RemittanceFile.Read(stream));
        }
        var ack = Assert.Single(documents.OfType<ImplementationAcknowledgment>());
        Assert.True(ack.IsGroupAccepted);
        Assert.Equal(batch.GroupControlNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), ack.AcknowledgedGroupControlNumber);
        Assert.Equal(batch.TransactionSets, ack.TransactionSets.Count);
        var acknowledged = documents.OfType<ClaimAcknowledgment>().SelectMany(a => a.Claims).ToList();
        await using (var db = fx.Home.NewContext())
        {
            var sent = await db.SubmissionBatchClaims.Where(c => c.BatchId == batch.Id).Select(c => c.ControlNumber).ToListAsync();
            Assert.Equal(sent.Order(), acknowledged.Select(c => c.ClaimControlNumber).Order());
        }
        Assert.All(acknowledged.Where(c => c.Outcome == AcknowledgmentOutcome.Accepted), c => Assert.StartsWith("PCN", c.PayerClaimNumber, StringComparison.Ordinal));
        var remittances = documents.OfType<RemittanceAdvice>().ToList();
        Assert.NotEmpty(remittances);
        Assert.All(remittances, r => Assert.Empty(RemittanceBalancing.Check(r)));
        var paidClaims = remittances.SelectMany(r => r.Claims).ToList();
        Assert.Equal(acknowledged.Count(c => c.Outcome == AcknowledgmentOutcome.Accepted), paidClaims.Count);
        Assert.All(paidClaims, p => Assert.Equal(acknowledged.Single(a => a.ClaimControlNumber == p.ClaimControlNumber).PayerClaimNumber, p.PayerClaimNumber));

        await using (var db = fx.Home.NewContext())
        {
            var received = await fx.Submissions(db, mailbox).FetchAnswersAsync(SubmissionFixture.Biller);
            Assert.Equal(round.Written.Order(), received.Select(r => r.Name).Order());
            Assert.All(received, r => Assert.Equal(batch.Id, r.BatchId));
            Assert.Contains(received, r => r.Kind == "999" && r.Summary.StartsWith("accepted", StringComparison.Ordinal));
            Assert.Contains(received, r => r.Kind == "277CA");
            Assert.Contains(received, r => r.Kind == "835");
        }
        await using (var db = fx.Home.NewContext())
        {
            Assert.Empty(await fx.Submissions(db, mailbox).FetchAnswersAsync(SubmissionFixture.Biller));
            Assert.Equal(BatchStatus.Accepted, (await db.SubmissionBatches.SingleAsync()).Status);
            Assert.Equal(round.Written.Count, await db.ReceivedFiles.CountAsync());
            var stored = await db.ReceivedFiles.FirstAsync(f => f.Kind == "277CA");
            Assert.DoesNotContain("NM1*QC", Encoding.Latin1.GetString(stored.File.Cipher), StringComparison.Ordinal);
        }
    }
}

/// <summary>
/// Runs only when CLAIMS_TEST_SFTP is <c>host:port:user:keyfile:SHA256-fingerprint</c> (.ci/run starts a throwaway
/// OpenSSH server on 127.0.0.1 and sets it); otherwise it skips and says why.
/// </summary>
public sealed class SftpFactAttribute : FactAttribute
{
    public SftpFactAttribute()
    {
        if (Settings() is null) Skip = "CLAIMS_TEST_SFTP is not set (host:port:user:keyfile:fingerprint): no SFTP server to test against here (.ci/run starts one).";
    }

    public static (string Host, int Port, string User, string KeyFile, string Fingerprint)? Settings()
    {
        var parts = Environment.GetEnvironmentVariable("CLAIMS_TEST_SFTP")?.Split(':');
        return parts is { Length: 5 } ? (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2], parts[3], parts[4]) : null;
    }

    public static SftpMailbox Mailbox(string root)
    {
        var (host, port, user, key, fingerprint) = Settings()!.Value;
        return new SftpMailbox(host, port, user, root, key, null, fingerprint);
    }
}
