using System.Security.Claims;
using System.Text;
using Claims.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Claims.Web.SignIn;

/// <summary>The authenticator-app details shared by enrolment, the demo users and the admin pages.</summary>
internal static class Authenticator
{
    public const string Issuer = "Claims";

    /// <summary>How many recovery codes a person gets on enrolment or on asking for new ones.</summary>
    public const int RecoveryCodeCount = 10;

    /// <summary>
    /// HIPAA 164.312(d): the roles that see the whole trail or change who may see PHI must prove a second factor.
    /// </summary>
    public static IReadOnlyList<string> RequiredFor { get; } = [Roles.Admin, Roles.Auditor];

    public static bool IsRequired(ClaimsPrincipal user) => RequiredFor.Any(user.IsInRole);

    /// <summary>Whether this session was opened with a second factor (Identity marks it with <c>amr=mfa</c>).</summary>
    public static bool SessionHasSecondFactor(ClaimsPrincipal user) => user.HasClaim("amr", "mfa");

    /// <summary>
    /// Identity rebuilds the principal at each security-stamp check and drops how the session was opened; without
    /// this an admin's two-factor session would be sent back to enrolment a minute after signing in.
    /// </summary>
    public static Task KeepSecondFactor(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal is { } current && SessionHasSecondFactor(current) && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim("amr", "mfa"));
        }
        return Task.CompletedTask;
    }

    /// <summary>The key in groups of four, as authenticator apps ask people to type it.</summary>
    public static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) text.Append(' ');
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return text.ToString();
    }

    /// <summary>The Key URI Format that authenticator apps read from a QR code: TOTP, SHA-1, 6 digits, 30 seconds.</summary>
    public static string Uri(string account, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(Issuer)}:{System.Uri.EscapeDataString(account)}?secret={key}&issuer={System.Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>The URI as an SVG QR code, drawn here so the shared key never leaves the server for a QR service.</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}

/// <summary>
/// Never remembers a browser for the second factor: HIPAA's person-or-entity authentication is asked at every
/// sign-in, so a remember-me cookie for two-factor, even one issued by mistake, is ignored.
/// </summary>
internal sealed class ClaimsSignInManager(
    UserManager<ClaimsUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ClaimsUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ClaimsUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ClaimsUser> confirmation)
    : SignInManager<ClaimsUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static string? s_decoyHash;

    public override Task<bool> IsTwoFactorClientRememberedAsync(ClaimsUser user) => Task.FromResult(false);

    /// <summary>
    /// The password step, with the same work whatever the outcome: an unknown account and a locked one still pay one
    /// password hash, as a wrong password does, so neither the answer nor its timing tells whether an account exists
    /// or is locked (the page shows one message for all three).
    /// </summary>
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            var decoy = new ClaimsUser();
            _ = UserManager.PasswordHasher.VerifyHashedPassword(decoy, s_decoyHash ??= UserManager.PasswordHasher.HashPassword(decoy, Passwords.NewInitial()), password);
            return SignInResult.Failed;
        }
        if (await UserManager.IsLockedOutAsync(user))
        {
            _ = UserManager.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? s_decoyHash ?? "", password);
            return SignInResult.LockedOut;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override Task RememberTwoFactorClientAsync(ClaimsUser user) =>
        throw new InvalidOperationException("Two-factor sign-in is asked every time; a client is never remembered.");
}
