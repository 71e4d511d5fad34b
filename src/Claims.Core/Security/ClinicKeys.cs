using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Security;

/// <summary>
/// Issuing, listing and revoking one clinic's API keys for <c>POST /fhir</c>: one use case for the admin pages, the
/// clinic portal and <c>claims clinics key|revoke</c>. Each act is saved with its audit entry in one transaction. A key
/// of another clinic is "not found", never revoked.
/// </summary>
public sealed class ClinicKeys(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>Active keys first, newest first (sorted here: SQLite cannot order by a DateTimeOffset).</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(Guid clinicId, CancellationToken cancellationToken = default)
    {
        var keys = await db.ClinicApiKeys.AsNoTracking().Where(k => k.ClinicId == clinicId)
            .Select(k => new ApiKeyRow(k.Id, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
        return [.. keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt)];
    }

    /// <summary>Issues a key for the clinic and records it (by id and prefix, never the secret).</summary>
    public async Task<IssuedApiKey> IssueAsync(Guid clinicId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, cancellationToken)) throw new NotFoundException($"Clinic {clinicId} does not exist.");
        var (secret, hash, prefix) = ClinicApiKeys.NewSecret();
        var key = new ClinicApiKey(clinicId, hash, prefix);
        db.ClinicApiKeys.Add(key);
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "ApiKey", key.Id.ToString(), null, $"API key issued for clinic {clinicId}, prefix {key.Prefix}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(key, secret);
    }

    /// <summary>Revokes one of the clinic's keys (again is harmless); a key the clinic does not have is "not found".</summary>
    public async Task<ClinicApiKey> RevokeAsync(Guid clinicId, Guid keyId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var key = await db.ClinicApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.ClinicId == clinicId, cancellationToken)
            ?? throw new NotFoundException($"Clinic {clinicId} has no API key {keyId}.");
        if (key.RevokedAt is not null) return key;
        key.Revoke(clock.GetUtcNow());
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "ApiKey", key.Id.ToString(), null, $"API key revoked for clinic {clinicId}, prefix {key.Prefix}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }
}
