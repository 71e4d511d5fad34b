using System.Security.Cryptography;
using System.Text;
using Claims.Domain;

namespace Claims.Intake;

/// <summary>
/// A bundle that was ingested: recognised again by its content hash or its Bundle.identifier (both hashed), so
/// the same bundle twice creates nothing. The raw bundle itself is never stored (it is PHI).
/// </summary>
public sealed class IngestedBundle
{
    private IngestedBundle() { } // EF Core

    internal IngestedBundle(Guid clinicId, string contentHash, string? identifierHash, int resources)
    {
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        ContentHash = contentHash;
        IdentifierHash = identifierHash;
        Resources = resources;
    }

    public Guid Id { get; private set; }

    public Guid ClinicId { get; private set; }

    /// <summary>SHA-256 of the bundle's bytes (hex).</summary>
    public string ContentHash { get; private set; } = "";

    /// <summary>Source key hash of Bundle.identifier (system|value), when the bundle has one.</summary>
    public string? IdentifierHash { get; private set; }

    public int Resources { get; private set; }

    public int ClaimsCreated { get; private set; }

    public int ClaimsUpdated { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    internal void Counted(int claimsCreated, int claimsUpdated)
    {
        ClaimsCreated = claimsCreated;
        ClaimsUpdated = claimsUpdated;
    }
}

/// <summary>What a source key identifies.</summary>
public enum SourceKind
{
    Patient,
    Encounter,
    Bundle,
}

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

/// <summary>
/// A coded fact kept with a claim for the coder: condition, procedure, encounter type or FHIR Claim item, with
/// code-system display text only (no free text, no PHI).
/// </summary>
public sealed class ClaimClinicalItem
{
    private ClaimClinicalItem() { } // EF Core

    internal ClaimClinicalItem(Guid claimId, int sequence, ClinicalEntry entry)
    {
        ClaimId = claimId;
        Sequence = sequence;
        Kind = entry.Kind;
        System = entry.System;
        Code = entry.Code;
        Display = entry.Display;
        Charge = entry.Charge;
    }

    public long Id { get; private set; }

    public Guid ClaimId { get; private set; }

    public int Sequence { get; private set; }

    public ClinicalKind Kind { get; private set; }

    public string? System { get; private set; }

    public string Code { get; private set; } = "";

    public string? Display { get; private set; }

    public Money? Charge { get; private set; }
}
