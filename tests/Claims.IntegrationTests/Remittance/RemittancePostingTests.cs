using System.Text;
using Claims.Audit;
using Claims.Demo;
using Claims.Domain;
using Claims.Remittance;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Remittance;

/// <summary>
/// 835 and 277CA posting on a real SQLite file over demo claims: the claim moves by its verbs, the ledger gets
/// immutable rows whose sums are the balances, the same transaction never posts twice, and whatever does not balance
/// or match waits in the exceptions table without touching a claim.
/// Formulas (ClaimBalance): balance = charges - paid - contractual; patient = PR; payer = balance - patient.
/// </summary>
public sealed class RemittancePostingTests : IDisposable
{
    private static readonly Caller Biller = Caller.FromCli(new Actor("biller@test", ClaimRole.Biller));
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    /// <summary>Demo claims, every ReadyToSubmit one submitted: the Submitted and Accepted claims a payer can answer.</summary>
    private async Task<List<Claim>> PayableClaimsAsync(int patients = 40)
    {
        await using var db = await _home.MigratedContextAsync();
        await DemoSeeder.SeedAsync(db, patients, 11, _home.Time);
        foreach (var ready in await db.Claims.Where(c => c.State == ClaimState.ReadyToSubmit).ToListAsync())
            ready.Submit(new Actor("biller@test", ClaimRole.Biller), _home.Time.GetUtcNow());
        await db.SaveChangesAsync();
        return await db.Claims.AsNoTracking().Where(c => c.State == ClaimState.Submitted || c.State == ClaimState.Accepted)
            .OrderBy(c => c.ControlNumber).ToListAsync();
    }

    private async Task<RemittancePostingResult> PostAsync(string x12)
    {
        await using var db = _home.NewContext();
        var posting = new RemittancePosting(db, _home.Time);
        RemittancePostingResult? last = null;
        foreach (var document in RemittanceFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(x12))))
        {
            last = document switch
            {
                RemittanceAdvice a => await posting.PostAsync(a, Biller),
                ClaimAcknowledgment c => await posting.PostAsync(c, Biller),
                _ => throw new InvalidOperationException("not postable"),
            };
        }
        return last!;
    }

    private async Task<(Claim Claim, ClaimBalance Balance)> ReloadAsync(Guid id)
    {
        await using var db = _home.NewContext();
        return (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == id), await ClaimBalance.ForClaimAsync(db, id));
    }

    /// <summary>Each line paid 60 %, CO-45 20 %, PR-2 coinsurance the rest; a PR-1 deductible of 10.00 on the first line.</summary>
    private static Clp PaidWithContractualAndPatient(Claim claim, string payerClaim = "PCN1")
    {
        var lines = claim.Lines.Select((l, i) =>
        {
            var charge = l.Charge.Cents;
            var contractual = charge / 5;
            var deductible = i == 0 ? Math.Min(1000, charge - contractual) : 0;
            var coinsurance = (charge - contractual - deductible) / 4;
            Cas[] cas = deductible > 0
                ? [new("CO", "45", contractual), new("PR", "1", deductible), new("PR", "2", coinsurance)]
                : [new("CO", "45", contractual), new("PR", "2", coinsurance)];
            return new Svc(l.Code.Value, [.. l.Modifiers.Select(m => m.Value)], charge, cas, Allowed: charge - contractual, Remarks: i == 0 ? ["N130"] : null);
        }).ToArray();
        return new Clp(claim.ControlNumber.Value, "1", lines, [], payerClaim);
    }

    [Fact]
    public async Task A_payment_with_PR_1_and_2_and_CO_45_pays_the_claim_leaves_the_patient_the_PR_sum_and_nothing_open_with_the_payer()
    {
        var claim = (await PayableClaimsAsync())[0];
        var clp = PaidWithContractualAndPatient(claim, "PAYER-77");

        var result = await PostAsync(Remit835.Write([clp], "TRACE1"));

        Assert.Equal((1, 0, false), (result.Posted, result.Exceptions.Count, result.AlreadyPosted));
        var (after, balance) = await ReloadAsync(claim.Id);
        Assert.Equal(ClaimState.Paid, after.State);
        Assert.Equal("PAYER-77", after.PayerClaimNumber);
        var contractual = clp.Lines.SelectMany(l => l.Adjustments).Where(a => a.Group == "CO").Sum(a => a.Cents);
        Assert.Equal(claim.TotalCharge.Cents, balance.ChargeCents);
        Assert.Equal(clp.Paid, balance.PaidCents);
        Assert.Equal(contractual, balance.ContractualCents);
        Assert.Equal(clp.PatientResponsibility, balance.PatientBalanceCents);
        Assert.Equal(0, balance.PayerBalanceCents);
        Assert.Equal(clp.PatientResponsibility, balance.BalanceCents);

        await using var db = _home.NewContext();
        Assert.Equal(claim.Lines.Count, await db.LedgerEntries.CountAsync(e => e.ClaimId == claim.Id && e.Kind == LedgerEntryKind.Charge));
        var audit = await db.AuditEntries.Where(e => e.EntityType == "Remittance").SingleAsync();
        Assert.Contains("claims=1", audit.Details, StringComparison.Ordinal);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.Transition && e.EntityId == claim.Id.ToString() && e.Details!.Contains("trigger=Pay")));
        Assert.True((await AuditVerifier.VerifyAsync(db, _home.KeyRing)).Intact);

        var eob = await ExplanationOfBenefits.ForClaimAsync(db, claim.Id);
        var payment = Assert.Single(eob.Payments);
        Assert.Equal(claim.Lines.Select(l => (int?)l.LineNumber), payment.Lines.Select(l => l.LineNumber));
        Assert.Equal("Deductible Amount", payment.Lines[0].Adjustments.Single(a => a.Reason == "1").ReasonText);
        Assert.Contains("contracted", payment.Lines[0].Adjustments.Single(a => a.Reason == "45").ReasonText, StringComparison.Ordinal);
        Assert.Equal("N130", payment.Lines[0].Remarks.Single().Code);
        Assert.Equal(claim.Lines[0].Charge.Cents - (claim.Lines[0].Charge.Cents / 5), payment.Lines[0].AllowedCents);
    }

    [Fact]
    public async Task A_denial_stays_Denied_with_its_whole_charge_open_and_nothing_written_off()
    {
        var claims = await PayableClaimsAsync();
        var (first, second) = (claims[0], claims[1]);
        // One denied as payers usually do (CLP02 1, paid 0, CO-50 on every line), one with CLP02 4.
        Clp Denied(Claim c, string status) => new(c.ControlNumber.Value, status,
            [.. c.Lines.Select(l => new Svc(l.Code.Value, [.. l.Modifiers.Select(m => m.Value)], l.Charge.Cents, [new Cas("CO", "50", l.Charge.Cents)], Remarks: ["N115"]))], []);

        var result = await PostAsync(Remit835.Write([Denied(first, "1"), Denied(second, "4")], "TRACE-DENY"));

        Assert.Equal(2, result.Posted);
        foreach (var c in new[] { first, second })
        {
            var (after, balance) = await ReloadAsync(c.Id);
            Assert.Equal(ClaimState.Denied, after.State);
            Assert.Equal((c.TotalCharge.Cents, 0L, 0L, c.TotalCharge.Cents), (balance.BalanceCents, balance.PaidCents, balance.ContractualCents, balance.PayerBalanceCents));
            Assert.Equal(c.TotalCharge.Cents, balance.DeniedCents);
            Assert.Equal(0, balance.PatientBalanceCents);
        }
        await using var db = _home.NewContext();
        Assert.Contains("CO-50", (await db.ClaimEvents.Where(e => e.ClaimId == first.Id && e.Trigger == ClaimTrigger.Deny).SingleAsync()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_denied_for_bundling_makes_the_claim_partially_paid_and_keeps_that_line_open_with_the_payer()
    {
        var claim = (await PayableClaimsAsync()).First(c => c.Lines.Count >= 2);
        var lines = claim.Lines.Select((l, i) => new Svc(l.Code.Value, [.. l.Modifiers.Select(m => m.Value)], l.Charge.Cents,
            i == 1 ? [new Cas("CO", "97", l.Charge.Cents)] : [new Cas("CO", "45", 500)], Remarks: i == 1 ? ["M15"] : null)).ToArray();
        var clp = new Clp(claim.ControlNumber.Value, "1", lines, []);

        await PostAsync(Remit835.Write([clp], "TRACE-PART"));

        var (after, balance) = await ReloadAsync(claim.Id);
        Assert.Equal(ClaimState.PartiallyPaid, after.State);
        Assert.Equal(claim.Lines[1].Charge.Cents, balance.PayerBalanceCents);
        Assert.Equal(claim.Lines[1].Charge.Cents, balance.DeniedCents);
    }

    [Fact]
    public async Task The_same_835_posted_twice_posts_nothing_the_second_time_even_in_a_new_envelope()
    {
        var claim = (await PayableClaimsAsync())[0];
        var clp = PaidWithContractualAndPatient(claim);
        await PostAsync(Remit835.Write([clp], "TRACE-TWICE"));
        await using var before = _home.NewContext();
        var (rows, version, audit) = (await before.LedgerEntries.CountAsync(), (await before.Claims.SingleAsync(c => c.Id == claim.Id)).Version, await before.AuditEntries.CountAsync());

        var again = await PostAsync(Remit835.Write([clp], "TRACE-TWICE"));
        var resent = await PostAsync(Remit835.Write([clp], "TRACE-TWICE", interchange: "000000999"));

        Assert.True(again.AlreadyPosted && resent.AlreadyPosted);
        Assert.Equal((0, 0), (again.Posted, resent.Posted));
        await using var after = _home.NewContext();
        Assert.Equal(rows, await after.LedgerEntries.CountAsync());
        Assert.Equal(version, (await after.Claims.SingleAsync(c => c.Id == claim.Id)).Version);
        Assert.Equal(audit, await after.AuditEntries.CountAsync());
        Assert.Equal(1, await after.PostedDocuments.CountAsync());
    }

    [Fact]
    public async Task An_835_whose_payment_does_not_balance_lands_in_exceptions_and_changes_no_claim()
    {
        var claims = await PayableClaimsAsync();
        var clps = claims.Take(3).Select(c => PaidWithContractualAndPatient(c)).ToList();

        var result = await PostAsync(Remit835.Write(clps, "TRACE-BAD", payment: clps.Sum(c => c.Paid) + 1));

        Assert.Equal(0, result.Posted);
        Assert.All(result.Exceptions, x => Assert.Equal(RemittanceExceptionReason.TransactionUnbalanced, x.Reason));
        await using var db = _home.NewContext();
        Assert.Equal(3, await db.RemittanceExceptions.CountAsync(x => x.Reason == RemittanceExceptionReason.TransactionUnbalanced));
        Assert.Equal(0, await db.LedgerEntries.CountAsync());
        foreach (var c in claims.Take(3))
        {
            var now = await db.Claims.AsNoTracking().SingleAsync(x => x.Id == c.Id);
            Assert.Equal((c.State, c.Version), (now.State, now.Version));
        }
    }

    [Fact]
    public async Task An_unbalanced_claim_an_unknown_claim_and_a_claim_that_cannot_take_a_payment_wait_as_exceptions_while_the_rest_posts()
    {
        var claims = await PayableClaimsAsync();
        await using (var seeded = _home.NewContext())
        {
            var received = await seeded.Claims.AsNoTracking().FirstAsync(c => c.State == ClaimState.Received && c.Lines.Count > 0);
            var good = PaidWithContractualAndPatient(claims[0]);
            var unbalanced = PaidWithContractualAndPatient(claims[1]);
            unbalanced = unbalanced with { Lines = [unbalanced.Lines[0] with { PaidOverride = unbalanced.Lines[0].Paid - 1 }, .. unbalanced.Lines.Skip(1)] };
            var unknown = PaidWithContractualAndPatient(claims[2]) with { ControlNumber = "CNOSUCHCLAIM01" };
            var wrongState = PaidWithContractualAndPatient(received);
            // BPR written to balance the file as sent (the payer's arithmetic is wrong in one claim only).
            var x12 = Remit835.Write([good, unbalanced, unknown, wrongState], "TRACE-MIX");

            var result = await PostAsync(x12);

            Assert.Equal(1, result.Posted);
            Assert.Equal(
                [RemittanceExceptionReason.ClaimUnbalanced, RemittanceExceptionReason.UnknownClaim, RemittanceExceptionReason.StateCannotTake],
                result.Exceptions.Select(x => x.Reason));
            Assert.Equal(ClaimState.Received, (await ReloadAsync(received.Id)).Claim.State);
            Assert.Equal(claims[1].State, (await ReloadAsync(claims[1].Id)).Claim.State);
            Assert.Equal(0, (await ReloadAsync(claims[1].Id)).Balance.ChargeCents);
            Assert.Equal(ClaimState.Paid, (await ReloadAsync(claims[0].Id)).Claim.State);
        }
    }

    [Fact]
    public async Task A_reversal_undoes_the_earlier_posting_and_the_corrected_payment_after_it_posts()
    {
        var claim = (await PayableClaimsAsync())[0];
        var original = PaidWithContractualAndPatient(claim);
        await PostAsync(Remit835.Write([original], "TRACE-ORIG"));
        var corrected = original with
        {
            Lines = [.. original.Lines.Select(l => l with { Adjustments = [new Cas("CO", "45", l.Charge / 10)], Allowed = l.Charge - (l.Charge / 10), Remarks = null })],
            PayerClaimNumber = "PCN2",
        };

        var result = await PostAsync(Remit835.Write([original.Reversal(), corrected], "TRACE-FIX"));

        Assert.Equal((2, 0), (result.Posted, result.Exceptions.Count));
        var (after, balance) = await ReloadAsync(claim.Id);
        Assert.Equal(ClaimState.Paid, after.State);
        Assert.Equal("PCN2", after.PayerClaimNumber);
        Assert.Equal((corrected.Paid, 0L, 0L), (balance.PaidCents, balance.PatientBalanceCents, balance.PayerBalanceCents));
        Assert.Equal(claim.TotalCharge.Cents - corrected.Paid, balance.ContractualCents);
        await using var db = _home.NewContext();
        Assert.Equal([ClaimTrigger.Pay, ClaimTrigger.Reverse, ClaimTrigger.Pay],
            await db.ClaimEvents.Where(e => e.ClaimId == claim.Id && e.ActorRole == ClaimRole.Payer && e.At == _home.Time.GetUtcNow()).OrderBy(e => e.Id).Select(e => e.Trigger).ToListAsync());
        Assert.Equal(3, (await ExplanationOfBenefits.ForClaimAsync(db, claim.Id)).Payments.Count);
    }

    [Fact]
    public async Task A_reversal_with_nothing_to_reverse_is_an_exception()
    {
        var claim = (await PayableClaimsAsync())[0];

        var result = await PostAsync(Remit835.Write([PaidWithContractualAndPatient(claim).Reversal()], "TRACE-REV"));

        Assert.Equal(RemittanceExceptionReason.ReversalUnmatched, Assert.Single(result.Exceptions).Reason);
        Assert.Equal(claim.State, (await ReloadAsync(claim.Id)).Claim.State);
    }

    [Fact]
    public async Task Posting_then_reversing_random_remittances_brings_every_payment_sum_back_to_zero_and_the_claims_back_to_Accepted()
    {
        var claims = (await PayableClaimsAsync(30)).Where(c => c.Lines.Count > 0).Take(8).ToList();
        var round = 0;
        var share =
            from paidShare in Gen.Choose(0, 100)
            from contractualShare in Gen.Choose(0, 100)
            from reason in Gen.Elements("1", "2", "3")
            from denial in Gen.Elements("45", "97", "50", "16")
            select (paidShare, contractualShare, reason, denial);
        var remits = Gen.CollectToArray(Enumerable.Range(0, claims.Count), _ => share);

        var property = Prop.ForAll(Arb.From(remits), shares =>
        {
            round++;
            var clps = claims.Select((c, i) =>
            {
                var (paidShare, contractualShare, reason, denial) = shares[i];
                return new Clp(c.ControlNumber.Value, "1", [.. c.Lines.Select(l =>
                {
                    var paid = l.Charge.Cents * paidShare / 100;
                    var contractual = (l.Charge.Cents - paid) * contractualShare / 100;
                    return new Svc(l.Code.Value, [.. l.Modifiers.Select(m => m.Value)], l.Charge.Cents,
                        [new Cas("CO", denial, contractual), new Cas("PR", reason, l.Charge.Cents - paid - contractual)]);
                })], []);
            }).ToList();
            var posted = PostAsync(Remit835.Write(clps, $"PAY{round}")).GetAwaiter().GetResult();
            var reversed = PostAsync(Remit835.Write([.. clps.Select(c => c.Reversal())], $"REV{round}")).GetAwaiter().GetResult();
            var ok = posted.Exceptions.Count == 0 && reversed.Exceptions.Count == 0;
            foreach (var c in claims)
            {
                var (after, balance) = ReloadAsync(c.Id).GetAwaiter().GetResult();
                ok &= after.State == ClaimState.Accepted && balance.ChargeCents == c.TotalCharge.Cents
                    && balance.PaidCents == 0 && balance.ContractualCents == 0 && balance.PatientResponsibilityCents == 0 && balance.DeniedCents == 0
                    && balance.BalanceCents == c.TotalCharge.Cents && balance.PayerBalanceCents == c.TotalCharge.Cents;
            }
            return ok;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12), property);
    }

    [Fact]
    public async Task Provider_level_adjustments_become_payer_level_ledger_rows()
    {
        var claim = (await PayableClaimsAsync())[0];

        await PostAsync(Remit835.Write([PaidWithContractualAndPatient(claim)], "TRACE-PLB", plb: [("L6", -250), ("WO", 1000)]));

        await using var db = _home.NewContext();
        var rows = await db.LedgerEntries.Where(e => e.Kind == LedgerEntryKind.ProviderAdjustment).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([("L6", -250L), ("WO", 1000L)], rows.Select(r => (r.Reason!, r.AmountCents)));
        Assert.All(rows, r => Assert.Null(r.ClaimId));
        var payer = await db.Payers.Where(p => p.PayerId == Remit835.PayerId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync();
        Assert.All(rows, r => Assert.Equal(payer, r.PayerId));
    }

    [Fact]
    public async Task Ledger_rows_cannot_be_changed_or_deleted()
    {
        var claim = (await PayableClaimsAsync())[0];
        await PostAsync(Remit835.Write([PaidWithContractualAndPatient(claim)], "TRACE-RO"));

        await using var db = _home.NewContext();
        var row = await db.LedgerEntries.FirstAsync();
        db.LedgerEntries.Remove(row);
        await Assert.ThrowsAsync<AuditAppendOnlyException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_277CA_A2_accepts_with_the_payer_claim_number_and_A7_rejects_with_the_status_code_and_no_free_text()
    {
        var submitted = (await PayableClaimsAsync()).Where(c => c.State == ClaimState.Submitted).Take(2).ToList();

        var result = await PostAsync(Remit835.Write277([(submitted[0].ControlNumber.Value, "A2:20:PR", "PAYER-1K-1"), (submitted[1].ControlNumber.Value, "A7:562:85", null), ("CNOSUCH0001", "A2:20", null)]));

        Assert.Equal(2, result.Posted);
        Assert.Equal(RemittanceExceptionReason.UnknownClaim, Assert.Single(result.Exceptions).Reason);
        var accepted = (await ReloadAsync(submitted[0].Id)).Claim;
        Assert.Equal((ClaimState.Accepted, "PAYER-1K-1"), (accepted.State, accepted.PayerClaimNumber));
        Assert.Equal(ClaimState.Rejected, (await ReloadAsync(submitted[1].Id)).Claim.State);
        await using var db = _home.NewContext();
        var reason = (await db.ClaimEvents.SingleAsync(e => e.ClaimId == submitted[1].Id && e.Trigger == ClaimTrigger.Reject)).Reason;
        Assert.Equal("277CA A7:562 Rejected for invalid information (entity 85)", reason);
        Assert.True((await PostAsync(Remit835.Write277([(submitted[0].ControlNumber.Value, "A2:20:PR", "PAYER-1K-1"), (submitted[1].ControlNumber.Value, "A7:562:85", null), ("CNOSUCH0001", "A2:20", null)]))).AlreadyPosted);
    }

    [Fact]
    public async Task Public_samples_read_and_post_only_as_exceptions_when_no_claim_of_ours_matches()
    {
        await PayableClaimsAsync(5);
        var sample = await File.ReadAllTextAsync(Fixtures.Path("x12", "oopfactory-x12parser", "INS", "_835", "_5010", "ExampleFromNth.txt"));
        await using var db = _home.NewContext();
        var posting = new RemittancePosting(db, _home.Time);
        var results = new List<RemittancePostingResult>();
        foreach (var document in RemittanceFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(sample))))
            results.Add(await posting.PostAsync((RemittanceAdvice)document, Biller));

        Assert.Equal(0, results.Sum(r => r.Posted));
        Assert.All(results.SelectMany(r => r.Exceptions), x => Assert.True(x.Reason is RemittanceExceptionReason.UnknownClaim or RemittanceExceptionReason.ClaimUnbalanced or RemittanceExceptionReason.TransactionUnbalanced, x.Reason.ToString()));
        Assert.Equal(0, await db.LedgerEntries.CountAsync(e => e.ClaimId != null));
    }

    [Fact]
    public void Lines_match_by_code_and_position_when_the_payer_reorders_lines_and_drops_modifiers()
    {
        var claim = new Claim(ClaimControlNumber.Parse("C26001AAAAAAAAAA"), Guid.NewGuid(), Guid.NewGuid(), null, null, Npi.Parse("1234567893"), null,
            new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 5), PlaceOfService.Parse("11"));
        claim.SetDiagnoses([Icd10Code.Parse("J20.9")]);
        claim.AddLine(ProcedureCode.Parse("99213"), [Modifier.Parse("25")], 1, Money.Of(100), [1]);
        claim.AddLine(ProcedureCode.Parse("96372"), [], 1, Money.Of(30), [1]);
        claim.AddLine(ProcedureCode.Parse("96372"), [Modifier.Parse("59")], 1, Money.Of(30), [1]);
        ServicePayment Line(string code, params string[] modifiers) =>
            new(new ServiceCode("HC", code, modifiers, null), 0, 0, null, 1, null, null, null, null, null, [], null, [], [], null, [], 0);

        var matched = RemittanceLineMatcher.Match(claim.Lines, [Line("96372", "59"), Line("99213"), Line("96372"), Line("85025")]);

        Assert.Equal([3, 1, 2, null], matched);
    }
}
