using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Account;

/// <summary>
/// Enrolment in two-factor sign-in with an authenticator app (TOTP): the shared key and its QR code, a code to
/// prove the app has it, then ten recovery codes shown once. Required for admins and auditors (they cannot leave
/// this page until enrolled), optional for everyone else. Enrolled people can get new recovery codes or start over.
/// </summary>
public sealed class AuthenticatorModel(UserManager<ClaimsUser> users, SignInManager<ClaimsUser> signIn, ClaimsDbContext db, ILogger<AuthenticatorModel> logger) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code your app shows.")]
        [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "The code has 6 digits.")]
        [Display(Name = "Code")]
        public string Code { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Enabled { get; private set; }

    /// <summary>True when the person's role requires a second factor and this session was opened without one.</summary>
    public bool Required { get; private set; }

    public string SharedKey { get; private set; } = "";

    public string Uri { get; private set; } = "";

    public string QrSvg { get; private set; } = "";

    public int RecoveryCodesLeft { get; private set; }

    /// <summary>Set only in the response that created them: recovery codes are shown once and stored hashed.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (await users.GetTwoFactorEnabledAsync(user)) return RedirectToPage();
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Audit(user, AuditOutcome.Failure, "two-factor enrolment: code refused");
            await db.SaveChangesAsync();
            ModelState.AddModelError("Input.Code", "That code does not match. Check the app shows Claims and try the current code.");
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, Authenticator.RecoveryCodeCount) ?? []];
        // The person just proved the second factor: the session now counts as a two-factor one.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        Audit(user, AuditOutcome.Success, "two-factor enrolment: enabled, recovery codes issued");
        await db.SaveChangesAsync();
        logger.LogInformation("User {UserId} enrolled an authenticator", user.Id);
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!await users.GetTwoFactorEnabledAsync(user)) return RedirectToPage();
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, Authenticator.RecoveryCodeCount) ?? []];
        await signIn.RefreshSignInAsync(user);
        Audit(user, AuditOutcome.Success, "two-factor: new recovery codes issued, old ones void");
        await db.SaveChangesAsync();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        // A fresh session without the two-factor mark: admins and auditors stay on this page until they enrol again.
        await signIn.SignInAsync(user, isPersistent: false);
        Audit(user, AuditOutcome.Success, "two-factor: authenticator reset by its owner");
        await db.SaveChangesAsync();
        Message = "Your authenticator was reset. Add the new key to your app and confirm a code.";
        return RedirectToPage();
    }

    private async Task LoadAsync(ClaimsUser user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        Required = Authenticator.IsRequired(User) && !Authenticator.SessionHasSecondFactor(User) && RecoveryCodes.Count == 0;
        if (Enabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
            // A new key changes the security stamp; without a fresh cookie the next stamp check would sign the
            // person out while they scan the code.
            await signIn.RefreshSignInAsync(user);
        }
        SharedKey = Authenticator.Grouped(key);
        Uri = Authenticator.Uri(user.Email ?? user.UserName ?? user.Id, key);
        QrSvg = Authenticator.QrSvg(Uri);
    }

    private void Audit(ClaimsUser user, AuditOutcome outcome, string details) =>
        db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", Roles.All.FirstOrDefault(User.IsInRole) ?? "User", AuditAction.Update, "User", user.Id,
            Outcome: outcome, SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT", CorrelationId: HttpContext.TraceIdentifier, Details: details));
}
