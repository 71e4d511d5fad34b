using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Coding;

/// <summary>
/// The patient's encounters before the clinic's bill-from date, kept as clinical history (never billed), for the coder
/// reading a claim: earlier conditions and procedures, and whether the patient was seen before (new or established).
/// Part of the claim's reading, which the claim page audits as a whole.
/// </summary>
public static class EarlierHistory
{
    /// <summary>The most recent history encounters served before the claim, newest first.</summary>
    public static async Task<IReadOnlyList<ClinicalHistoryEncounter>> ForClaimAsync(ClaimsDbContext db, Claim claim, int take = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claim);
        return await db.ClinicalHistory.AsNoTracking()
            .Where(h => h.PatientId == claim.PatientId && h.ClinicId == claim.ClinicId && h.ServiceFrom <= claim.ServiceFrom)
            .OrderByDescending(h => h.ServiceFrom).ThenByDescending(h => h.Id).Take(take).ToListAsync(cancellationToken);
    }
}
