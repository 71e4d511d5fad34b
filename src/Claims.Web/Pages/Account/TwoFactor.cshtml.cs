using System.ComponentModel.DataAnnotations;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Account;

/// <summary>
/// The second sign-in step: a 6-digit code from the authenticator app, or one of the person's recovery codes (each
/// works once). Wrong codes count towards the same lockout as wrong passwords. The browser is never remembered.
/// </summary>
public sealed class TwoFactorModel(SignInManager<ClaimsUser> signIn, ClaimsDbContext db, ILogger<TwoFactorModel> logger) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the code from your authenticator app, or a recovery code.")]
        [StringLength(40)]
        [Display(Name = "Code")]
        public string Code { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // Only after a right password: without Identity's two-factor cookie there is nothing to complete.
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return RedirectToPage("/Account/Login");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (!ModelState.IsValid) return Page();

        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var isTotp = code.Length == 6 && code.All(char.IsAsciiDigit);
        var result = isTotp
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Input.Code.Trim());
        var method = isTotp ? "authenticator" : "recovery code";
        db.Audit(new AuditRecord(user.UserName ?? user.Id, "User", result.Succeeded ? AuditAction.Login : AuditAction.LoginFailed, "Session", null,
            Outcome: result.Succeeded ? AuditOutcome.Success : AuditOutcome.Failure, SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT",
            CorrelationId: HttpContext.TraceIdentifier, Details: result.IsLockedOut ? $"second factor ({method}); locked out" : $"second factor ({method})"));
        await db.SaveChangesAsync();
        if (result.Succeeded)
        {
            logger.LogInformation("Two-factor sign-in succeeded for user {UserId} with {Method}", user.Id, method);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        logger.LogWarning("Two-factor sign-in failed for user {UserId} (locked out: {LockedOut})", user.Id, result.IsLockedOut);
        ModelState.AddModelError(string.Empty, result.IsLockedOut ? "This account is locked for 15 minutes after repeated failures." : "That code is not valid. Codes change every 30 seconds; a recovery code works once.");
        return Page();
    }
}
