using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Account;

/// <summary>
/// Signing out ends every session of the person, not only this browser's: a new security stamp makes every cookie
/// issued before it fail the check that runs on each request, so a copied cookie is refused at once.
/// </summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<ClaimsUser> signIn, UserManager<ClaimsUser> users, ClaimsDbContext db) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Account/Login");

    /// <summary>Whether the browser signed out on its own after 15 idle minutes (the page says so).</summary>
    public bool Idle { get; private set; }

    public async Task<IActionResult> OnPostAsync(bool idle = false)
    {
        Idle = idle;
        if (User.Identity?.IsAuthenticated == true)
        {
            db.Audit(new AuditRecord(User.Identity.Name ?? "unknown", "User", AuditAction.Logout, "Session", null,
                SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT", CorrelationId: HttpContext.TraceIdentifier,
                Details: idle ? "automatic logoff after 15 idle minutes" : null));
            await db.SaveChangesAsync();
        }
        if (await users.GetUserAsync(User) is { } user) await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return Page();
    }
}
