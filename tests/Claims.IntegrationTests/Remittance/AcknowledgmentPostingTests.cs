using System.Globalization;
using System.Text;
using Claims.Domain;
using Claims.IntegrationTests.Submission;
using Claims.Remittance;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Remittance;

/// <summary>999s posted to the batch they acknowledge: a rejection rejects the batch's claims with the errors in words, once.</summary>
public sealed class AcknowledgmentPostingTests
{
    /// <summary>A 999 for our group: one AK2 per (ST02, IK5 status), an IK3/IK4 on each rejected set, then AK9.</summary>
    private static string Ack999(int group, string groupStatus, params (int St, string Status)[] sets)
    {
        var body = new List<string> { "ST*999*0001*005010X231A1", $"AK1*HC*{group}*005010X222A1" };
        foreach (var (st, status) in sets)
        {
            body.Add($"AK2*837*{st.ToString("D4", CultureInfo.InvariantCulture)}*005010X222A1");
            if (status == "R")
            {
                body.Add("IK3*CLM*23*2300*8");
                body.Add("IK4*2*1028*7*SECRETVALUE");
            }
            body.Add(status == "R" ? "IK5*R*5" : "IK5*A");
        }
        var accepted = sets.Count(s => s.Status != "R");
        body.Add($"AK9*{groupStatus}*{sets.Length}*{sets.Length}*{accepted}");
        body.Add($"SE*{body.Count + 1}*0001");
        return "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*SUBMITTER      *261130*0900*^*00501*000000777*0*T*:~"
            + "GS*FA*CH*SUB*20261130*0900*777*X*005010X231A1~" + string.Join("~\n", body) + "~GE*1*777~IEA*1*000000777~";
    }

    private static async Task<RemittancePostingResult> PostAsync(SubmissionFixture fx, string x12)
    {
        await using var db = fx.Home.NewContext();
        var document = Assert.Single(RemittanceFile.Read(new MemoryStream(Encoding.ASCII.GetBytes(x12))).ToList());
        return await new RemittancePosting(db, fx.Home.Time).PostAsync(document, SubmissionFixture.Biller);
    }

    private static async Task<BatchSummary> SubmitAsync(SubmissionFixture fx)
    {
        await using var db = fx.Home.NewContext();
        var run = await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);
        return run.Batch ?? throw new InvalidOperationException("the demo seed had nothing ready to submit");
    }

    [Fact]
    public async Task A_rejecting_999_rejects_every_claim_of_the_batch_with_the_errors_in_words_and_posting_it_again_does_nothing()
    {
        using var fx = await SubmissionFixture.SeedAsync(60);
        var batch = await SubmitAsync(fx);
        var sets = Enumerable.Range(0, batch.TransactionSets).Select(i => (St: i + 1, Status: "R")).ToArray();
        await using (var db = fx.Home.NewContext())
        {
            var first = (await db.SubmissionBatches.SingleAsync()).FirstTransactionSet;
            sets = [.. Enumerable.Range(0, batch.TransactionSets).Select(i => (first + i, "R"))];
        }
        var x12 = Ack999(batch.GroupControlNumber, "R", sets);

        var result = await PostAsync(fx, x12);

        Assert.Equal(batch.Claims, result.Posted);
        Assert.Empty(result.Exceptions);
        await using (var db = fx.Home.NewContext())
        {
            Assert.Equal(BatchStatus.Rejected, (await db.SubmissionBatches.SingleAsync()).Status);
            var ids = await db.SubmissionBatchClaims.Where(c => c.BatchId == batch.Id).Select(c => c.ClaimId).ToListAsync();
            var claims = await db.Claims.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync();
            Assert.All(claims, c => Assert.Equal(ClaimState.Rejected, c.State));
            var reasons = await db.ClaimEvents.AsNoTracking().Where(e => ids.Contains(e.ClaimId) && e.Trigger == ClaimTrigger.Reject).Select(e => e.Reason).ToListAsync();
            Assert.Equal(batch.Claims, reasons.Count);
            Assert.All(reasons, r =>
            {
                Assert.Contains("CLM at 23 in loop 2300: segment has data element errors", r, StringComparison.Ordinal);
                Assert.Contains("element 2 (1028): invalid code value", r, StringComparison.Ordinal);
                Assert.Contains("one or more segments in error", r, StringComparison.Ordinal);
                Assert.DoesNotContain("SECRETVALUE", r, StringComparison.Ordinal);
            });
        }

        var again = await PostAsync(fx, x12);

        Assert.True(again.AlreadyPosted);
        Assert.Equal(0, again.Posted);
        await using (var db = fx.Home.NewContext())
        {
            var ids = await db.SubmissionBatchClaims.Where(c => c.BatchId == batch.Id).Select(c => c.ClaimId).ToListAsync();
            Assert.Equal(batch.Claims, await db.ClaimEvents.CountAsync(e => ids.Contains(e.ClaimId) && e.Trigger == ClaimTrigger.Reject));
            Assert.Equal(1, await db.PostedDocuments.CountAsync(d => d.TransactionCode == "999"));
        }
    }

    [Fact]
    public async Task An_accepting_999_marks_the_batch_accepted_and_leaves_its_claims_submitted()
    {
        using var fx = await SubmissionFixture.SeedAsync(40);
        var batch = await SubmitAsync(fx);
        int first;
        await using (var db = fx.Home.NewContext()) first = (await db.SubmissionBatches.SingleAsync()).FirstTransactionSet;

        var result = await PostAsync(fx, Ack999(batch.GroupControlNumber, "A", [.. Enumerable.Range(0, batch.TransactionSets).Select(i => (first + i, "A"))]));

        Assert.Equal(0, result.Posted);
        Assert.False(result.AlreadyPosted);
        await using var check = fx.Home.NewContext();
        Assert.Equal(BatchStatus.Accepted, (await check.SubmissionBatches.SingleAsync()).Status);
        var ids = await check.SubmissionBatchClaims.Where(c => c.BatchId == batch.Id).Select(c => c.ClaimId).ToListAsync();
        Assert.All(await check.Claims.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(), c => Assert.Equal(ClaimState.Submitted, c.State));
    }

    [Fact]
    public async Task A_partially_accepting_999_rejects_only_the_claims_of_the_rejected_transaction_set()
    {
        using var fx = await SubmissionFixture.SeedAsync(60);
        var batch = await SubmitAsync(fx);
        Assert.True(batch.TransactionSets > 1, "the demo seed sends claims to several payers: one ST each");
        List<(Guid ClaimId, Guid PayerId)> sent;
        int first;
        await using (var db = fx.Home.NewContext())
        {
            first = (await db.SubmissionBatches.SingleAsync()).FirstTransactionSet;
            sent = [.. (await db.SubmissionBatchClaims.Where(c => c.BatchId == batch.Id).OrderBy(c => c.Id).Select(c => new { c.ClaimId, c.PayerId }).ToListAsync()).Select(c => (c.ClaimId, c.PayerId))];
        }
        var firstPayer = sent[0].PayerId;
        var sets = Enumerable.Range(0, batch.TransactionSets).Select(i => (first + i, i == 0 ? "R" : "A")).ToArray();

        var result = await PostAsync(fx, Ack999(batch.GroupControlNumber, "P", sets));

        Assert.Equal(sent.Count(c => c.PayerId == firstPayer), result.Posted);
        await using var check = fx.Home.NewContext();
        var states = await check.Claims.AsNoTracking().Where(c => sent.Select(s => s.ClaimId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.State);
        Assert.All(sent, s => Assert.Equal(s.PayerId == firstPayer ? ClaimState.Rejected : ClaimState.Submitted, states[s.ClaimId]));
    }

    [Fact]
    public async Task A_999_for_a_group_we_never_sent_is_an_exception()
    {
        using var fx = await SubmissionFixture.SeedAsync(20);

        var result = await PostAsync(fx, Ack999(424242, "R", [(1, "R")]));

        var problem = Assert.Single(result.Exceptions);
        Assert.Equal(RemittanceExceptionReason.BatchUnknown, problem.Reason);
    }
}
