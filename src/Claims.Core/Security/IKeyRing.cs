
namespace Claims.Security;

/// <summary>
/// The keys that protect PHI and the audit trail. A KMS can implement this: data keys are only ever wrapped and
/// unwrapped through it, blind indexes are computed by it, and audit checkpoints are signed by it.
/// </summary>
public interface IKeyRing
{
    /// <summary>The key-encryption key that wraps new data keys.</summary>
    string PrimaryKekId { get; }

    IReadOnlyList<string> KekIds { get; }

    /// <summary>Wraps a data key under the primary KEK; returns the wrapped bytes and the KEK id used.</summary>
    (byte[] Wrapped, string KekId) WrapDataKey(ReadOnlySpan<byte> dataKey);

    /// <summary>Unwraps a data key with the KEK it was wrapped under (older KEKs keep working after rotation).</summary>
    byte[] UnwrapDataKey(string kekId, ReadOnlySpan<byte> wrapped);

    /// <summary>HMAC-SHA256 under the blind-index key (separate from every KEK), for equality search on encrypted fields.</summary>
    byte[] BlindIndex(ReadOnlySpan<byte> message);

    /// <summary>The id of the key that signs audit checkpoints now.</summary>
    string AuditSigningKeyId { get; }

    /// <summary>Signs with the current audit signing key (ECDSA P-256, SHA-256, IEEE P1363 format).</summary>
    byte[] SignAudit(ReadOnlySpan<byte> data);

    /// <summary>The public key (SubjectPublicKeyInfo, DER) of an audit signing key, for offline verification.</summary>
    byte[] AuditPublicKey(string keyId);

    /// <summary>Adds a new primary KEK and returns its id. Existing KEKs are kept for unwrapping.</summary>
    string AddPrimaryKek();
}
