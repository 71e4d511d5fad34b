namespace Claims.Security;

/// <summary>
/// A clinic's API key for <c>POST /fhir</c>. Only the SHA-256 of the key is stored: the key is 256 random bits,
/// so a fast hash is safe (nothing to brute-force), and it lets a presented key be looked up by its hash.
/// </summary>
public sealed class ClinicApiKey
{
    private ClinicApiKey() { } // EF Core

    internal ClinicApiKey(Guid clinicId, string keyHash, string prefix)
    {
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        KeyHash = keyHash;
        Prefix = prefix;
    }

    public Guid Id { get; private set; }

    public Guid ClinicId { get; private set; }

    public string KeyHash { get; private set; } = "";

    /// <summary>The first characters of the key, so people can tell keys apart without the secret.</summary>
    public string Prefix { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>When the key last authenticated a request (to the minute), so an admin can spot keys nobody uses any more.</summary>
    public DateTimeOffset? LastUsedAt { get; private set; }

    public void Revoke(DateTimeOffset at) => RevokedAt ??= at;
}
