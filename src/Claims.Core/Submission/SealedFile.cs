using System.Security.Cryptography;
using System.Text;
using Claims.Security;

namespace Claims.Submission;

/// <summary>
/// A file kept encrypted at rest: AES-256-GCM under its own random file key, which is kept only wrapped by a KEK of
/// the key ring (as patients' data keys are). An X12 batch names many patients, so no patient's key fits it; the
/// associated data binds the ciphertext to its table and row, so a file copied to another row does not open.
/// Format of <see cref="Cipher"/>: version (1) | nonce (12) | ciphertext | tag (16).
/// </summary>
public sealed record SealedFile(string KekId, byte[] WrappedKey, byte[] Cipher)
{
    private const byte Version1 = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public static SealedFile Seal(IKeyRing keyRing, string table, Guid rowId, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            var (wrapped, kekId) = keyRing.WrapDataKey(key);
            var output = new byte[1 + NonceLength + content.Length + TagLength];
            output[0] = Version1;
            var nonce = output.AsSpan(1, NonceLength);
            RandomNumberGenerator.Fill(nonce);
            using var gcm = new AesGcm(key, TagLength);
            gcm.Encrypt(nonce, content, output.AsSpan(1 + NonceLength, content.Length), output.AsSpan(output.Length - TagLength), AssociatedData(table, rowId));
            return new SealedFile(kekId, wrapped, output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public byte[] Open(IKeyRing keyRing, string table, Guid rowId)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        if (Cipher.Length < 1 + NonceLength + TagLength || Cipher[0] != Version1) throw new PhiDecryptionException($"The file of {table} row {rowId} is damaged or of an unknown version.");
        var key = keyRing.UnwrapDataKey(KekId, WrappedKey);
        var length = Cipher.Length - 1 - NonceLength - TagLength;
        var plain = new byte[length];
        try
        {
            using var gcm = new AesGcm(key, TagLength);
            gcm.Decrypt(Cipher.AsSpan(1, NonceLength), Cipher.AsSpan(1 + NonceLength, length), Cipher.AsSpan(Cipher.Length - TagLength), plain, AssociatedData(table, rowId));
            return plain;
        }
        catch (CryptographicException ex)
        {
            throw new PhiDecryptionException($"The file of {table} row {rowId} does not decrypt (wrong key or row, or damaged).", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The same ciphertext with its file key re-wrapped under the key ring's primary KEK (key rotation).</summary>
    public SealedFile Rewrapped(IKeyRing keyRing)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        var key = keyRing.UnwrapDataKey(KekId, WrappedKey);
        try
        {
            var (wrapped, kekId) = keyRing.WrapDataKey(key);
            return new SealedFile(kekId, wrapped, Cipher);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] AssociatedData(string table, Guid rowId) => Encoding.UTF8.GetBytes($"claims-file|v1|{table}|{rowId:N}");
}
