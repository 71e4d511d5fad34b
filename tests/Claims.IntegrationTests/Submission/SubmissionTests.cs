using System.Text;
using Claims.Core.Tests.Submission;
using Claims.Domain;
using Claims.Submission;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Submission;

public sealed class SubmissionTests
{
    [Fact]
    public async Task Demo_claims_ready_to_submit_become_one_837P_batch_that_passes_the_independent_checker()
    {
        using var fx = await SubmissionFixture.SeedAsync();
        var ready = await fx.CountAsync(ClaimState.ReadyToSubmit);
        Assert.True(ready >= 3, $"the demo seed should leave claims ready to submit (found {ready})");

        await using var db = fx.Home.NewContext();
        var run = await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);

        // Self-pay claims are named and left out (they go on patient statements); nothing else is.
        Assert.DoesNotContain(run.Excluded, i => i.Code != Submissions.SelfPayIssue);
        Assert.Null(run.SendError);
        var batch = Assert.IsType<BatchSummary>(run.Batch);
        Assert.Equal(ready, batch.Claims);
        Assert.Equal(BatchStatus.Sent, batch.Status);
        var file = await fx.Submissions(db).DownloadAsync(batch.Id, SubmissionFixture.Biller);
        Assert.Empty(X12Checker.Check(file.Content));
        var text = Encoding.ASCII.GetString(file.Content);
        Assert.Equal(ready, text.Split('~').Count(s => s.StartsWith("CLM*", StringComparison.Ordinal)));
        Assert.Contains("~PAT*01~", text, StringComparison.Ordinal); // a spouse's claim names the subscriber apart (2000C)
        Assert.Equal(file.Content, await fx.Mailbox.GetAsync(MailboxFolder.Inbound, batch.FileName));
        Assert.Equal(0, await fx.CountAsync(ClaimState.ReadyToSubmit));
        Assert.Equal(batch.TotalChargeCents, await db.SubmissionBatchClaims.Where(c => c.BatchId == batch.Id).SumAsync(c => c.ChargeCents));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityType == "SubmissionBatch" && e.EntityId == batch.Id.ToString() && e.Action == Claims.Audit.AuditAction.Export)); // sent + downloaded
    }

    [Fact]
    public async Task Running_the_batch_twice_submits_nothing_new()
    {
        using var fx = await SubmissionFixture.SeedAsync();
        int submits;
        await using (var db = fx.Home.NewContext())
        {
            Assert.NotNull((await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller)).Batch);
            submits = await db.ClaimEvents.CountAsync(e => e.Trigger == ClaimTrigger.Submit);
        }
        await using (var db = fx.Home.NewContext())
        {
            var second = await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);
            Assert.Null(second.Batch);
            Assert.Equal(1, await db.SubmissionBatches.CountAsync());
            Assert.False(await db.SubmissionBatchClaims.GroupBy(c => c.ClaimId).AnyAsync(g => g.Count() > 1));
            Assert.Equal(submits, await db.ClaimEvents.CountAsync(e => e.Trigger == ClaimTrigger.Submit));
        }
        Assert.Single(await fx.Mailbox.ListAsync(MailboxFolder.Inbound));
    }

    [Fact]
    public async Task A_crash_before_commit_leaves_the_claims_ready_no_batch_and_the_numbers_unused()
    {
        using var fx = await SubmissionFixture.SeedAsync();
        var ready = await fx.CountAsync(ClaimState.ReadyToSubmit);
        await using (var db = fx.Home.NewContext())
        {
            var submissions = fx.Submissions(db);
            submissions.BeforeCommit = () => throw new IOException("power cut");
            await Assert.ThrowsAsync<IOException>(() => submissions.CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller));
        }
        await using (var db = fx.Home.NewContext())
        {
            Assert.Equal(ready, await fx.CountAsync(ClaimState.ReadyToSubmit));
            Assert.Equal(0, await db.SubmissionBatches.CountAsync());
            Assert.Equal(0, await db.SubmissionBatchClaims.CountAsync());
            Assert.All(await db.X12Counters.ToListAsync(), c => Assert.Equal(0, c.Value));
            Assert.Empty(await fx.Mailbox.ListAsync(MailboxFolder.Inbound));
            var run = await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);
            Assert.Equal(1, run.Batch!.InterchangeControlNumber);
            Assert.Equal(ready, run.Batch.Claims);
        }
    }

    [Fact]
    public async Task Control_numbers_are_never_reused_across_batches()
    {
        using var fx = await SubmissionFixture.SeedAsync(120);
        List<Guid> clinics;
        await using (var db = fx.Home.NewContext())
        {
            clinics = await db.Claims.Where(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null).Select(c => c.ClinicId).Distinct().ToListAsync();
        }
        Assert.True(clinics.Count >= 2, "the seed should leave ready claims at two clinics at least");
        foreach (var clinic in clinics)
        {
            await using var db = fx.Home.NewContext();
            Assert.NotNull((await fx.Submissions(db).CreateBatchesAsync(new SubmissionFilter(ClinicId: clinic), SubmissionFixture.Biller)).Batch);
        }
        await using (var db = fx.Home.NewContext())
        {
            var batches = await db.SubmissionBatches.ToListAsync();
            Assert.Equal(clinics.Count, batches.Count);
            Assert.Equal(batches.Count, batches.Select(b => b.InterchangeControlNumber).Distinct().Count());
            Assert.Equal(batches.Count, batches.Select(b => b.GroupControlNumber).Distinct().Count());
            var stNumbers = batches.SelectMany(b => Enumerable.Range(b.FirstTransactionSet, b.TransactionSets)).ToList();
            Assert.Equal(stNumbers.Count, stNumbers.Distinct().Count());
            foreach (var b in batches)
            {
                var text = Encoding.ASCII.GetString(b.File.Open(db.KeyRing!, "submission_batches", b.Id));
                Assert.Equal(b.InterchangeControlNumber.ToString("D9", System.Globalization.CultureInfo.InvariantCulture), text.Split('*')[13]);
                Assert.Contains($"~GS*HC*CLAIMSBPO*DEMOCH*", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_batch_file_at_rest_is_ciphertext_and_does_not_open_in_another_row()
    {
        using var fx = await SubmissionFixture.SeedAsync();
        Guid batchId;
        string family;
        await using (var db = fx.Home.NewContext())
        {
            var run = await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);
            batchId = run.Batch!.Id;
            var claimId = await db.SubmissionBatchClaims.Where(c => c.BatchId == batchId).Select(c => c.ClaimId).FirstAsync();
            var patientId = await db.Claims.Where(c => c.Id == claimId).Select(c => c.PatientId).FirstAsync();
            var patient = await db.Patients.FirstAsync(p => p.Id == patientId);
            family = (await db.Phi.RevealAsync(patient))!.FamilyName!.ToUpperInvariant();
            var file = await fx.Submissions(db).DownloadAsync(batchId, SubmissionFixture.Biller);
            Assert.Contains(family, Encoding.ASCII.GetString(file.Content), StringComparison.Ordinal);
            var batch = await db.SubmissionBatches.AsNoTracking().FirstAsync(b => b.Id == batchId);
            Assert.Throws<Claims.Security.PhiDecryptionException>(() => batch.File.Open(db.KeyRing!, "submission_batches", Guid.CreateVersion7()));
        }
        SqliteConnection.ClearAllPools();
        var stored = string.Concat(new[] { "", "-wal" }.Select(suffix => fx.Home.DatabaseFile + suffix).Where(File.Exists).Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain(family, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("NM1*IL*1*", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Submit_trigger_sends_the_claim_as_a_batch_of_one()
    {
        using var fx = await SubmissionFixture.SeedAsync();
        await using var db = fx.Home.NewContext();
        var claimId = await db.Claims.Where(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null).Select(c => c.Id).FirstAsync();
        var transitions = new ClaimTransitions(db, fx.Home.Time, null!, fx.Submissions(db));

        var result = await transitions.FireAsync(claimId, ClaimTrigger.Submit, null, SubmissionFixture.Biller);

        Assert.Equal(ClaimState.Submitted, result.Claim.State);
        var batch = await db.SubmissionBatches.Include(b => b.Claims).SingleAsync();
        Assert.Equal(claimId, Assert.Single(batch.Claims).ClaimId);
        Assert.Contains(batch.FileName, result.Message, StringComparison.Ordinal);
        var another = await db.Claims.Where(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null).Select(c => c.Id).FirstAsync();
        await Assert.ThrowsAsync<TriggerForbiddenException>(() => transitions.FireAsync(another, ClaimTrigger.Submit, null, Caller.FromCli(new Actor("coder", ClaimRole.Coder))));
    }

    [Fact]
    public async Task A_claim_the_837P_cannot_carry_is_left_out_and_named_by_control_number_only()
    {
        using var fx = await SubmissionFixture.SeedAsync();
        string control;
        await using (var db = fx.Home.NewContext())
        {
            var claim = await db.Claims.Where(c => c.State == ClaimState.ReadyToSubmit && c.PayerId != null).OrderBy(c => c.Id).FirstAsync();
            control = claim.ControlNumber.Value;
            // A replacement without the payer's claim number (REF*F8) cannot go.
            claim.Fire(ClaimTrigger.Submit, new Actor("b", ClaimRole.Biller), null, fx.Home.Time.GetUtcNow());
            claim.Fire(ClaimTrigger.Deny, new Actor("p", ClaimRole.Payer), "CO-50", fx.Home.Time.GetUtcNow());
            claim.Fire(ClaimTrigger.Correct, new Actor("b", ClaimRole.Biller), "recode", fx.Home.Time.GetUtcNow());
            claim.Fire(ClaimTrigger.CompleteCoding, new Actor("c", ClaimRole.Coder), null, fx.Home.Time.GetUtcNow());
            claim.Fire(ClaimTrigger.VerificationPassed, new Actor("s", ClaimRole.Scrubber), null, fx.Home.Time.GetUtcNow());
            await db.SaveChangesAsync();
        }
        await using (var db = fx.Home.NewContext())
        {
            var run = await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);
            var issue = Assert.Single(run.Excluded, i => i.Code != Submissions.SelfPayIssue);
            Assert.Equal(control, issue.ClaimControlNumber);
            Assert.Contains("F8", issue.Location + issue.Message, StringComparison.Ordinal);
            Assert.Equal(ClaimState.ReadyToSubmit, (await db.Claims.FirstAsync(c => c.ControlNumber == ClaimControlNumber.Parse(control))).State);
            Assert.NotNull(run.Batch);
        }
        await using (var db = fx.Home.NewContext())
        {
            var claim = await db.Claims.FirstAsync(c => c.ControlNumber == ClaimControlNumber.Parse(control));
            claim.SetPayerClaimNumber("PCN000000000042");
            await db.SaveChangesAsync();
            var run = await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller);
            Assert.DoesNotContain(run.Excluded, i => i.Code != Submissions.SelfPayIssue);
            var text = Encoding.ASCII.GetString((await fx.Submissions(db).DownloadAsync(run.Batch!.Id, SubmissionFixture.Biller)).Content);
            Assert.Contains($"CLM*{control}*", text, StringComparison.Ordinal);
            Assert.Contains(":B:7*", text, StringComparison.Ordinal);
            Assert.Contains("~REF*F8*PCN000000000042~", text, StringComparison.Ordinal);
            Assert.Empty(X12Checker.Check(Encoding.ASCII.GetBytes(text)));
        }
    }
}

public sealed class SubmissionKeyRotationTests
{
    [Fact]
    public async Task Key_rotation_rewraps_batch_files_which_still_open()
    {
        using var fx = await SubmissionFixture.SeedAsync(30);
        await using (var db = fx.Home.NewContext())
        {
            Assert.NotNull((await fx.Submissions(db).CreateBatchesAsync(SubmissionFilter.All, SubmissionFixture.Biller)).Batch);
        }
        string newKek;
        await using (var db = fx.Home.NewContext())
        {
            newKek = (await Claims.Security.PhiKeyMaintenance.RotateAsync(db, fx.Home.KeyRing, "admin", "Admin")).NewKekId;
        }
        await using (var db = fx.Home.NewContext())
        {
            var batch = await db.SubmissionBatches.SingleAsync();
            Assert.Equal(newKek, batch.File.KekId);
            Assert.StartsWith("ISA*", Encoding.ASCII.GetString(batch.File.Open(fx.Home.KeyRing, "submission_batches", batch.Id)), StringComparison.Ordinal);
        }
    }
}
