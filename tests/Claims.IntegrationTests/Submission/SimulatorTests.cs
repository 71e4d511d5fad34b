using System.Text;
using Claims.PayerSimulator;
using Claims.Remittance;
using Claims.Submission;

namespace Claims.IntegrationTests.Submission;

/// <summary>The simulator on hand-made 837P files: a malformed interchange, a replacement, a rejected member id, determinism.</summary>
public sealed class SimulatorTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("claims-simulator-");
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task A_malformed_interchange_gets_a_999_that_rejects_it_and_nothing_else()
    {
        var broken = Sample("C1", "1", memberId: "ABC123456").Replace("SE*", "SE*9", StringComparison.Ordinal); // SE01 count wrong
        var answers = await AnswerAsync(broken);

        var ack = Assert.IsType<ImplementationAcknowledgment>(Assert.Single(answers));
        Assert.Equal("R", ack.GroupStatus);
        var set = Assert.Single(ack.TransactionSets);
        Assert.Equal("R", set.Status);
        Assert.Equal("SE", Assert.Single(set.SegmentErrors).SegmentId);
    }

    [Fact]
    public async Task A_bad_member_id_is_rejected_A7_and_gets_no_835()
    {
        var answers = await AnswerAsync(Sample("C2", "1", memberId: "12-34"));

        var claim = Assert.Single(answers.OfType<ClaimAcknowledgment>().SelectMany(a => a.Claims));
        Assert.Equal(AcknowledgmentOutcome.Rejected, claim.Outcome);
        Assert.Equal("A7", claim.Statuses[0].Primary.Category);
        Assert.Empty(answers.OfType<RemittanceAdvice>());
    }

    [Fact]
    public async Task A_replacement_is_answered_with_a_reversal_then_the_corrected_payment_and_the_835_balances()
    {
        var answers = await AnswerAsync(Sample("C3", "7", memberId: "ABC123456", payerClaimNumber: "PCN000000000777"));

        var remit = Assert.Single(answers.OfType<RemittanceAdvice>());
        Assert.Empty(RemittanceBalancing.Check(remit));
        Assert.Equal(2, remit.Claims.Count);
        Assert.True(remit.Claims[0].IsReversal);
        Assert.Equal("PCN000000000777", remit.Claims[0].PayerClaimNumber);
        Assert.Equal(-remit.Claims[0].ChargeCents, remit.Claims[1].ChargeCents);
        Assert.Equal("1", remit.Claims[1].StatusCode);
        Assert.NotEqual("PCN000000000777", remit.Claims[1].PayerClaimNumber);
    }

    [Fact]
    public async Task Denials_come_as_CLP02_1_with_their_CAS_and_the_mix_is_deterministic_by_seed()
    {
        var claims = Enumerable.Range(1, 40).Select(i => $"D{i:D3}").ToArray();
        var options = new SimulatorOptions { Seed = 5, DenialRate = 1.0, DenialMix = [("16", 1), ("50", 1), ("197", 1)] };
        var first = await AnswerAsync(Sample(claims, "1", "ABC123456"), options);
        var second = await AnswerAsync(Sample(claims, "1", "ABC123456"), options);

        var remit = Assert.Single(first.OfType<RemittanceAdvice>());
        Assert.Empty(RemittanceBalancing.Check(remit));
        Assert.All(remit.Claims, c => Assert.Equal("1", c.StatusCode));
        Assert.All(remit.Claims, c => Assert.Equal(0, c.PaidCents));
        var reasons = remit.Claims.SelectMany(c => c.Lines).SelectMany(l => l.Adjustments).Select(a => a.Group + "-" + a.Reason).ToHashSet();
        Assert.Equal(["CO-16", "CO-197", "CO-50"], reasons.Order());
        Assert.All(remit.Claims.SelectMany(c => c.Lines).Where(l => l.Adjustments.Any(a => a.Reason == "16")), l => Assert.Contains("MA130", l.RemarkCodes));
        Assert.Equal(Reasons(first), Reasons(second));
    }

    private static IEnumerable<string> Reasons(List<RemittanceDocument> docs) =>
        docs.OfType<RemittanceAdvice>().SelectMany(r => r.Claims).Select(c => c.ClaimControlNumber + string.Concat(c.Lines.SelectMany(l => l.Adjustments).Select(a => a.Reason)));

    private async Task<List<RemittanceDocument>> AnswerAsync(string x12, SimulatorOptions? options = null)
    {
        var mailbox = new FolderMailbox(Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N")));
        await mailbox.PutAsync(MailboxFolder.Inbound, "in.x12", Encoding.ASCII.GetBytes(x12));
        var round = await new ClearinghouseSimulator(options ?? new SimulatorOptions(), _time).AnswerOnceAsync(mailbox);
        var documents = new List<RemittanceDocument>();
        foreach (var name in round.Written)
        {
            using var stream = new MemoryStream(await mailbox.GetAsync(MailboxFolder.Outbound, name));
            documents.AddRange(RemittanceFile.Read(stream));
        }
        return documents;
    }

    private static string Sample(string control, string frequency, string memberId, string? payerClaimNumber = null) => Sample([control], frequency, memberId, payerClaimNumber);

    /// <summary>A minimal 837P written by the real writer (so only what the test changes is wrong).</summary>
    private static string Sample(string[] controls, string frequency, string memberId, string? payerClaimNumber = null)
    {
        var provider = new X12BillingProvider("1234567893", "123456789", "TEST CLINIC", new X12Address("1 MAIN ST", null, "SPRINGFIELD", "IL", "627011234"));
        var subscriber = new X12Subscriber(memberId, "DOE", "JANE", new DateOnly(1980, 1, 2), "F", new X12Address("2 ELM ST", null, "SPRINGFIELD", "IL", "62702"), "P", null, "CI");
        var claims = controls.Select(c => new Professional837Claim(c, frequency, "11", ["J209"],
            [new Professional837Line("99213", [], 13_000, 1, [1], new DateOnly(2026, 11, 1)), new Professional837Line("71046", [], 9_500, 1, [1], new DateOnly(2026, 11, 1))],
            provider, subscriber, new X12Payer("TEST PAYER", "TP001")) { PayerClaimNumber = payerClaimNumber }).ToList();
        var batch = new Professional837Batch(new InterchangeSettings("ZZ", "CLAIMSBPO", "ZZ", "DEMOCH", 'T'), new X12ControlNumbers(42, 42, 1),
            new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc), "42", new X12Submitter("BPO", "CLAIMSBPO", "DESK", "8005550100", null), new X12Receiver("CH", "DEMOCH"), claims);
        using var writer = new StringWriter();
        var result = Professional837Writer.Write(batch, writer);
        Assert.True(result.Succeeded, string.Join("; ", result.Issues));
        return writer.ToString();
    }
}
