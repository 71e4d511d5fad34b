using System.Security.Cryptography;
using System.Text.Json;

namespace Claims.Security;

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

    // The primary signing key, imported once: every audited commit signs a checkpoint while it holds the chain's lock.
    // ECDsa instances are not thread-safe, so signing takes this gate (the chain's lock serialises the callers anyway).
    private readonly Lock _signGate = new();
    private (string Id, ECDsa Key)? _signer;

    public byte[] SignAudit(ReadOnlySpan<byte> data)
    {
        lock (_signGate)
        {
            var doc = _doc;
            if (_signer is not { } signer || signer.Id != doc.PrimarySigningKey)
            {
                var key = ECDsa.Create();
                key.ImportPkcs8PrivateKey(Convert.FromBase64String(doc.SigningKeys.Single(k => k.Id == doc.PrimarySigningKey).Pkcs8), out _);
                _signer?.Key.Dispose();
                _signer = signer = (doc.PrimarySigningKey, key);
            }
            return signer.Key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
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
