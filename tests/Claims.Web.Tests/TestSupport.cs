using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Claims.Web.Tests;

/// <summary>What several web tests need: committed fixture files, the antiforgery token of a page, signing in a demo user, TOTP codes.</summary>
internal static partial class TestSupport
{
    public static string Fixture(params string[] parts) => Fixtures.Path(parts);

    public static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    /// <summary>Changes the signed-in user's password through the real form; the client keeps the re-issued cookie.</summary>
    public static async Task ChangePasswordAsync(HttpClient client, string current, string next)
    {
        var form = await client.GetStringAsync(new Uri("/Account/Password", UriKind.Relative));
        var response = await client.PostAsync(new Uri("/Account/Password", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Current"] = current,
            ["Input.New"] = next,
            ["Input.Confirm"] = next,
            ["__RequestVerificationToken"] = Token(form),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"password change answered {(int)response.StatusCode}");
    }

    /// <summary>
    /// Signs a user in through the real forms (antiforgery included); the client keeps the cookie. When the account
    /// asks for a second factor, the code is computed from <paramref name="authenticatorKey"/> (the demo key by default).
    /// </summary>
    public static async Task SignInAsync(HttpClient client, string email, string password = ClaimsWebFactory.DemoPassword, string authenticatorKey = ClaimsWebFactory.DemoAuthenticatorKey)
    {
        var response = await PasswordStepAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in of {email} answered {(int)response.StatusCode}");
        if (!IsTwoFactorStep(response)) return;
        var second = await SecondStepAsync(client, Totp(authenticatorKey));
        if (second.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"second factor of {email} answered {(int)second.StatusCode}");
    }

    /// <summary>The first sign-in step alone: email and password.</summary>
    public static async Task<HttpResponseMessage> PasswordStepAsync(HttpClient client, string email, string password)
    {
        var login = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        return await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), Form(login, ("Input.Email", email), ("Input.Password", password)));
    }

    public static bool IsTwoFactorStep(HttpResponseMessage response) =>
        response.Headers.Location?.OriginalString.Contains("/Account/TwoFactor", StringComparison.Ordinal) == true;

    /// <summary>
    /// The second sign-in step: posts a TOTP or recovery code to /Account/TwoFactor, after letting the server forget
    /// the codes used so far (a test signs one user in several times a step; TwoFactorReplayTests posts on its own).
    /// </summary>
    public static async Task<HttpResponseMessage> SecondStepAsync(HttpClient client, string code)
    {
        if (ClaimsWebFactory.OwnerOf(client) is { } factory) await factory.ForgetUsedAuthenticatorCodesAsync();
        var page = await client.GetStringAsync(new Uri("/Account/TwoFactor", UriKind.Relative));
        return await client.PostAsync(new Uri("/Account/TwoFactor", UriKind.Relative), Form(page, ("Input.Code", code)));
    }

    /// <summary>A form post body with the antiforgery token taken from <paramref name="html"/>.</summary>
    public static FormUrlEncodedContent Form(string html, params (string Name, string Value)[] fields) =>
        new([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create("__RequestVerificationToken", Token(html))]);

    /// <summary>
    /// RFC 6238 TOTP as authenticator apps compute it: HMAC-SHA1 over the 30-second step count, dynamic truncation
    /// (RFC 4226 section 5.3), 6 digits. Written out here so the tests do not trust the server's own code for it.
    /// </summary>
    public static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // SHA-1 is what RFC 6238 and every authenticator app use for TOTP; HMAC-SHA1 is not broken.
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFF_FFFF;
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 Base32 (A-Z, 2-7), ignoring spaces, padding and case.</summary>
    public static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is ' ' or '=') continue;
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0) throw new FormatException($"'{c}' is not Base32");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
