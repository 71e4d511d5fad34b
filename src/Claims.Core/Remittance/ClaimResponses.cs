using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Remittance;

/// <summary>
/// <c>GET /fhir/ClaimResponse?request={claimId}</c> for a clinic: a searchset Bundle of the claim's posted
/// adjudications (<see cref="FhirClaimResponseWriter"/>). Another clinic's claim, or no claim, answers an empty
/// searchset, exactly like a claim with nothing posted: no way to probe which ids exist. Every search is audited.
/// </summary>
public sealed class ClaimResponses(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>The searchset as FHIR JSON.</summary>
    public async Task<string> SearchAsync(Guid clinicId, Guid claimId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == claimId && c.ClinicId == clinicId)
            .Select(c => new { c.Id, c.PatientId, c.PayerId }).FirstOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (claim is null)
        {
            db.Audit(AuditRecords.For(caller, AuditAction.Read, "ClaimResponse", claimId.ToString(), null, "GET /fhir/ClaimResponse: not one of the clinic's claims, empty searchset"));
            await db.SaveChangesAsync(cancellationToken);
            return FhirClaimResponseWriter.ToJson(new Hl7.Fhir.Model.Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Searchset, Timestamp = now, Total = 0 });
        }
        var pseudonym = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).FirstAsync(cancellationToken);
        var payer = claim.PayerId is { } payerId ? await db.Payers.Where(p => p.Id == payerId).Select(p => new { p.Name, p.PayerId }).FirstOrDefaultAsync(cancellationToken) : null;
        var postings = await (from p in db.ClaimPaymentPostings.AsNoTracking()
                              where p.ClaimId == claimId
                              join d in db.PostedDocuments on p.DocumentId equals d.Id
                              orderby p.PostedAt, p.Id
                              select new { p.Id, d.TraceNumber }).ToListAsync(cancellationToken);
        var eob = await ExplanationOfBenefits.ForClaimAsync(db, claimId, cancellationToken);
        var context = new FhirClaimResponseContext(claimId, pseudonym, payer?.Name, payer?.PayerId, postings.ToDictionary(p => p.Id, p => (string?)p.TraceNumber));
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "ClaimResponse", claimId.ToString(), pseudonym, $"GET /fhir/ClaimResponse: {postings.Count} adjudications"));
        await db.SaveChangesAsync(cancellationToken);
        return FhirClaimResponseWriter.ToJson(FhirClaimResponseWriter.Searchset(eob, context, [.. postings.Select(p => p.Id)], now));
    }
}
