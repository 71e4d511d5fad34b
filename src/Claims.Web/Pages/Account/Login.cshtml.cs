using System.ComponentModel.DataAnnotations;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Account;

/// <summary>The first sign-in step: email and password. Accounts with an authenticator go on to <c>/Account/TwoFactor</c>.</summary>
public sealed class LoginModel(SignInManager<ClaimsUser> signIn, ClaimsDbContext db, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>
    /// The one answer for an unknown account, a wrong password and a locked account, so the page does not tell an
    /// attacker which accounts exist or are locked; the hint under the form says that failures lock an account.
    /// </summary>
    public const string FailedMessage = "Email or password is wrong.";

    public sealed class InputModel
    {
        [Required, EmailAddress]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, isPersistent: false, lockoutOnFailure: true);
        // The password was right and a second factor is due: the sign-in is recorded when that step ends.
        if (result.RequiresTwoFactor) return RedirectToPage("/Account/TwoFactor", new { ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null });
        var source = HttpContext.Connection.RemoteIpAddress?.ToString();
        // Staff log-ins are identified by their account name (not PHI); a failed attempt records the name tried.
        db.Audit(new AuditRecord(Input.Email, "User", result.Succeeded ? AuditAction.Login : AuditAction.LoginFailed, "Session", null,
            Outcome: result.Succeeded ? AuditOutcome.Success : AuditOutcome.Failure, SourceAddress: source, PurposeOfUse: "HOPERAT",
            CorrelationId: HttpContext.TraceIdentifier, Details: result.IsLockedOut ? "locked out" : null));
        await db.SaveChangesAsync();
        if (result.Succeeded)
        {
            logger.LogInformation("Sign-in succeeded for user {UserName}", Input.Email);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        logger.LogWarning("Sign-in failed (locked out: {LockedOut})", result.IsLockedOut);
        // The audit entry says which it was; the person is told the same in each case.
        ModelState.AddModelError(string.Empty, FailedMessage);
        return Page();
    }
}
