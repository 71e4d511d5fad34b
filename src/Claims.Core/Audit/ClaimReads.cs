using Claims.Domain;
using Claims.Persistence;

namespace Claims.Audit;

/// <summary>
/// Opening a claim is a PHI read, recorded before the data leaves (HIPAA 164.312(b)). The claim page and
/// <c>claims show</c> record it here, so both write the same entry.
/// </summary>
public sealed class ClaimReads(ClaimsDbContext db)
{
    /// <summary>Records that <paramref name="caller"/> opened the claim, saying whether the patient's demographics were shown decrypted.</summary>
    public async Task RecordAsync(Guid claimId, string pseudonym, bool demographics, Caller caller, CancellationToken cancellationToken = default)
    {
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "Claim", claimId.ToString(), pseudonym, demographics ? "claim view demographics" : "claim view"));
        await db.SaveChangesAsync(cancellationToken);
    }
}
