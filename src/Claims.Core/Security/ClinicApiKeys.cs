using System.Security.Cryptography;
using System.Text;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Security;

/// <summary>Authenticates clinic API keys (issuing and revoking them are acts of <see cref="ClinicKeys"/>).</summary>
public static class ClinicApiKeys
{
    /// <summary>Every key starts with this, so a leaked key is recognisable by secret scanners.</summary>
    public const string KeyPrefix = "clk_";

    public const int PrefixLength = 12;

    /// <summary>
    /// The clinic a presented key belongs to (null for a missing, unknown or revoked key), and stamps the key's last use. The stamp is written at most once a minute per
    /// key, so a busy clinic's uploads do not turn every request into a write.
    /// </summary>
    public static async Task<Guid?> AuthenticateAsync(ClaimsDbContext db, string? presentedKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(presentedKey) || presentedKey.Length > 200 || !presentedKey.StartsWith(KeyPrefix, StringComparison.Ordinal)) return null;
        var hash = Hash(presentedKey.Trim());
        var match = await db.ClinicApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.ClinicId, k.LastUsedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (match is null) return null;
        if (match.LastUsedAt is not { } last || now - last >= TimeSpan.FromMinutes(1))
        {
            await db.ClinicApiKeys.Where(k => k.Id == match.Id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
        return match.ClinicId;
    }

    /// <summary>A new secret and its stored form: the hash and the public prefix.</summary>
    internal static (string Secret, string Hash, string Prefix) NewSecret()
    {
        var secret = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (secret, Hash(secret), secret[..PrefixLength]);
    }

    internal static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
