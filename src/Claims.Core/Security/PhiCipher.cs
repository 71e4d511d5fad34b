using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Claims.Security;

/// <summary>
/// The ciphertext format of one PHI value: version (1 byte) | key id (16 bytes: the patient whose data key sealed
/// it) | nonce (12) | ciphertext | tag (16), AES-256-GCM. The associated data binds the header and the value's
/// table, column and row, so a ciphertext copied to another row or column does not decrypt (DESIGN.md, Data and
/// security). The format is versioned so that a later algorithm can be told from this one.
/// </summary>
public static class PhiCipher
{
    public const byte Version1 = 1;
    private const int HeaderLength = 1 + 16;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    /// <summary>A fresh 256-bit data key.</summary>
    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>Encrypts <paramref name="plaintext"/> for one cell (table, column, row) under the data key <paramref name="keyId"/>.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> dataKey, Guid keyId, PhiCell cell, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[HeaderLength + NonceLength + data.Length + TagLength];
        output[0] = Version1;
        keyId.TryWriteBytes(output.AsSpan(1, 16));
        var nonce = output.AsSpan(HeaderLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(dataKey, TagLength);
        gcm.Encrypt(nonce, data, output.AsSpan(HeaderLength + NonceLength, data.Length), output.AsSpan(output.Length - TagLength), AssociatedData(output.AsSpan(0, HeaderLength), cell));
        return output;
    }

    /// <summary>The id of the data key that sealed a value (readable without any key).</summary>
    public static Guid KeyId(ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < HeaderLength + NonceLength + TagLength || ciphertext[0] != Version1) throw new PhiDecryptionException("The ciphertext is damaged or of an unknown version.");
        return new Guid(ciphertext.Slice(1, 16));
    }

    /// <summary>Decrypts one cell; throws <see cref="PhiDecryptionException"/> when the key, the cell or the bytes do not match.</summary>
    public static string Open(ReadOnlySpan<byte> dataKey, PhiCell cell, ReadOnlySpan<byte> ciphertext)
    {
        _ = KeyId(ciphertext);
        var length = ciphertext.Length - HeaderLength - NonceLength - TagLength;
        var plain = new byte[length];
        try
        {
            using var gcm = new AesGcm(dataKey, TagLength);
            gcm.Decrypt(ciphertext.Slice(HeaderLength, NonceLength), ciphertext.Slice(HeaderLength + NonceLength, length), ciphertext[^TagLength..], plain, AssociatedData(ciphertext[..HeaderLength], cell));
        }
        catch (CryptographicException ex)
        {
            // The message names the cell by ids only: never the value.
            throw new PhiDecryptionException($"The value of {cell.Table}.{cell.Column} for row {cell.RowId} does not decrypt (wrong key, row or column, or damaged).", ex);
        }
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, PhiCell cell)
    {
        var where = Encoding.UTF8.GetBytes($"claims-phi|{cell.Table}|{cell.Column}|{cell.RowId:N}");
        var ad = new byte[header.Length + 4 + where.Length];
        header.CopyTo(ad);
        BinaryPrimitives.WriteInt32BigEndian(ad.AsSpan(header.Length), where.Length);
        where.CopyTo(ad.AsSpan(header.Length + 4));
        return ad;
    }
}
