using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Remittance;

/// <summary>A claim's explanation of benefits page: the claim's identity and state beside what the payer said.</summary>
public sealed record ClaimExplanation(Guid ClaimId, string ControlNumber, ClaimState State, long TotalChargeCents, string? PayerClaimNumber, string? PayerName, ExplanationOfBenefitsView Eob);

/// <summary>
/// Opening a claim's explanation of benefits (the biller's EOB page): a read of the claim's adjudication, recorded in
/// the audit trail under the patient's pseudonym before the data leaves, as opening the claim is.
/// </summary>
public sealed class ClaimExplanations(ClaimsDbContext db)
{
    public async Task<ClaimExplanation> OpenAsync(Guid claimId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role is not (ClaimRole.Biller or ClaimRole.Admin)) throw new DomainValidationException($"A {caller.Actor.Role} may not open an explanation of benefits here.");
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == claimId)
            .Select(c => new { c.Id, c.ControlNumber, c.State, c.PatientId, c.PayerId, c.PayerClaimNumber, Charge = c.TotalCharge })
            .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException($"Claim {claimId} was not found.");
        var pseudonym = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).FirstOrDefaultAsync(cancellationToken);
        var payer = claim.PayerId is { } payerId ? await db.Payers.Where(p => p.Id == payerId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) : null;
        var eob = await ExplanationOfBenefits.ForClaimAsync(db, claimId, cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "Claim", claimId.ToString(), pseudonym, $"explanation of benefits view ({eob.Payments.Count} postings)"));
        await db.SaveChangesAsync(cancellationToken);
        return new ClaimExplanation(claim.Id, claim.ControlNumber.Value, claim.State, claim.Charge.Cents, claim.PayerClaimNumber, payer, eob);
    }
}
