using System.Text;
using Claims.Denials;
using Claims.Domain;
using Claims.PayerSimulator;
using Claims.Remittance;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Denials;

/// <summary>The denial worklist and its actions, end to end on the payer simulator's 277CAs and 835s.</summary>
public sealed class DenialWorkTests(DenialsFixture fx) : IClassFixture<DenialsFixture>
{
    [Fact]
    public async Task Every_denied_claim_is_in_the_worklist_with_the_category_action_and_deadline_the_rules_give()
    {
        Assert.True(fx.Round.Remitted > 20, $"the round posted {fx.Round.Remitted} claim payments");
        await using var db = fx.Home.NewContext();
        var book = await DenialRuleBook.LoadAsync(db);
        var page = await new DenialWorklist(db, fx.Home.Time).QueryAsync(new DenialWorklistFilter(), DenialsFixture.Biller, pageSize: 10_000);
        var expected = await db.Claims.Where(c => c.State == ClaimState.Denied || c.State == ClaimState.PartiallyPaid)
            .Where(c => db.ClaimPaymentPostings.Any(p => p.ClaimId == c.Id)).Select(c => c.Id).ToListAsync();
        Assert.NotEmpty(expected);
        var rows = page.Rows.ToDictionary(r => r.ClaimId);
        Assert.All(expected, id => Assert.True(rows.ContainsKey(id), $"claim {id} is missing from the worklist"));
        var payers = await db.Payers.ToDictionaryAsync(p => p.Id);
        foreach (var id in expected)
        {
            var row = rows[id];
            var primary = Assert.IsType<DenialCode>(row.Primary);
            var payer = payers[row.PayerId!.Value];
            var medicare = payer.ClaimFilingIndicator is "MA" or "MB";
            var verdict = book.Classify(payer.Id, medicare, primary.Group, primary.Carc, primary.Rarcs);
            Assert.Equal(verdict.Category, row.Category);
            var remitted = row.RemittanceDate!.Value;
            switch (verdict.NextAction)
            {
                case DenialAction.Appeal:
                    Assert.Equal(DenialAction.Appeal, row.NextAction);
                    Assert.Equal(remitted.AddDays(medicare ? 125 : 180), row.Deadline);
                    break;
                case DenialAction.CorrectAndResubmit:
                    Assert.Equal(DenialAction.CorrectAndResubmit, row.NextAction);
                    Assert.Equal(row.ServiceFrom.AddDays(payer.TimelyFilingDays), row.Deadline);
                    break;
                default:
                    Assert.Equal(verdict.NextAction, row.NextAction);
                    break;
            }
        }
        // The simulator's mix, routed by the shipped rules.
        var byCarc = page.Rows.Where(r => r.Primary is not null).GroupBy(r => r.Primary!.Carc).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal((DenialCategory.MedicalNecessity, DenialAction.Appeal), (byCarc["50"].Category, byCarc["50"].NextAction));
        Assert.Equal((DenialCategory.MissingInformation, DenialAction.CorrectAndResubmit, false), (byCarc["16"].Category, byCarc["16"].NextAction, byCarc["16"].Appealable));
        Assert.Equal(["MA130"], byCarc["16"].Primary!.Rarcs);
        Assert.Equal(DenialCategory.Bundling, byCarc["97"].Category);
    }

    [Fact]
    public async Task A_CO50_appeal_letter_names_the_payer_claim_number_and_the_CARC_and_an_upheld_appeal_sets_the_next_level_deadline()
    {
        var denial = await FirstAsync(d => d.Primary?.Carc == "50" && d.State == ClaimState.Denied);
        Guid appealId;
        await using (var db = fx.Home.NewContext())
        {
            var appeals = new Appeals(db, fx.Home.Time);
            var appeal = await appeals.DraftAsync(denial.ClaimId, "The visit note documents acute symptoms that required the service.", DenialsFixture.Biller);
            await appeals.AttachAsync(appeal.Id, "Visit note 2026-10-01", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4 note"), DenialsFixture.Biller);
            appealId = appeal.Id;
            Assert.Equal(1, appeal.Level);
            Assert.Equal(denial.Deadline, appeal.Deadline);
            var letter = await appeals.LetterAsync(appeal.Id, DenialsFixture.Biller);
            var text = PdfText.Extract(letter.Content);
            Assert.Contains(denial.PayerClaimNumber!, text, StringComparison.Ordinal);
            Assert.Contains("CO-50", text, StringComparison.Ordinal);
            Assert.Contains("medical necessity", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Visit note 2026-10-01", text, StringComparison.Ordinal);
            Assert.Contains(denial.ControlNumber, text, StringComparison.Ordinal);
            // The argument is stored encrypted, never in plaintext.
            var stored = await db.Appeals.AsNoTracking().SingleAsync(a => a.Id == appeal.Id);
            Assert.DoesNotContain("acute symptoms", Encoding.UTF8.GetString(stored.ArgumentCipher), StringComparison.Ordinal);
        }
        await using (var db = fx.Home.NewContext())
        {
            var appeals = new Appeals(db, fx.Home.Time);
            await appeals.SendAsync(appealId, DenialsFixture.Biller);
            Assert.Equal(ClaimState.Appealed, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == denial.ClaimId)).State);
            var decidedOn = DateOnly.FromDateTime(fx.Home.Time.GetUtcNow().UtcDateTime);
            var decided = await appeals.DecideAsync(appealId, AppealOutcome.Upheld, decidedOn, DenialsFixture.Biller);
            Assert.Equal(decidedOn.AddDays(denial.Medicare ? 185 : 180), decided.NextLevelDeadline);
        }
        await using (var db = fx.Home.NewContext())
        {
            var again = await new DenialWorklist(db, fx.Home.Time).FindAsync(denial.ClaimId);
            Assert.Equal(ClaimState.Denied, again!.State);
            Assert.Equal(2, again.NextAppealLevel);
            Assert.StartsWith("Appeal: " + (denial.Medicare ? "Reconsideration" : "Level 2"), again.DeadlineKind, StringComparison.Ordinal);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "Appeal" && e.EntityId == appealId.ToString() && e.Action == global::Claims.Audit.AuditAction.Export));
        }
    }

    [Fact]
    public async Task CO16_with_MA130_cannot_be_appealed_and_its_correction_goes_out_as_frequency_7_with_REF_F8()
    {
        var denial = await FirstAsync(d => d.Primary?.Carc == "16" && d.State == ClaimState.Denied);
        await using (var db = fx.Home.NewContext())
        {
            var refused = await Assert.ThrowsAsync<DomainValidationException>(() => new Appeals(db, fx.Home.Time).DraftAsync(denial.ClaimId, "Please pay.", DenialsFixture.Biller));
            Assert.Contains("not appealable", refused.Message, StringComparison.Ordinal);
            var claim = await new DenialActions(db, fx.Home.Time).CorrectAsync(denial.ClaimId, null, DenialsFixture.Biller);
            Assert.Equal((ClaimState.Coding, ClaimFrequency.Replacement), (claim.State, claim.Frequency));
        }
        await ThroughCodingAsync(denial.ClaimId);
        var sent = await SubmitOneAsync(denial.ClaimId);
        var x12 = Assert.Single(Inbound837.Read(sent).Transactions.SelectMany(s => s.Claims), c => c.ControlNumber == denial.ControlNumber);
        Assert.Equal(("7", denial.PayerClaimNumber), (x12.Frequency, x12.PayerClaimNumber));
        Assert.Contains($"REF*F8*{denial.PayerClaimNumber}~", Encoding.ASCII.GetString(sent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_voided_claim_goes_out_once_as_frequency_8_with_REF_F8()
    {
        var denial = await FirstAsync(d => d.Primary?.Carc == "18" && d.State == ClaimState.Denied);
        await using (var db = fx.Home.NewContext())
        {
            var claim = await new DenialActions(db, fx.Home.Time).VoidAsync(denial.ClaimId, "Duplicate of an earlier claim", DenialsFixture.Biller);
            Assert.Equal((ClaimState.Voided, ClaimFrequency.Void), (claim.State, claim.Frequency));
        }
        var sent = await SubmitOneAsync(denial.ClaimId);
        var x12 = Assert.Single(Inbound837.Read(sent).Transactions.SelectMany(s => s.Claims), c => c.ControlNumber == denial.ControlNumber);
        Assert.Equal(("8", denial.PayerClaimNumber), (x12.Frequency, x12.PayerClaimNumber));
        await using (var db = fx.Home.NewContext())
        {
            Assert.Null((await fx.Submissions(db).CreateBatchesAsync(new SubmissionFilter(ClaimId: denial.ClaimId), DenialsFixture.Biller)).Batch);
            Assert.Equal(ClaimState.Voided, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == denial.ClaimId)).State);
        }
    }

    [Fact]
    public async Task A_write_off_books_WriteOff_rows_under_the_CARC_and_closes_the_claim_and_above_the_limit_waits_for_an_admin()
    {
        var small = await FirstAsync(d => d.Primary?.Carc is "29" or "197" or "97" && d.State == ClaimState.Denied);
        await using (var db = fx.Home.NewContext())
        {
            var done = await new DenialActions(db, fx.Home.Time, new DenialSettings(small.AmountCents)).WriteOffAsync(small.ClaimId, "Not worth appealing", DenialsFixture.Biller);
            Assert.False(done.PendingApproval);
            Assert.Equal(("CO", small.Primary!.Carc, small.AmountCents), (done.Group, done.Carc, done.AmountCents));
        }
        await using (var db = fx.Home.NewContext())
        {
            var rows = await db.LedgerEntries.AsNoTracking().Where(e => e.ClaimId == small.ClaimId && e.Kind == LedgerEntryKind.WriteOff).ToListAsync();
            Assert.Equal(small.AmountCents, rows.Sum(r => r.AmountCents));
            Assert.All(rows, r => Assert.Equal(("CO", small.Primary!.Carc), (r.Group, r.Reason)));
            Assert.Equal(0, (await ClaimBalance.ForClaimAsync(db, small.ClaimId)).PayerBalanceCents);
            Assert.Equal(ClaimState.Closed, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == small.ClaimId)).State);
        }

        var large = await FirstAsync(d => d.Primary?.Carc is "29" or "197" or "97" && d.State == ClaimState.Denied && d.ClaimId != small.ClaimId);
        Guid request;
        await using (var db = fx.Home.NewContext())
        {
            var pending = await new DenialActions(db, fx.Home.Time, new DenialSettings(large.AmountCents - 1)).WriteOffAsync(large.ClaimId, "Large balance, approved by the practice", DenialsFixture.Biller);
            Assert.True(pending.PendingApproval);
            request = pending.RequestId!.Value;
            Assert.Equal(ClaimState.Denied, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == large.ClaimId)).State);
            await Assert.ThrowsAsync<DomainValidationException>(() => new DenialActions(db, fx.Home.Time).ApproveWriteOffAsync(request, DenialsFixture.Biller));
        }
        await using (var db = fx.Home.NewContext())
        {
            var actions = new DenialActions(db, fx.Home.Time);
            Assert.Contains(await actions.PendingAsync(), p => p.Id == request);
            await actions.ApproveWriteOffAsync(request, DenialsFixture.Admin);
            Assert.Equal(ClaimState.Closed, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == large.ClaimId)).State);
            Assert.Equal(0, (await ClaimBalance.ForClaimAsync(db, large.ClaimId)).PayerBalanceCents);
        }
    }

    [Fact]
    public async Task Two_billers_cannot_hold_one_denial_and_take_next_skips_a_held_one()
    {
        await using var db = fx.Home.NewContext();
        var other = Caller.FromCli(new Actor("biller2@test", ClaimRole.Biller));
        var assignments = new DenialAssignments(db, fx.Home.Time);
        var first = await assignments.TakeNextAsync(new DenialWorklistFilter(), DenialsFixture.Biller);
        Assert.NotNull(first);
        await Assert.ThrowsAsync<DenialLeasedException>(() => assignments.TakeAsync(first.Value, other));
        var second = await assignments.TakeNextAsync(new DenialWorklistFilter(), other);
        Assert.NotEqual(first, second);
        await assignments.ReleaseAsync(first.Value, DenialsFixture.Biller);
        await assignments.TakeAsync(first.Value, other);
    }

    private async Task<ClaimDenial> FirstAsync(Func<ClaimDenial, bool> which)
    {
        await using var db = fx.Home.NewContext();
        var all = await new DenialWorklist(db, fx.Home.Time).MatchingAsync(new DenialWorklistFilter());
        return all.Where(which).OrderBy(d => d.ClaimId).FirstOrDefault() ?? throw new InvalidOperationException("The simulator round produced no such denial.");
    }

    /// <summary>The coder completes the corrected claim and the scrubber passes it (the workbench's own steps are tested elsewhere).</summary>
    private async Task ThroughCodingAsync(Guid claimId)
    {
        await using var db = fx.Home.NewContext();
        var claim = await db.Claims.Include(c => c.History).SingleAsync(c => c.Id == claimId);
        var at = fx.Home.Time.GetUtcNow();
        claim.CompleteCoding(new Actor("coder@test", ClaimRole.Coder), at);
        claim.PassVerification(Actor.System(ClaimRole.Scrubber), at);
        await db.SaveChangesAsync();
    }

    private async Task<byte[]> SubmitOneAsync(Guid claimId)
    {
        await using var db = fx.Home.NewContext();
        var submissions = fx.Submissions(db);
        var run = await submissions.CreateBatchesAsync(new SubmissionFilter(ClaimId: claimId), DenialsFixture.Biller);
        Assert.True(run.Batch is not null, string.Join("; ", run.Excluded));
        return (await submissions.DownloadAsync(run.Batch.Id, DenialsFixture.Biller)).Content;
    }
}
