using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Denials;

/// <summary>
/// What a biller does with a denial, each act one transaction with its audit entries: correct and resubmit (the same
/// claim re-framed as a replacement, frequency 7 with REF*F8 = the payer's claim number, back to coding), void
/// (frequency 8, sent by the next submission run), write off (WriteOff ledger rows under the denial's group and CARC,
/// then Close with the reason; above <see cref="DenialSettings.WriteOffApprovalLimitCents"/> an admin approves first),
/// and the bulk write-off of contractual balances. One use case for the pages and <c>claims denials</c>.
/// </summary>
public sealed class DenialActions(ClaimsDbContext db, TimeProvider clock, DenialSettings? settings = null)
{
    private readonly DenialSettings _settings = settings ?? new DenialSettings();

    /// <summary>The claim goes back to coding to be sent again as a replacement (7) of the payer's claim.</summary>
    public async Task<Claim> CorrectAsync(Guid claimId, string? reason, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var claim = await LoadAsync(claimId, cancellationToken);
        if (string.IsNullOrWhiteSpace(claim.PayerClaimNumber))
            throw new DomainValidationException($"Claim {claim.ControlNumber.Value} has no payer claim number: a replacement (frequency 7) must name it in REF*F8. Post the payer's 277CA or 835 first.");
        claim.Correct(caller.Actor, string.IsNullOrWhiteSpace(reason) ? "Denial worked: correct and resubmit as a replacement" : reason, clock.GetUtcNow());
        await ReleaseLeaseAsync(claim.Id, cancellationToken);
        db.Audit(Record(caller, AuditAction.Update, claim, await PseudonymAsync(claim, cancellationToken),
            $"denial corrected: back to coding as replacement (frequency 7) of payer claim {claim.PayerClaimNumber}"));
        await db.SaveChangesAsync(cancellationToken);
        return claim;
    }

    /// <summary>The claim is voided; the next submission run sends it as frequency 8 with REF*F8.</summary>
    public async Task<Claim> VoidAsync(Guid claimId, string? reason, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var claim = await LoadAsync(claimId, cancellationToken);
        if (string.IsNullOrWhiteSpace(claim.PayerClaimNumber))
            throw new DomainValidationException($"Claim {claim.ControlNumber.Value} has no payer claim number: a void (frequency 8) must name it in REF*F8.");
        claim.Void(caller.Actor, reason ?? "", clock.GetUtcNow());
        await ReleaseLeaseAsync(claim.Id, cancellationToken);
        db.Audit(Record(caller, AuditAction.Update, claim, await PseudonymAsync(claim, cancellationToken),
            $"claim voided: frequency 8 of payer claim {claim.PayerClaimNumber} goes out with the next batch"));
        await db.SaveChangesAsync(cancellationToken);
        return claim;
    }

    /// <summary>
    /// Writes off the claim's open payer balance under the denial's group and CARC and closes the claim, or, above the
    /// approval limit, records a request for an admin. A claim with a request waiting cannot ask again.
    /// </summary>
    public async Task<WriteOffResult> WriteOffAsync(Guid claimId, string? reason, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var text = ValidReason(reason);
        var claim = await LoadAsync(claimId, cancellationToken);
        if (!claim.CanClose) throw new InvalidTransitionException(claim.Id, claim.State, ClaimTrigger.Close);
        if (await db.WriteOffRequests.AnyAsync(w => w.ClaimId == claimId && w.Status == WriteOffStatus.Pending, cancellationToken))
            throw new DomainValidationException($"Claim {claim.ControlNumber.Value} already has a write-off waiting for approval.");
        var plan = await PlanAsync(claim, cancellationToken);
        var now = clock.GetUtcNow();
        var pseudonym = await PseudonymAsync(claim, cancellationToken);
        if (plan.Amount > _settings.WriteOffApprovalLimitCents)
        {
            var request = new WriteOffRequest(claim.Id, plan.Amount, plan.Group, plan.Carc, text, caller.Actor.Id, now);
            db.WriteOffRequests.Add(request);
            db.Audit(Record(caller, AuditAction.Create, claim, pseudonym,
                $"write-off of {Dollars(plan.Amount)} {plan.Group}-{plan.Carc} requested: above the approval limit {Dollars(_settings.WriteOffApprovalLimitCents)}, waiting for an admin (request {request.Id})"));
            await db.SaveChangesAsync(cancellationToken);
            return new WriteOffResult(claim.Id, plan.Amount, plan.Group, plan.Carc, true, request.Id);
        }
        Execute(claim, plan, text, caller.Actor, now);
        db.Audit(Record(caller, AuditAction.Update, claim, pseudonym, $"written off {Dollars(plan.Amount)} {plan.Group}-{plan.Carc} and closed"));
        await db.SaveChangesAsync(cancellationToken);
        return new WriteOffResult(claim.Id, plan.Amount, plan.Group, plan.Carc, false, null);
    }

    /// <summary>An admin approves a waiting write-off: the rows are written and the claim closed now, in the requester's name as biller.</summary>
    public async Task<WriteOffResult> ApproveWriteOffAsync(Guid requestId, Caller caller, CancellationToken cancellationToken = default)
    {
        var request = await PendingAsync(requestId, caller, cancellationToken);
        var claim = await LoadAsync(request.ClaimId, cancellationToken);
        var plan = await PlanAsync(claim, cancellationToken);
        var now = clock.GetUtcNow();
        // The balance may have moved since the request (a late payment): write off what is open now, never more than asked.
        plan = plan with { Amount = Math.Min(plan.Amount, request.AmountCents) };
        request.Decide(true, caller.Actor.Id, now);
        Execute(claim, plan, $"{request.Reason} (approved by {caller.Actor.Id})", new Actor(request.RequestedBy, ClaimRole.Biller), now);
        db.Audit(Record(caller, AuditAction.Update, claim, await PseudonymAsync(claim, cancellationToken),
            $"write-off request {request.Id} approved: {Dollars(plan.Amount)} {plan.Group}-{plan.Carc} written off and claim closed"));
        await db.SaveChangesAsync(cancellationToken);
        return new WriteOffResult(claim.Id, plan.Amount, plan.Group, plan.Carc, false, request.Id);
    }

    /// <summary>An admin refuses a waiting write-off: the claim stays as it was, back in the worklist.</summary>
    public async Task RefuseWriteOffAsync(Guid requestId, Caller caller, CancellationToken cancellationToken = default)
    {
        var request = await PendingAsync(requestId, caller, cancellationToken);
        var claim = await LoadAsync(request.ClaimId, cancellationToken);
        request.Decide(false, caller.Actor.Id, clock.GetUtcNow());
        db.Audit(Record(caller, AuditAction.Update, claim, await PseudonymAsync(claim, cancellationToken), $"write-off request {request.Id} refused"));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The write-offs waiting for an admin, oldest first.</summary>
    public async Task<IReadOnlyList<PendingWriteOff>> PendingAsync(CancellationToken cancellationToken = default) =>
        await (from w in db.WriteOffRequests.AsNoTracking()
               join c in db.Claims on w.ClaimId equals c.Id
               where w.Status == WriteOffStatus.Pending
               orderby w.RequestedAt, w.Id
               select new PendingWriteOff(w.Id, w.ClaimId, c.ControlNumber.Value, w.AmountCents, w.Group, w.Carc, w.Reason, w.RequestedBy, w.RequestedAt))
              .ToListAsync(cancellationToken);

    /// <summary>
    /// Writes off, in one transaction, the claims among <paramref name="claimIds"/> whose every refused code is contractual
    /// (e.g. OA-45 or PI-45 a payer used for a fee-schedule reduction) and whose balance is within the approval limit.
    /// Any other claim is skipped and named: bulk never writes off a denial someone should have worked.
    /// </summary>
    public async Task<BulkWriteOffResult> BulkWriteOffContractualAsync(IReadOnlyCollection<Guid> claimIds, string? reason, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimIds);
        EnsureBiller(caller);
        var text = ValidReason(reason);
        var ids = claimIds.Distinct().ToList();
        var book = await DenialRuleBook.LoadAsync(db, cancellationToken);
        var denials = (await DenialReader.ReadAsync(db, book, db.Claims.Where(c => ids.Contains(c.Id)), clock.GetUtcNow(), cancellationToken)).ToDictionary(d => d.ClaimId);
        var done = new List<WriteOffResult>();
        var skipped = new List<string>();
        var now = clock.GetUtcNow();
        foreach (var id in ids)
        {
            if (!denials.TryGetValue(id, out var denial)) { skipped.Add($"{id}: not a payer's claim"); continue; }
            var why = denial.Codes.Count == 0 ? "no refused codes on file"
                : denial.Codes.Any(c => c.Verdict.Category != DenialCategory.Contractual) ? "not every code is contractual: work it"
                : denial.AmountCents > _settings.WriteOffApprovalLimitCents ? "above the approval limit: write it off alone"
                : !DenialWorklist.Workable.Contains(denial.State) ? $"state {denial.State}"
                : await db.WriteOffRequests.AnyAsync(w => w.ClaimId == id && w.Status == WriteOffStatus.Pending, cancellationToken) ? "a write-off is waiting for approval"
                : null;
            if (why is not null) { skipped.Add($"{denial.ControlNumber}: {why}"); continue; }
            var claim = await LoadAsync(id, cancellationToken);
            var plan = await PlanAsync(claim, cancellationToken);
            Execute(claim, plan, text, caller.Actor, now);
            db.Audit(Record(caller, AuditAction.Update, claim, denial.Patient, $"bulk contractual write-off {Dollars(plan.Amount)} {plan.Group}-{plan.Carc} and closed"));
            done.Add(new WriteOffResult(id, plan.Amount, plan.Group, plan.Carc, false, null));
        }
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "DenialWorklist", null, null, $"bulk contractual write-off: {done.Count} written off, {skipped.Count} skipped"));
        await db.SaveChangesAsync(cancellationToken);
        return new BulkWriteOffResult(done, skipped);
    }

    private void Execute(Claim claim, Plan plan, string reason, Actor biller, DateTimeOffset now)
    {
        var remaining = plan.Amount;
        foreach (var (line, group, carc, cents) in plan.Parts)
        {
            if (remaining <= 0) break;
            var take = Math.Min(cents, remaining);
            db.LedgerEntries.Add(LedgerEntry.WriteOff(claim.Id, line, take, group, carc, now));
            remaining -= take;
        }
        if (remaining > 0) db.LedgerEntries.Add(LedgerEntry.WriteOff(claim.Id, null, remaining, plan.Group, plan.Carc, now));
        var words = $"Write-off {Dollars(plan.Amount)} {plan.Group}-{plan.Carc}: {reason}";
        claim.Close(biller, words.Length > Claim.MaxReasonLength ? words[..Claim.MaxReasonLength] : words, now);
    }

    /// <summary>The open payer balance, split over the refused codes of the latest posting (largest first).</summary>
    private async Task<Plan> PlanAsync(Claim claim, CancellationToken ct)
    {
        var balance = await ClaimBalance.ForClaimAsync(db, claim.Id, ct);
        var amount = Math.Max(0, balance.PayerBalanceCents);
        var postings = await db.ClaimPaymentPostings.AsNoTracking().Where(p => p.ClaimId == claim.Id).ToListAsync(ct);
        var reversed = postings.Where(p => p.ReversesId != null).Select(p => p.ReversesId!.Value).ToHashSet();
        var latest = postings.Where(p => p.ReversesId == null && !reversed.Contains(p.Id)).OrderBy(p => p.PostedAt).ThenBy(p => p.Id).LastOrDefault();
        var parts = latest is null ? [] : DenialReader.Refused(EobClaim.FromJson(latest.Detail))
            .OrderByDescending(r => r.Cents).Select(r => (r.Line, r.Group, r.Carc, r.Cents)).ToList();
        // With no refused code on file the write-off is booked as OA-A1 (claim denied), the generic reason.
        var (group, carc) = parts.Count > 0 ? (parts[0].Group, parts[0].Carc) : ("OA", "A1");
        return new Plan(amount, group, carc, parts);
    }

    private async Task<WriteOffRequest> PendingAsync(Guid requestId, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role != ClaimRole.Admin) throw new DomainValidationException($"Only an admin approves or refuses a write-off (not a {caller.Actor.Role}).");
        var request = await db.WriteOffRequests.FirstOrDefaultAsync(w => w.Id == requestId, ct) ?? throw new NotFoundException($"Write-off request {requestId} was not found.");
        if (request.Status != WriteOffStatus.Pending) throw new DomainValidationException($"Write-off request {requestId} was already {request.Status.ToString().ToLowerInvariant()}.");
        return request;
    }

    private async Task<Claim> LoadAsync(Guid claimId, CancellationToken ct) =>
        await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstOrDefaultAsync(c => c.Id == claimId, ct) ?? throw new NotFoundException($"Claim {claimId} was not found.");

    private async Task ReleaseLeaseAsync(Guid claimId, CancellationToken ct)
    {
        if (await db.DenialAssignments.FirstOrDefaultAsync(a => a.ClaimId == claimId, ct) is { AssignedTo: not null } lease) lease.Release();
    }

    private Task<string> PseudonymAsync(Claim claim, CancellationToken ct) => db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync(ct);

    internal static void EnsureBiller(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role != ClaimRole.Biller) throw new DomainValidationException($"Denials are worked by a biller (not a {caller.Actor.Role}).");
    }

    private static string ValidReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainValidationException("A write-off needs its reason.");
        var text = reason.Trim();
        if (text.Length > 500) throw new DomainValidationException($"A write-off reason has at most 500 characters (got {text.Length}).");
        return text;
    }

    internal static AuditRecord Record(Caller caller, AuditAction action, Claim claim, string pseudonym, string what) =>
        AuditRecords.For(caller, action, "Claim", claim.Id.ToString(), pseudonym, $"{what} claim={claim.ControlNumber.Value}");

    internal static string Dollars(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private sealed record Plan(long Amount, string Group, string Carc, List<(int? Line, string Group, string Carc, long Cents)> Parts);
}
