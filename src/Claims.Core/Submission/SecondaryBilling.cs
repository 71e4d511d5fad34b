using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Submission;

/// <summary>
/// Bills the secondary payer (coordination of benefits): after the primary adjudicated a claim, what it left open goes
/// to the patient's secondary coverage as an 837P carrying the primary's payment and adjustments (2320/2430 from its
/// 835). The claim is found ready to submit again, under the secondary payer; submission does the rest.
/// </summary>
public sealed class SecondaryBilling(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>Moves the claim to its patient's secondary coverage, in one transaction with its audit entry.</summary>
    public async Task<TransitionResult> BillAsync(Guid claimId, Caller caller, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var claim = await db.Claims.Include(c => c.History.OrderBy(e => e.Id)).FirstOrDefaultAsync(c => c.Id == claimId, cancellationToken)
            ?? throw new NotFoundException($"Claim {claimId} was not found.");
        if (expectedVersion is { } version && version != claim.Version) throw new StaleClaimException(claim.Id, version, claim.Version);
        var from = claim.State;
        if (!claim.CanFire(ClaimTrigger.BillSecondary, caller.Actor.Role))
        {
            throw ClaimWorkflow.Find(from, ClaimTrigger.BillSecondary) is null
                ? new InvalidTransitionException(claim.Id, from, ClaimTrigger.BillSecondary)
                : new TriggerForbiddenException(claim.Id, from, ClaimTrigger.BillSecondary, caller.Actor.Role);
        }

        var posting = await PrimaryAdjudicationAsync(claim.Id, cancellationToken)
            ?? throw new DomainValidationException("The primary payer's adjudication of this claim has not been posted, so there is nothing to coordinate with.");
        var secondary = await SecondaryCoverageAsync(claim, cancellationToken)
            ?? throw new DomainValidationException("The patient has no secondary coverage (order 2) with another payer on the date of service.");
        var payer = await db.Payers.AsNoTracking().Where(p => p.Id == secondary.PayerId).Select(p => p.Name).FirstAsync(cancellationToken);

        claim.BillSecondary(secondary, posting.Id, caller.Actor, clock.GetUtcNow());
        var pseudonym = await db.Patients.AsNoTracking().Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).FirstAsync(cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "Claim", claim.Id.ToString(), pseudonym,
            $"bill secondary payer {payer} after primary posting {posting.Id} (paid {posting.PaidCents} cents)"));
        await db.SaveChangesAsync(cancellationToken);
        return new TransitionResult(claim, from, $"{ClaimStates.Words(from)} → {ClaimStates.Words(claim.State)}: ready to submit to the secondary payer, {payer}, with the primary's payment and adjustments.");
    }

    /// <summary>
    /// Records a patient's secondary coverage (from the card the clinic sent, or a payer's COB notice): payer, member
    /// id (encrypted under the patient's key, with its blind index), the patient as subscriber, from a date; audited.
    /// </summary>
    public async Task<Coverage> AddSecondaryCoverageAsync(Guid patientId, Guid payerId, string memberId, DateOnly start, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrWhiteSpace(memberId) || memberId.Trim().Length > 80) throw new DomainValidationException("A member id has 1 to 80 characters.");
        var pseudonym = await db.Patients.AsNoTracking().Where(p => p.Id == patientId).Select(p => p.Pseudonym).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Patient {patientId} was not found.");
        if (!await db.Payers.AsNoTracking().AnyAsync(p => p.Id == payerId, cancellationToken)) throw new NotFoundException($"Payer {payerId} was not found.");
        var coverage = new Coverage(patientId, payerId, SubscriberRelationship.Self, start, null, order: 2);
        var key = await db.Phi.DataKeyForSealingAsync(patientId, cancellationToken) ?? throw new DomainValidationException("The patient was erased: nothing new about them can be stored.");
        db.Phi.Protect(coverage, key, memberId);
        db.Coverages.Add(coverage);
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "Coverage", coverage.Id.ToString(), pseudonym, "secondary coverage added"));
        await db.SaveChangesAsync(cancellationToken);
        return coverage;
    }

    /// <summary>The primary's standing decision: its newest posting that is neither a reversal nor reversed.</summary>
    internal async Task<ClaimPaymentPosting?> PrimaryAdjudicationAsync(Guid claimId, CancellationToken ct)
    {
        var postings = await db.ClaimPaymentPostings.AsNoTracking().Where(p => p.ClaimId == claimId).ToListAsync(ct);
        var reversed = postings.Where(p => p.ReversesId != null).Select(p => p.ReversesId!.Value).ToHashSet();
        return postings.Where(p => p.ReversesId == null && !reversed.Contains(p.Id)).OrderByDescending(p => p.PostedAt).ThenByDescending(p => p.Id).FirstOrDefault();
    }

    private async Task<Coverage?> SecondaryCoverageAsync(Claim claim, CancellationToken ct)
    {
        var day = claim.ServiceFrom;
        var candidates = await db.Coverages.AsNoTracking()
            .Where(c => c.PatientId == claim.PatientId && c.Order >= 2 && c.PayerId != claim.PayerId && c.Start <= day && (c.End == null || c.End >= day))
            .ToListAsync(ct);
        return candidates.OrderBy(c => c.Order).ThenBy(c => c.Id).FirstOrDefault();
    }
}
