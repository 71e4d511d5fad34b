using System.Security.Cryptography;

namespace Claims.Security;

/// <summary>A key ring operation failed: a missing key, a wrong master key, a damaged file.</summary>
public sealed class KeyRingException(string message, Exception? inner = null) : ClaimsDomainException(message, inner ?? new CryptographicException(message))
{
    public override string Code => "key-ring";
}
