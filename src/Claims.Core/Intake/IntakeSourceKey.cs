using System.Security.Cryptography;
using System.Text;

namespace Claims.Intake;

/// <summary>
/// Recognises a clinic's patient or encounter when it is sent again: a hash of (clinic, kind, source id) points
/// at our patient or claim. For encounters it also keeps the fingerprint of what was mapped, so a changed
/// encounter can be told from a repeated one.
/// </summary>
public sealed class IntakeSourceKey
{
    private IntakeSourceKey() { } // EF Core

    internal IntakeSourceKey(Guid clinicId, SourceKind kind, string keyHash, Guid targetId, string? fingerprint, Guid bundleId)
    {
        ClinicId = clinicId;
        Kind = kind;
        KeyHash = keyHash;
        TargetId = targetId;
        Fingerprint = fingerprint;
        BundleId = bundleId;
    }

    public long Id { get; private set; }

    public Guid ClinicId { get; private set; }

    public SourceKind Kind { get; private set; }

    public string KeyHash { get; private set; } = "";

    /// <summary>Our patient id (Patient) or claim id (Encounter).</summary>
    public Guid TargetId { get; private set; }

    /// <summary>SHA-256 of the mapped encounter (<see cref="MappedEncounter.Fingerprint"/>); null for patients.</summary>
    public string? Fingerprint { get; private set; }

    /// <summary>The bundle that last set this key.</summary>
    public Guid BundleId { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    internal void Changed(string fingerprint, Guid bundleId)
    {
        Fingerprint = fingerprint;
        BundleId = bundleId;
    }

    /// <summary>
    /// The key of a source id: SHA-256 over clinic, kind and the bundle's id for the thing. A plain hash is
    /// enough to recognise a record without storing the id (which can be an MRN); issue 4 replaces it with a keyed
    /// HMAC blind index, since an unkeyed hash of a guessable id can be brute-forced.
    /// </summary>
    public static string Hash(Guid clinicId, SourceKind kind, string sourceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{clinicId:N}|{kind}|{sourceId}")));

    /// <summary>
    /// The keyed form: HMAC-SHA256 under the key ring's blind-index key (a patient's source id can be its MRN, and an
    /// unkeyed hash of an MRN can be brute-forced). Without a key ring, the plain hash.
    /// </summary>
    public static string Hash(Guid clinicId, SourceKind kind, string sourceId, Security.IKeyRing? keyRing) =>
        keyRing is null ? Hash(clinicId, kind, sourceId)
        : Convert.ToHexStringLower(keyRing.BlindIndex(Encoding.UTF8.GetBytes($"source-key|{clinicId:N}|{kind}|{sourceId}")));
}
