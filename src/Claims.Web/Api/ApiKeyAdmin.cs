using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Api;

/// <summary>A clinic's API key as listed: the public prefix and dates, never the secret (only its hash is stored).</summary>
public sealed record ApiKeyRow(Guid Id, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>What the <c>_ApiKeys</c> partial shows: the clinic's keys and, in the response that created it, the new key.</summary>
public sealed record ApiKeysPanel(IReadOnlyList<ApiKeyRow> Keys, string? NewKey);

/// <summary>
/// Listing, issuing and revoking one clinic's API keys, shared by the admin pages and the clinic portal so both
/// scope by clinic and audit the same way. A key of another clinic is "not found", never revoked.
/// </summary>
internal static class ApiKeyAdmin
{
    /// <summary>Active keys first, newest first (sorted here: SQLite cannot order by a DateTimeOffset).</summary>
    public static async Task<IReadOnlyList<ApiKeyRow>> ListAsync(ClaimsDbContext db, Guid clinicId, CancellationToken ct)
    {
        var keys = await db.ClinicApiKeys.AsNoTracking().Where(k => k.ClinicId == clinicId)
            .Select(k => new ApiKeyRow(k.Id, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct);
        return [.. keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt)];
    }

    /// <summary>Issues a key and records it (by id and prefix); returns the secret, which the caller shows once.</summary>
    public static async Task<string> IssueAsync(ClaimsDbContext db, Guid clinicId, HttpContext http, CancellationToken ct)
    {
        var (key, secret) = await ClinicApiKeys.IssueAsync(db, clinicId, ct);
        db.Audit(Record(http, AuditAction.Create, key.Id, $"API key issued for clinic {clinicId}, prefix {key.Prefix}"));
        await db.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>Revokes one of the clinic's keys; false when the clinic has no such key.</summary>
    public static async Task<bool> RevokeAsync(ClaimsDbContext db, Guid clinicId, Guid keyId, DateTimeOffset now, HttpContext http, CancellationToken ct)
    {
        var key = await db.ClinicApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.ClinicId == clinicId, ct);
        if (key is null) return false;
        if (key.RevokedAt is not null) return true;
        key.Revoke(now);
        db.Audit(Record(http, AuditAction.Update, key.Id, $"API key revoked for clinic {clinicId}, prefix {key.Prefix}"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static AuditRecord Record(HttpContext http, AuditAction action, Guid keyId, string details) =>
        new(http.User.Identity?.Name ?? "unknown", Roles.All.FirstOrDefault(http.User.IsInRole) ?? "User", action, "ApiKey", keyId.ToString(),
            SourceAddress: http.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT", CorrelationId: http.TraceIdentifier, Details: details);
}
