using System.Security.Cryptography;

namespace Claims.Security;

/// <summary>A PHI value failed to decrypt: tampering, a value moved between cells, or a lost key. Carries no PHI.</summary>
public sealed class PhiDecryptionException(string message, Exception? inner = null) : ClaimsDomainException(message, inner ?? new CryptographicException(message))
{
    public override string Code => "phi-decryption";
}
