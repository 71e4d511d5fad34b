using Claims.Audit;
using Claims.Domain;
using Claims.Remittance;
using Claims.Statements;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Statements;

/// <summary>
/// Self-pay claims and patient balances on a real SQLite file: a self-pay claim is coded to ReadyToSubmit (never back
/// to coding), kept out of every 837P, billed to the patient with the ledger's PatientTransfer; statements show the
/// patient's services and amounts and nobody else's; payments go oldest claim first, to the cent, never beyond the
/// balance, and a claim paid off closes. Every step leaves its audit entries.
/// </summary>
public sealed class PatientBillingTests : IAsyncLifetime
{
    private static readonly DateOnly March = new(2026, 10, 2);
    private static readonly DateOnly April = new(2026, 11, 2);
    private PatientBillingFixture _fx = null!;

    public async Task InitializeAsync() => _fx = await PatientBillingFixture.CreateAsync();

    public Task DisposeAsync()
    {
        _fx.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_self_pay_claim_goes_from_coding_to_ready_to_submit_and_never_loops()
    {
        var id = await _fx.CodingClaimAsync(_fx.JaneId, April);

        Assert.Equal(ClaimState.ReadyToSubmit, await _fx.CompleteCodingAsync(id));

        await using var db = _fx.Home.NewContext();
        var claim = await db.Claims.Include(c => c.History).SingleAsync(c => c.Id == id);
        Assert.DoesNotContain(claim.History, e => e.Trigger == ClaimTrigger.VerificationFailed);
        Assert.Contains("patient statement", claim.History.OrderBy(e => e.Id).Last().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_self_pay_claim_is_refused_from_an_837P_batch_and_from_submit_with_a_clear_message()
    {
        var id = await _fx.CodingClaimAsync(_fx.JaneId, April);
        await _fx.CompleteCodingAsync(id);

        await using var db = _fx.Home.NewContext();
        var transitions = _fx.Transitions(db);
        var submissions = new Submissions(db, _fx.Home.Time, new SubmissionSettings { Mailbox = "unused" }, new FolderMailbox(Path.Combine(_fx.Home.Home, "clearinghouse")));
        var run = await submissions.CreateBatchesAsync(SubmissionFilter.All, PatientBillingFixture.Biller);
        Assert.Null(run.Batch);
        var issue = Assert.Single(run.Excluded);
        Assert.Equal(Submissions.SelfPayIssue, issue.Code);
        Assert.Contains("bill the patient", issue.Message, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<DomainValidationException>(() => transitions.FireAsync(id, ClaimTrigger.Submit, null, PatientBillingFixture.Biller));
        Assert.Contains("self-pay", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bill patient", error.Message, StringComparison.Ordinal);
        Assert.Equal(ClaimState.ReadyToSubmit, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == id)).State);
        Assert.Equal(0, await db.SubmissionBatches.CountAsync());
    }

    [Fact]
    public async Task Bill_patient_moves_a_self_pay_claim_to_patient_billing_with_its_charges_and_a_SELF_transfer()
    {
        var id = await _fx.BilledSelfPayClaimAsync(_fx.JaneId, April);

        await using var db = _fx.Home.NewContext();
        var claim = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal(ClaimState.PatientBilling, claim.State);
        var rows = await db.LedgerEntries.AsNoTracking().Where(e => e.ClaimId == id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([13000L, 9500L], rows.Where(r => r.Kind == LedgerEntryKind.Charge).Select(r => r.AmountCents));
        var transfers = rows.Where(r => r.Kind == LedgerEntryKind.PatientTransfer).ToList();
        Assert.Equal([13000L, 9500L], transfers.Select(r => r.AmountCents));
        Assert.All(transfers, t => Assert.Equal(("PR", "SELF"), (t.Group, t.Reason)));
        var balance = await ClaimBalance.ForClaimAsync(db, id);
        Assert.Equal((22500L, 22500L, 0L), (balance.BalanceCents, balance.PatientBalanceCents, balance.PayerBalanceCents));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "Ledger" && e.EntityId == id.ToString() && e.PatientPseudonym == "PT-JANE0001" && e.Details!.Contains("SELF")));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Transition && e.EntityId == id.ToString()));
    }

    [Fact]
    public async Task An_insured_claim_ready_to_submit_is_not_billed_to_the_patient_but_a_denial_the_patient_owes_is()
    {
        var insured = await _fx.CodingClaimAsync(_fx.InsuredId, April, insured: true);
        Assert.Equal(ClaimState.ReadyToSubmit, await _fx.CompleteCodingAsync(insured));
        await using (var db = _fx.Home.NewContext())
        {
            var error = await Assert.ThrowsAsync<DomainValidationException>(() => new PatientBilling(db, _fx.Home.Time).BillPatientAsync(insured, PatientBillingFixture.Biller));
            Assert.Contains("has a payer", error.Message, StringComparison.Ordinal);
            var claim = await db.Claims.Include(c => c.History).SingleAsync(c => c.Id == insured);
            claim.Submit(PatientBillingFixture.Biller.Actor, _fx.Home.Time.GetUtcNow());
            claim.Deny(Actor.System(ClaimRole.Payer), "CO-96", _fx.Home.Time.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await using (var db = _fx.Home.NewContext())
        {
            var billed = await new PatientBilling(db, _fx.Home.Time).BillPatientAsync(insured, PatientBillingFixture.Biller, carc: "96", amountCents: 9500);
            Assert.Equal((ClaimState.Denied, ClaimState.PatientBilling, 9500L, "96"), (billed.From, billed.Claim.State, billed.AmountCents, billed.Reason));
        }

        await using var check = _fx.Home.NewContext();
        var balance = await ClaimBalance.ForClaimAsync(check, insured);
        Assert.Equal((22500L, 9500L, 13000L), (balance.BalanceCents, balance.PatientBalanceCents, balance.PayerBalanceCents));
    }

    [Fact]
    public async Task A_statement_shows_the_patients_services_amounts_and_amount_due_and_no_other_patient()
    {
        await _fx.BilledSelfPayClaimAsync(_fx.JaneId, April);
        var richard = await _fx.BilledSelfPayClaimAsync(_fx.RichardId, March, ("99214", 180m));

        await using var db = _fx.Home.NewContext();
        var statements = new PatientStatements(db, _fx.Home.Time, Claims.Coding.CodeSets.Embedded);
        var document = await statements.StatementAsync(_fx.ClinicId, _fx.JaneId, PatientBillingFixture.Biller);

        var text = PdfText.Extract(document.Pdf);
        foreach (var expected in new[] { "Sunrise Family Clinic", "12 Oak St, Springfield, IL 62701-1234", "NPI 1234567893", "Jane Doe", "1 Elm St, Springfield, IL 62701",
                     "2026-11-22", "2026-11-02", "99213", "71046", "130.00", "95.00", "Amount due", "225.00" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        var richardNumber = (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == richard)).ControlNumber.Value;
        foreach (var other in new[] { "Richard", "Roe", "9 Pine Rd", "99214", "180.00", richardNumber, "PT-RICH0002" })
            Assert.DoesNotContain(other, text, StringComparison.Ordinal);
        Assert.Equal(22500, document.AmountDueCents);
        Assert.Equal("statement-PT-JANE0001-20261122.pdf", document.FileName);

        var export = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditAction.Export && e.EntityType == "PatientStatement");
        Assert.Equal(("PT-JANE0001", _fx.JaneId.ToString()), (export.PatientPseudonym, export.EntityId));
        Assert.Contains(document.Sha256, export.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("Doe", export.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clinic_run_makes_one_statement_per_patient_who_owes_and_the_balances_list_names_nobody()
    {
        await _fx.BilledSelfPayClaimAsync(_fx.JaneId, April);
        await _fx.BilledSelfPayClaimAsync(_fx.RichardId, March, ("99214", 180m));

        await using var db = _fx.Home.NewContext();
        var statements = new PatientStatements(db, _fx.Home.Time);
        var run = await statements.ClinicStatementsAsync(_fx.ClinicId, PatientBillingFixture.Biller);
        Assert.Equal(["PT-JANE0001", "PT-RICH0002"], run.Statements.Select(s => s.Pseudonym));
        Assert.Equal([22500L, 18000L], run.Statements.Select(s => s.AmountDueCents));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.Export && e.EntityType == "PatientStatement"));

        var balances = await statements.BalancesAsync(_fx.ClinicId, PatientBillingFixture.Biller);
        Assert.Equal([("PT-JANE0001", 22500L), ("PT-RICH0002", 18000L)], balances.Select(b => (b.Pseudonym, b.PatientBalanceCents)));
        var names = await statements.NamesAsync(_fx.ClinicId, [_fx.JaneId], PatientBillingFixture.Biller);
        Assert.Equal("Jane Doe", names[_fx.JaneId]);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Read && e.EntityType == "Patient" && e.PatientPseudonym == "PT-JANE0001"));
    }

    [Fact]
    public async Task A_payment_lowers_the_balance_to_the_cent_oldest_claim_first_an_overpayment_is_refused_and_a_paid_off_claim_closes()
    {
        var older = await _fx.BilledSelfPayClaimAsync(_fx.JaneId, March, ("99214", 180m));
        var newer = await _fx.BilledSelfPayClaimAsync(_fx.JaneId, April);
        var paidOn = new DateOnly(2026, 11, 20);

        await using (var db = _fx.Home.NewContext())
        {
            var payments = new PatientPayments(db, _fx.Home.Time);
            var first = await payments.RecordAsync(new PatientPaymentRequest(20001, paidOn, PatientPaymentMethod.Check, "1043", PatientId: _fx.JaneId), PatientBillingFixture.Biller);
            Assert.Equal([(older, 18000L, 0L, true), (newer, 2001L, 20499L, false)], first.Applied.Select(a => (a.ClaimId, a.AmountCents, a.PatientBalanceAfterCents, a.Closed)));
            Assert.Equal(20499, first.PatientBalanceAfterCents);

            var refused = await Assert.ThrowsAsync<DomainValidationException>(() => payments.RecordAsync(new PatientPaymentRequest(20500, paidOn, PatientPaymentMethod.Cash, null, PatientId: _fx.JaneId), PatientBillingFixture.Biller));
            Assert.Contains("overpayment refused", refused.Message, StringComparison.Ordinal);
            Assert.Contains("204.99", refused.Message, StringComparison.Ordinal);
        }

        await using (var db = _fx.Home.NewContext())
        {
            Assert.Equal(ClaimState.Closed, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == older)).State);
            var closedBy = await db.Claims.AsNoTracking().Include(c => c.History).Where(c => c.Id == older).SelectMany(c => c.History).OrderBy(e => e.Id).LastAsync();
            Assert.Equal((ClaimTrigger.Close, (string?)null), (closedBy.Trigger, closedBy.Reason));
            Assert.Equal(20499, (await ClaimBalance.ForClaimAsync(db, newer)).PatientBalanceCents);
            var row = await db.LedgerEntries.AsNoTracking().FirstAsync(e => e.ClaimId == newer && e.Kind == LedgerEntryKind.PatientPayment);
            Assert.Equal("check 2026-11-20 1043", row.Reference);

            var last = await new PatientPayments(db, _fx.Home.Time).RecordAsync(new PatientPaymentRequest(20499, paidOn, PatientPaymentMethod.Card, "AUTH77", ClaimId: newer), PatientBillingFixture.Biller);
            Assert.True(last.Applied.Single().Closed);
            Assert.Equal(0, last.PatientBalanceAfterCents);
        }

        await using var check = _fx.Home.NewContext();
        var balance = await ClaimBalance.ForClaimAsync(check, newer);
        Assert.Equal((0L, 0L, 0L), (balance.BalanceCents, balance.PatientBalanceCents, balance.PayerBalanceCents));
        Assert.Equal(ClaimState.Closed, (await check.Claims.AsNoTracking().SingleAsync(c => c.Id == newer)).State);
        Assert.Equal(3, await check.AuditEntries.CountAsync(e => e.EntityType == "PatientPayment" && e.PatientPseudonym == "PT-JANE0001" && e.Outcome == AuditOutcome.Success));
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.EntityType == "PatientPayment" && e.PatientPseudonym == "PT-JANE0001" && e.Outcome == AuditOutcome.Failure));
        var nothing = await Assert.ThrowsAsync<DomainValidationException>(() => new PatientPayments(check, _fx.Home.Time).RecordAsync(new PatientPaymentRequest(100, paidOn, PatientPaymentMethod.Cash, null, PatientId: _fx.JaneId), PatientBillingFixture.Biller));
        Assert.Contains("owes nothing", nothing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_a_patient_billed_claim_with_a_balance_needs_a_reason_and_writes_the_balance_off()
    {
        var id = await _fx.BilledSelfPayClaimAsync(_fx.JaneId, April);

        await using var db = _fx.Home.NewContext();
        var transitions = _fx.Transitions(db);
        await Assert.ThrowsAsync<ReasonRequiredException>(() => transitions.FireAsync(id, ClaimTrigger.Close, null, PatientBillingFixture.Biller));
        var closed = await transitions.FireAsync(id, ClaimTrigger.Close, "Uncollectible after three statements.", PatientBillingFixture.Biller);

        Assert.Equal(ClaimState.Closed, closed.Claim.State);
        var balance = await ClaimBalance.ForClaimAsync(db, id);
        Assert.Equal((0L, 0L, 0L, 22500L), (balance.BalanceCents, balance.PatientBalanceCents, balance.PayerBalanceCents, balance.WrittenOffCents));
    }
}
