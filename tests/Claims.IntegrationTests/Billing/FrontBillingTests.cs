using System.Text;
using Claims.Charges;
using Claims.Coding;
using Claims.Domain;
using Claims.Filing;
using Claims.IntegrationTests.Intake;
using Claims.Intake;
using Claims.Remittance;
using Claims.Scrubbing;
using Microsoft.EntityFrameworkCore;

namespace Claims.IntegrationTests.Billing;

/// <summary>
/// The front half on real SQLite files: the clinic's billing window, filing deadlines deciding the queue and the
/// billers' past-limit list, and charges from the clinic's fee schedule. The test clock reads 2026-11-22.
/// </summary>
public sealed class FrontBillingTests : IAsyncLifetime
{
    private static readonly Caller Admin = Caller.FromCli(new Actor("admin:test", ClaimRole.Admin));
    private static readonly Caller Biller = Caller.FromCli(new Actor("biller:test", ClaimRole.Biller));
    private static readonly Caller Coder = Caller.FromCli(new Actor("coder:test", ClaimRole.Coder));
    private SqliteDatabase _database = null!;

    public async Task InitializeAsync() => _database = await SqliteDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<BundleIntakeResult> IngestAsync(params DateOnly[] dates)
    {
        await using var db = _database.Open();
        return await IntakeTest.IngestAsync(db, _database.Clinic.Id, new MemoryStream(Encoding.UTF8.GetBytes(FrontBillingBundles.For("b-" + Guid.NewGuid().ToString("N"), dates))), _database.Time);
    }

    private Workbench NewWorkbench(Claims.Persistence.ClaimsDbContext db) => new(db, _database.Time, new Scrubber(CodeSets.Embedded));

    [Fact]
    public async Task Encounters_before_the_bill_from_date_are_kept_as_history_and_the_outcome_says_how_many_and_why()
    {
        await using (var db = _database.Open()) await new ClinicDirectory(db).SetBillFromAsync(_database.Clinic.Id, new DateOnly(2026, 1, 1), Admin);

        var result = await IngestAsync(new DateOnly(2025, 6, 1), new DateOnly(2025, 12, 31), new DateOnly(2026, 10, 1));

        Assert.Equal(BundleIntakeStatus.Ingested, result.Status);
        Assert.Single(result.CreatedClaimIds);
        Assert.Equal(2, result.HistoryEncounters);
        var outcome = OperationOutcomes.ToJson(result.Issues);
        Assert.Contains("2 encounter(s) before the clinic's bill-from date 2026-01-01 are kept as clinical history", outcome, StringComparison.Ordinal);
        Assert.Contains(result.Issues, i => i.Severity == IntakeSeverity.Information && i.Message.StartsWith("2 encounter(s) before", StringComparison.Ordinal));
        Assert.Equal(200, OperationOutcomes.HttpStatus(result.Issues));

        await using var check = _database.Open();
        var claim = await check.Claims.SingleAsync();
        Assert.Equal(new DateOnly(2026, 10, 1), claim.ServiceFrom);
        var history = await EarlierHistory.ForClaimAsync(check, claim);
        Assert.Equal([new DateOnly(2025, 12, 31), new DateOnly(2025, 6, 1)], history.Select(h => h.ServiceFrom));
        Assert.Contains(history[0].Items(), i => i.Code == "185349003");
        Assert.Contains(await check.AuditEntries.ToListAsync(), e => e.EntityType == "Clinic" && (e.Details ?? "").Contains("bill-from", StringComparison.Ordinal));

        // The same encounters again (another bundle) add no second copy of the history.
        await IngestAsync(new DateOnly(2025, 6, 1), new DateOnly(2025, 12, 31), new DateOnly(2026, 10, 1));
        await using var again = _database.Open();
        Assert.Equal(2, await again.ClinicalHistory.CountAsync());
    }

    [Fact]
    public async Task A_claim_past_its_filing_limit_at_intake_is_listed_for_the_biller_and_never_served_by_take_next()
    {
        var result = await IngestAsync(new DateOnly(2025, 1, 10), new DateOnly(2026, 10, 1));

        Assert.Equal(2, result.CreatedClaimIds.Count);
        Assert.Equal(1, result.PastFilingLimit);
        Assert.Contains(result.Issues, i => i.Severity == IntakeSeverity.Information && i.Message.StartsWith("1 claim(s) are already past their payer's timely filing limit", StringComparison.Ordinal));

        await using var db = _database.Open();
        var rows = await new FilingDecisions(db, _database.Time).ListAsync(null, Biller);
        var row = Assert.Single(rows);
        Assert.Equal(new DateOnly(2025, 1, 10), row.ServiceFrom);
        Assert.Equal(new DateOnly(2026, 1, 10), row.FilingDeadline);
        Assert.Equal(316, row.DaysPast);

        var taken = await NewWorkbench(db).TakeNextAsync(Coder);
        Assert.Equal(new DateOnly(2026, 10, 1), taken!.ServiceFrom);
        await using var other = _database.Open();
        Assert.Null(await NewWorkbench(other).TakeNextAsync(Caller.FromCli(new Actor("coder:other", ClaimRole.Coder))));
        var queue = await WorkQueue.QueryAsync(other, new WorkQueueFilter { AsOf = _database.Time.GetUtcNow() });
        Assert.DoesNotContain(queue.Rows, r => r.Id == row.Id);
        await Assert.ThrowsAsync<ClaimNotEditableException>(() => NewWorkbench(other).TakeAsync(row.Id, Coder));
    }

    [Fact]
    public async Task A_biller_writes_a_past_limit_claim_off_as_CO_29_with_write_off_rows_for_its_charges_and_an_audit_entry()
    {
        await IngestAsync(new DateOnly(2025, 1, 10));
        await using var db = _database.Open();
        var id = (await new FilingDecisions(db, _database.Time).ListAsync(null, Biller)).Single().Id;

        var closed = await new FilingDecisions(db, _database.Time).WriteOffAsync(id, "no proof of timely filing", Biller);

        Assert.Equal(ClaimState.Closed, closed.State);
        await using var check = _database.Open();
        var claim = await check.Claims.Include(c => c.History).SingleAsync(c => c.Id == id);
        var last = claim.History.OrderBy(e => e.Id).Last();
        Assert.Equal(ClaimTrigger.Close, last.Trigger);
        Assert.StartsWith("CO-29", last.Reason, StringComparison.Ordinal);
        var ledger = await check.LedgerEntries.Where(e => e.ClaimId == id).ToListAsync();
        Assert.Equal(claim.TotalCharge.Cents, ledger.Where(e => e.Kind == LedgerEntryKind.Charge).Sum(e => e.AmountCents));
        var writeOffs = ledger.Where(e => e.Kind == LedgerEntryKind.WriteOff).ToList();
        Assert.Equal(claim.TotalCharge.Cents, writeOffs.Sum(e => e.AmountCents));
        Assert.All(writeOffs, e => Assert.Equal(("CO", "29"), (e.Group, e.Reason)));
        Assert.True(claim.TotalCharge.Cents > 0);
        Assert.Contains(await check.AuditEntries.ToListAsync(), e => e.EntityId == id.ToString() && (e.Details ?? "").Contains("filing write-off CO-29", StringComparison.Ordinal));
        Assert.Empty(await new FilingDecisions(check, _database.Time).ListAsync(null, Biller));
    }

    [Fact]
    public async Task Releasing_a_past_limit_claim_needs_the_proof_as_reason_and_puts_it_in_the_coders_queue()
    {
        await IngestAsync(new DateOnly(2025, 1, 10));
        await using var db = _database.Open();
        var filing = new FilingDecisions(db, _database.Time);
        var id = (await filing.ListAsync(null, Biller)).Single().Id;

        await Assert.ThrowsAsync<DomainValidationException>(() => filing.ReleaseAsync(id, "  ", Biller));
        await Assert.ThrowsAsync<TriggerForbiddenException>(() => filing.ReleaseAsync(id, "proof", Coder));
        await using (var none = _database.Open()) Assert.Null(await NewWorkbench(none).TakeNextAsync(Coder));

        await using (var release = _database.Open()) await new FilingDecisions(release, _database.Time).ReleaseAsync(id, "Payer's 277CA accepted the first submission on 2025-02-01", Biller);

        await using var check = _database.Open();
        Assert.False((await check.Claims.SingleAsync(c => c.Id == id)).PastFilingLimit);
        Assert.Contains(await check.AuditEntries.ToListAsync(), e => e.EntityId == id.ToString() && e.ActorRole == "Biller" && (e.Details ?? "").Contains("filing release", StringComparison.Ordinal));
        Assert.Equal(id, (await NewWorkbench(check).TakeNextAsync(Coder))!.Id);
    }

    [Fact]
    public async Task Take_next_serves_the_claim_whose_filing_deadline_comes_first_not_the_oldest_service()
    {
        Guid soonest;
        await using (var db = _database.Open())
        {
            var patient = new Patient(_database.Clinic.Id, "PT-DEADLINE", AdministrativeSex.Female, 1970);
            var slow = new Payer("Slow payer (test)", "TEST-SLOW", 365);
            var quick = new Payer("Quick payer (test)", "TEST-QUICK", 90);
            db.AddRange(patient, slow, quick);
            Claim NewClaim(Payer payer, DateOnly served)
            {
                var claim = new Claim(ClaimControlNumber.New(served, n => Random.Shared.Next(n)), _database.Clinic.Id, patient.Id, null, payer.Id, _database.Clinic.Npi, null, served, served, PlaceOfService.Office);
                claim.SetFilingDeadline(payer.FilingDeadline(served), new DateOnly(2026, 11, 22));
                return claim;
            }
            // Served earlier but due later (2027-06-01) vs served later but due sooner (2027-01-30).
            var older = NewClaim(slow, new DateOnly(2026, 6, 1));
            var sooner = NewClaim(quick, new DateOnly(2026, 11, 1));
            db.Claims.AddRange(older, sooner);
            await db.SaveChangesAsync();
            soonest = sooner.Id;
        }

        await using var take = _database.Open();
        var first = await NewWorkbench(take).TakeNextAsync(Coder);
        Assert.Equal(soonest, first!.Id);
        Assert.Equal(new DateOnly(2027, 1, 30), first.FilingDeadline);
        var queue = await WorkQueue.QueryAsync(take, new WorkQueueFilter { AsOf = _database.Time.GetUtcNow() });
        Assert.Equal(new DateOnly(2027, 1, 30), queue.Rows.Single(r => r.Id == soonest).DueDate);
    }

    [Fact]
    public async Task A_fee_schedule_file_imports_whole_or_not_at_all_with_each_bad_line_named()
    {
        await using var db = _database.Open();
        var fees = new FeeSchedules(db);
        const string bad = "code,charge,effective_from\n99213,130.00,2025-01-01\n9921,130.00,2025-01-01\n36415,-2,2025-01-01\n80053,38.00,2025-13-01\n99213,140.00,2025-01-01\n";

        var rejected = await fees.ImportAsync(_database.Clinic.Id, new StringReader(bad), Admin);

        Assert.True(rejected.IsRejected);
        Assert.Equal([3, 4, 5, 6], rejected.Errors.Select(e => e.Line));
        Assert.Contains("'9921' is not a CPT or HCPCS code", rejected.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("already on line 2", rejected.Errors[3].Message, StringComparison.Ordinal);
        Assert.Empty(await fees.ListAsync(_database.Clinic.Id));
        Assert.True((await fees.ImportAsync(_database.Clinic.Id, new StringReader("wrong,header\n99213,1.00,2025-01-01\n"), Admin)).IsRejected);

        var good = await fees.ImportAsync(_database.Clinic.Id, new StringReader("code,charge,effective_from\n99213,130.00,2025-01-01\n36415,$12.00,2025-01-01\n\n"), Admin);
        Assert.Equal((2, 0, 0), (good.Added, good.Repriced, good.Unchanged));
        var again = await fees.ImportAsync(_database.Clinic.Id, new StringReader("code,charge,effective_from\n99213,135.00,2025-01-01\n36415,12.00,2025-01-01\n99213,140.00,2026-01-01\n"), Admin);
        Assert.Equal((1, 1, 1), (again.Added, again.Repriced, again.Unchanged));
        var rows = await fees.ListAsync(_database.Clinic.Id);
        Assert.Equal(["36415 12.00 2025-01-01", "99213 140.00 2026-01-01", "99213 135.00 2025-01-01"], rows.Select(r => $"{r.Code.Value} {r.Charge} {r.EffectiveFrom:yyyy-MM-dd}"));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityType == "FeeSchedule")); // a rejected file changes nothing and records nothing
    }

    [Fact]
    public async Task Intake_lines_without_a_charge_take_the_fee_in_force_on_the_date_of_service_and_an_item_net_wins()
    {
        await using (var db = _database.Open())
        {
            await new FeeSchedules(db).ImportAsync(_database.Clinic.Id, new StringReader("code,charge,effective_from\n99213,150.00,2020-01-01\n36415,10.00,2020-01-01\n36415,12.00,2026-06-01\n"), Admin);
        }

        await IngestAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 10, 1));

        await using var check = _database.Open();
        var claims = await check.Claims.OrderBy(c => c.ServiceFrom).ToListAsync();
        Assert.Equal([("99213", 9900L), ("36415", 1000L)], claims[0].Lines.Select(l => (l.Code.Value, l.Charge.Cents)));
        Assert.Equal([("99213", 9900L), ("36415", 1200L)], claims[1].Lines.Select(l => (l.Code.Value, l.Charge.Cents)));
        Assert.Equal(11100, claims[1].TotalCharge.Cents);
    }

    [Fact]
    public async Task A_line_added_without_a_charge_takes_the_clinics_fee_and_without_a_fee_the_scrubber_says_CHARGE_MISSING()
    {
        await IngestAsync(new DateOnly(2026, 10, 1));
        await using (var db = _database.Open()) await new FeeSchedules(db).SetAsync(_database.Clinic.Id, "99214", "190.00", new DateOnly(2020, 1, 1), Admin);
        Guid id;
        await using (var db = _database.Open()) id = (await NewWorkbench(db).TakeNextAsync(Coder))!.Id;

        await using (var db = _database.Open())
        {
            var added = await NewWorkbench(db).AddLineAsync(id, Coder, null, new LineEntry("99214", null, 2, null, "1"));
            Assert.Contains("Charge 380.00 from the clinic's fee schedule", added.Message, StringComparison.Ordinal);
        }
        await using (var db = _database.Open())
        {
            var stated = await NewWorkbench(db).AddLineAsync(id, Coder, null, new LineEntry("99214", "25", 1, "50.00", "1"));
            Assert.Equal(5000, stated.Claim.Lines[^1].Charge.Cents);
        }
        await using (var db = _database.Open())
        {
            var unpriced = await NewWorkbench(db).AddLineAsync(id, Coder, null, new LineEntry("93000", null, 1, null, "1"));
            Assert.Contains("has no fee for 93000", unpriced.Message, StringComparison.Ordinal);
        }

        await using (var db = _database.Open())
        {
            var done = await NewWorkbench(db).CompleteCodingAsync(id, Coder);
            Assert.Equal(ClaimState.Coding, done.Claim.State);
            Assert.Contains("CHARGE-MISSING", done.Message, StringComparison.Ordinal);
        }
        await using var check = _database.Open();
        var claim = await check.Claims.SingleAsync(c => c.Id == id);
        Assert.Equal([9900L, 0L, 38000L, 5000L, 0L], claim.Lines.Select(l => l.Charge.Cents));
    }
}
