using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Claims.Audit;

/// <summary>
/// What an export vouches for, signed with the audit key: the filter, the count and sequence range, the chain's
/// head when it was made, and the SHA-256 of the export file. Kept beside the export as <c>FILE.manifest.json</c>.
/// </summary>
public sealed record AuditManifest(
    int Version,
    string Format,
    string Filter,
    bool Complete,
    long Count,
    long? FirstSequence,
    long? LastSequence,
    long ChainLength,
    string ChainHeadHash,
    string ExportSha256,
    DateTimeOffset CreatedAt,
    string KeyId,
    string PublicKey,
    string Signature)
{
    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(string.Join('|',
        "claims-audit-export", Version.ToString(CultureInfo.InvariantCulture), Format, Filter, Complete ? "complete" : "filtered",
        Count.ToString(CultureInfo.InvariantCulture), FirstSequence?.ToString(CultureInfo.InvariantCulture) ?? "-", LastSequence?.ToString(CultureInfo.InvariantCulture) ?? "-",
        ChainLength.ToString(CultureInfo.InvariantCulture), ChainHeadHash, ExportSha256, CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), KeyId, PublicKey));

    /// <summary>A short fingerprint of the signing key for auditors to compare with <c>claims audit public-key</c>.</summary>
    public string KeyFingerprint => Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(PublicKey)))[..16];

    public static string ManifestPath(string exportPath) => exportPath + ".manifest.json";
}
