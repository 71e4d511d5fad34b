using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Claims.Security;
using Microsoft.AspNetCore.Identity;

namespace Claims.Web.SignIn;

/// <summary>
/// Authenticator-app codes (RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits) that work once. Identity's own
/// provider accepts the same code again for as long as it is valid; RFC 6238 section 5.2 says the verifier must not
/// accept it a second time, so a code read over a shoulder or replayed from a proxy log is worthless after use. The
/// last accepted time step is kept as a user token; a code is accepted only for a later step. The window is one step
/// either side of now (RFC 6238 section 5.2 recommends at most one step of delay).
/// </summary>
internal sealed class SingleUseAuthenticatorTokenProvider(TimeProvider time) : IUserTwoFactorTokenProvider<ClaimsUser>
{
    /// <summary>Where the last accepted step is kept (AspNetUserTokens: login provider, name).</summary>
    public const string StoreProvider = "[Claims]";
    public const string LastStepName = "AuthenticatorLastStep";

    private const int StepSeconds = 30;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ClaimsUser> manager, ClaimsUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
    }

    /// <summary>The app makes the codes; the server never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<ClaimsUser> manager, ClaimsUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ClaimsUser> manager, ClaimsUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (token is not { Length: 6 } || !token.All(char.IsAsciiDigit)) return false;
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || Base32(key) is not { Length: > 0 } secret) return false;

        var last = long.TryParse(await manager.GetAuthenticationTokenAsync(user, StoreProvider, LastStepName), NumberStyles.None, CultureInfo.InvariantCulture, out var stored) ? stored : long.MinValue;
        var now = time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        var typed = Encoding.ASCII.GetBytes(token);
        for (var step = Math.Max(now - 1, last + 1); step <= now + 1; step++)
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(secret, step)), typed)) continue;
            // Saved with the user's concurrency stamp: of two requests racing with one code, only one saves.
            var saved = await manager.SetAuthenticationTokenAsync(user, StoreProvider, LastStepName, step.ToString(CultureInfo.InvariantCulture));
            return saved.Succeeded;
        }
        return false;
    }

    /// <summary>RFC 6238 over RFC 4226: HMAC-SHA1 of the step counter, dynamic truncation, 6 digits.</summary>
    internal static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // SHA-1 is what RFC 6238 and every authenticator app use; HMAC-SHA1 is not broken.
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFF_FFFF;
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 Base32 (A-Z, 2-7) as Identity stores authenticator keys; null for anything else.</summary>
    internal static byte[]? Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '=') continue;
            var value = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0) return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }
        return [.. bytes];
    }
}
