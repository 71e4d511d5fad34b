using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

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

/// <summary>A key ring operation failed: a missing key, a wrong master key, a damaged file.</summary>
public sealed class KeyRingException(string message, Exception? inner = null) : ClaimsDomainException(message, inner ?? new CryptographicException(message))
{
    public override string Code => "key-ring";
}

/// <summary>
/// The key ring kept in a file. With <c>CLAIMS_MASTER_KEY</c> (base64 of 32 bytes) or <c>CLAIMS_KEY_FILE</c> (a file
/// holding that base64) the file is sealed with AES-256-GCM under the master key; without one (development) it is
/// generated on first use in <c>CLAIMS_HOME/keys</c>, readable only by its owner (0600), and start-up warns.
/// </summary>
public sealed class FileKeyRing : IKeyRing
{
    private static readonly byte[] SealedMagic = "CLAIMSKR1"u8.ToArray();
    private readonly string _path;
    private readonly byte[]? _masterKey;
    private readonly Lock _gate = new();
    private KeyRingDocument _doc;

    private FileKeyRing(string path, byte[]? masterKey, KeyRingDocument doc)
    {
        _path = path;
        _masterKey = masterKey;
        _doc = doc;
    }

    /// <summary>True when no master key protects the file (development only).</summary>
    public bool IsUnsealed => _masterKey is null;

    public string FilePath => _path;

    /// <summary>Opens the ring in <paramref name="home"/>/keys, creating it on first use.</summary>
    public static FileKeyRing Open(string home, string? masterKeyBase64 = null, string? masterKeyFile = null)
    {
        masterKeyBase64 ??= Environment.GetEnvironmentVariable("CLAIMS_MASTER_KEY");
        masterKeyFile ??= Environment.GetEnvironmentVariable("CLAIMS_KEY_FILE");
        byte[]? master = null;
        var text = !string.IsNullOrWhiteSpace(masterKeyBase64) ? masterKeyBase64
            : !string.IsNullOrWhiteSpace(masterKeyFile) ? File.ReadAllText(masterKeyFile)
            : null;
        if (text is not null)
        {
            try
            {
                master = Convert.FromBase64String(text.Trim());
            }
            catch (FormatException ex)
            {
                throw new KeyRingException("The master key is not base64.", ex);
            }
            if (master.Length != 32) throw new KeyRingException("The master key must be 32 bytes (base64 of 256 bits).");
        }

        var folder = Path.Combine(home, "keys");
        var path = Path.Combine(folder, "keyring");
        // The home holds the database and these keys: 0700, as is the keys folder; the ring itself is 0600.
        Persistence.PrivateFiles.Folder(home);
        Persistence.PrivateFiles.Folder(folder);
        if (File.Exists(path))
        {
            Persistence.PrivateFiles.Tighten(path);
            return new FileKeyRing(path, master, Read(path, master));
        }

        var ring = new FileKeyRing(path, master, KeyRingDocument.New());
        ring.Save();
        return ring;
    }

    public string PrimaryKekId => _doc.PrimaryKek;

    public IReadOnlyList<string> KekIds => [.. _doc.Keks.Select(k => k.Id)];

    public string AuditSigningKeyId => _doc.PrimarySigningKey;

    public (byte[] Wrapped, string KekId) WrapDataKey(ReadOnlySpan<byte> dataKey)
    {
        var kek = _doc.Keks.Single(k => k.Id == _doc.PrimaryKek);
        return (Seal(Convert.FromBase64String(kek.Key), dataKey, System.Text.Encoding.UTF8.GetBytes(kek.Id)), kek.Id);
    }

    public byte[] UnwrapDataKey(string kekId, ReadOnlySpan<byte> wrapped)
    {
        // A KEK this instance has not seen was added by another process (`claims keys rotate` while the web app
        // runs): read the file again before giving up.
        var kek = _doc.Keks.FirstOrDefault(k => k.Id == kekId) ?? Reload().Keks.FirstOrDefault(k => k.Id == kekId)
            ?? throw new KeyRingException($"Key-encryption key {kekId} is not in the key ring.");
        return Open(Convert.FromBase64String(kek.Key), wrapped, System.Text.Encoding.UTF8.GetBytes(kek.Id));
    }

    public byte[] BlindIndex(ReadOnlySpan<byte> message) => HMACSHA256.HashData(Convert.FromBase64String(_doc.BlindIndexKey), message);

    public byte[] SignAudit(ReadOnlySpan<byte> data)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(_doc.SigningKeys.Single(k => k.Id == _doc.PrimarySigningKey).Pkcs8), out _);
        return key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public byte[] AuditPublicKey(string keyId)
    {
        var entry = _doc.SigningKeys.FirstOrDefault(k => k.Id == keyId) ?? throw new KeyRingException($"Audit signing key {keyId} is not in the key ring.");
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(entry.Pkcs8), out _);
        return key.ExportSubjectPublicKeyInfo();
    }

    public string AddPrimaryKek()
    {
        lock (_gate)
        {
            var next = _doc.Keks.Count + 1;
            var id = $"kek-{next}";
            var doc = _doc with { Keks = [.. _doc.Keks, KeyRingDocument.NewKek(id)], PrimaryKek = id };
            var previous = _doc;
            _doc = doc;
            try
            {
                Save();
            }
            catch
            {
                _doc = previous;
                throw;
            }
            return id;
        }
    }

    /// <summary>Verifies an audit signature with a DER public key; no key ring needed (offline verification).</summary>
    public static bool VerifyAuditSignature(byte[] publicKeyDer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(publicKeyDer, out _);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private KeyRingDocument Reload()
    {
        lock (_gate)
        {
            _doc = Read(_path, _masterKey);
            return _doc;
        }
    }

    private void Save()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(_doc, KeyRingJson.Default.KeyRingDocument);
        var bytes = _masterKey is null ? json : [.. SealedMagic, .. Seal(_masterKey, json, SealedMagic)];
        var temp = _path + ".tmp";
        // Written whole, then renamed over the old file: a crash leaves the old ring or the new one, never half of one.
        // CreateNew after removing a leftover: an existing file would keep its old mode, a new one gets 0600.
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, _path, overwrite: true);
    }

    private static KeyRingDocument Read(string path, byte[]? master)
    {
        var bytes = File.ReadAllBytes(path);
        var sealedFile = bytes.AsSpan().StartsWith(SealedMagic);
        if (sealedFile && master is null) throw new KeyRingException("The key ring is sealed: set CLAIMS_MASTER_KEY or CLAIMS_KEY_FILE.");
        if (!sealedFile && master is not null) throw new KeyRingException("The key ring is not sealed but a master key is set: seal it with `claims keys seal` or unset the master key.");
        try
        {
            var json = sealedFile ? Open(master!, bytes.AsSpan(SealedMagic.Length), SealedMagic) : bytes;
            return JsonSerializer.Deserialize(json, KeyRingJson.Default.KeyRingDocument) ?? throw new KeyRingException("The key ring file is empty.");
        }
        catch (CryptographicException ex)
        {
            throw new KeyRingException("The key ring cannot be opened with this master key.", ex);
        }
        catch (JsonException ex)
        {
            throw new KeyRingException("The key ring file is damaged.", ex);
        }
    }

    /// <summary>AES-256-GCM: nonce (12) | ciphertext | tag (16).</summary>
    internal static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[12 + plaintext.Length + 16];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(key, 16);
        gcm.Encrypt(nonce, plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length), associatedData);
        return output;
    }

    internal static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData)
    {
        if (sealedBytes.Length < 28) throw new CryptographicException("Sealed data is too short.");
        var plaintext = new byte[sealedBytes.Length - 28];
        using var gcm = new AesGcm(key, 16);
        gcm.Decrypt(sealedBytes[..12], sealedBytes.Slice(12, plaintext.Length), sealedBytes[^16..], plaintext, associatedData);
        return plaintext;
    }
}

internal sealed record KeyEntry(string Id, DateTimeOffset Created, string Key);

internal sealed record SigningKeyEntry(string Id, DateTimeOffset Created, string Pkcs8);

internal sealed record KeyRingDocument(int Format, List<KeyEntry> Keks, string PrimaryKek, string BlindIndexKey, List<SigningKeyEntry> SigningKeys, string PrimarySigningKey)
{
    public static KeyEntry NewKek(string id) => new(id, DateTimeOffset.UtcNow, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public static KeyRingDocument New()
    {
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new KeyRingDocument(
            1,
            [NewKek("kek-1")],
            "kek-1",
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [new SigningKeyEntry("audit-1", DateTimeOffset.UtcNow, Convert.ToBase64String(signing.ExportPkcs8PrivateKey()))],
            "audit-1");
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(KeyRingDocument))]
internal sealed partial class KeyRingJson : JsonSerializerContext;
