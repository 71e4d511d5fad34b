using Claims.Domain;
using Claims.PayerSimulator;
using Claims.Remittance;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Submission;

/// <summary>
/// Coordination of benefits end to end: the primary's 835 (from the payer simulator) is posted, the patient's
/// secondary coverage is recorded, the claim is billed to the secondary, and the 837P that goes out carries the
/// primary's payment and adjustments in 2320/2430, balanced, as an independent checker reads it.
/// </summary>
public sealed class SecondaryBillingTests
{
    [Fact]
    public async Task A_claim_the_primary_paid_goes_to_the_secondary_with_the_primary_payment_and_adjustments_in_2320_and_2430()
    {
        using var fx = await SubmissionFixture.SeedAsync(40);
        await SubmitAndPostPrimaryAsync(fx);

        Guid claimId;
        ClaimPaymentPosting primary;
        await using (var db = fx.Home.NewContext())
        {
            // A claim the primary adjudicated with a patient share, so the secondary has something to consider.
            var adjudicated = await db.Claims.Where(c => c.State == ClaimState.Paid || c.State == ClaimState.PartiallyPaid).Select(c => c.Id).ToListAsync();
            primary = (await db.ClaimPaymentPostings.AsNoTracking().Where(p => adjudicated.Contains(p.ClaimId) && p.ReversesId == null).ToListAsync())
                .Where(p => EobClaim.FromJson(p.Detail).Lines.Count > 0).OrderByDescending(p => p.PatientResponsibilityCents ?? 0).First();
            claimId = primary.ClaimId;
            var claim = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claimId);
            var other = await db.Payers.Where(p => p.Id != claim.PayerId).Select(p => p.Id).FirstAsync();
            await new SecondaryBilling(db, fx.Home.Time).AddSecondaryCoverageAsync(claim.PatientId, other, "SEC123456", claim.ServiceFrom.AddYears(-1), SubmissionFixture.Biller);
        }

        await using (var db = fx.Home.NewContext())
        {
            var moved = await new SecondaryBilling(db, fx.Home.Time).BillAsync(claimId, SubmissionFixture.Biller);
            Assert.Equal(ClaimState.ReadyToSubmit, moved.Claim.State);
            Assert.Equal(primary.Id, moved.Claim.PrimaryPostingId);
            Assert.NotEqual(moved.Claim.PrimaryPayerId, moved.Claim.PayerId);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityId == claimId.ToString() && e.Details!.StartsWith("bill secondary payer")));
        }

        BatchSummary batch;
        await using (var db = fx.Home.NewContext())
        {
            var run = await fx.Submissions(db).CreateBatchesAsync(new SubmissionFilter(ClaimId: claimId), SubmissionFixture.Biller);
            Assert.Empty(run.Excluded);
            batch = run.Batch!;
        }
        var text = await InboundTextAsync(fx, batch.FileName);
        var segments = text.Split('~', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var decision = EobClaim.FromJson(primary.Detail);
        Assert.Contains(segments, s => s.StartsWith("SBR*S*", StringComparison.Ordinal));
        Assert.Contains(segments, s => s.StartsWith("SBR*P*18*", StringComparison.Ordinal));
        Assert.Contains($"AMT*D*{Amount(decision.PaidCents)}", segments);
        Assert.Equal(decision.Lines.Count(l => l.LineNumber is not null), segments.Count(s => s.StartsWith("SVD*", StringComparison.Ordinal)));
        Assert.Empty(Claims.Core.Tests.Submission.X12Checker.Check(text));
    }

    [Fact]
    public async Task Without_a_secondary_coverage_or_before_the_primary_decided_billing_the_secondary_is_refused_and_changes_nothing()
    {
        using var fx = await SubmissionFixture.SeedAsync(20);
        await SubmitAndPostPrimaryAsync(fx);
        await using var db = fx.Home.NewContext();
        var posted = db.ClaimPaymentPostings.Select(p => p.ClaimId);
        var paid = await db.Claims.AsNoTracking().FirstAsync(c => (c.State == ClaimState.Paid || c.State == ClaimState.PartiallyPaid) && posted.Contains(c.Id));
        var unposted = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.State == ClaimState.Paid && !posted.Contains(c.Id));
        var ready = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.State == ClaimState.Received);

        var noCoverage = await Assert.ThrowsAsync<DomainValidationException>(() => new SecondaryBilling(db, fx.Home.Time).BillAsync(paid.Id, SubmissionFixture.Biller));
        Assert.Contains("secondary coverage", noCoverage.Message, StringComparison.Ordinal);
        if (unposted is not null)
        {
            var undecided = await Assert.ThrowsAsync<DomainValidationException>(() => new SecondaryBilling(db, fx.Home.Time).BillAsync(unposted.Id, SubmissionFixture.Biller));
            Assert.Contains("has not been posted", undecided.Message, StringComparison.Ordinal);
        }
        if (ready is not null) await Assert.ThrowsAsync<InvalidTransitionException>(() => new SecondaryBilling(db, fx.Home.Time).BillAsync(ready.Id, SubmissionFixture.Biller));
        await using var check = fx.Home.NewContext();
        Assert.Equal(paid.State, (await check.Claims.AsNoTracking().SingleAsync(c => c.Id == paid.Id)).State);
    }

    private static string Amount(long cents) => (cents / 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> InboundTextAsync(SubmissionFixture fx, string name) =>
        System.Text.Encoding.ASCII.GetString(await fx.Mailbox.GetAsync(MailboxFolder.Inbound, name));

    private static async Task SubmitAndPostPrimaryAsync(SubmissionFixture fx)
    {
        await using (var db = fx.Home.NewContext())
        {
            var run = await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);
            Assert.NotNull(run.Batch);
        }
        await new ClearinghouseSimulator(new SimulatorOptions { Seed = 11 }, fx.Home.Time).AnswerOnceAsync(fx.Mailbox);
        foreach (var name in await fx.Mailbox.ListAsync(MailboxFolder.Outbound))
        {
            using var stream = new MemoryStream(await fx.Mailbox.GetAsync(MailboxFolder.Outbound, name));
            foreach (var document in RemittanceFile.Read(stream))
            {
                await using var db = fx.Home.NewContext();
                var posting = new RemittancePosting(db, fx.Home.Time);
                if (document is ClaimAcknowledgment ack) await posting.PostAsync(ack, SubmissionFixture.Biller);
                if (document is RemittanceAdvice advice) await posting.PostAsync(advice, SubmissionFixture.Biller);
            }
            await fx.Mailbox.DeleteAsync(MailboxFolder.Outbound, name);
        }
    }
}
