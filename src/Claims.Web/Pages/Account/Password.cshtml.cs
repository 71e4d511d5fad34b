using System.ComponentModel.DataAnnotations;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Account;

/// <summary>
/// Change one's own password: the current one, then a new one twice (the policy: 12 characters with upper, lower and
/// digits). Required before anything else after an admin set the password; open to everyone at any time. Audited,
/// and the session is re-issued so it survives the new security stamp (keeping how it was signed in).
/// </summary>
public sealed class PasswordModel(UserManager<ClaimsUser> users, SignInManager<ClaimsUser> signIn, ClaimsDbContext db, ILogger<PasswordModel> logger) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string Current { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password.")]
        [StringLength(200, MinimumLength = 12, ErrorMessage = "The new password has at least 12 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string New { get; set; } = "";

        [Compare(nameof(New), ErrorMessage = "The two new passwords differ.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password again")]
        public string Confirm { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Required { get; private set; }

    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Required = user.MustChangePassword;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Required = user.MustChangePassword;
        if (ModelState.IsValid && Input.New == Input.Current) ModelState.AddModelError("Input.New", "Choose a password other than the current one.");
        if (!ModelState.IsValid) return Page();

        var result = await users.ChangePasswordAsync(user, Input.Current, Input.New);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(string.Empty, error.Code == "PasswordMismatch" ? "The current password is not right." : error.Description);
            db.Audit(new AuditRecord(user.UserName ?? user.Id, "User", AuditAction.Update, "Account", user.Id, Outcome: AuditOutcome.Failure,
                SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT", CorrelationId: HttpContext.TraceIdentifier, Details: "password change refused"));
            await db.SaveChangesAsync(ct);
            return Page();
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        db.Audit(new AuditRecord(user.UserName ?? user.Id, "User", AuditAction.Update, "Account", user.Id,
            SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT", CorrelationId: HttpContext.TraceIdentifier, Details: "password changed"));
        await db.SaveChangesAsync(ct);
        // The change moved the security stamp; a fresh cookie keeps this session (and its second factor, if any).
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} changed their password", user.Id);
        Message = "Your password is changed.";
        return LocalRedirect("/");
    }
}
