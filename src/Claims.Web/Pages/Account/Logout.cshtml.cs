using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Account;

[AllowAnonymous]
public sealed class LogoutModel(SignInManager<ClaimsUser> signIn, ClaimsDbContext db) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Account/Login");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            db.Audit(new AuditRecord(User.Identity.Name ?? "unknown", "User", AuditAction.Logout, "Session", null,
                SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT", CorrelationId: HttpContext.TraceIdentifier));
            await db.SaveChangesAsync();
        }
        await signIn.SignOutAsync();
        return Page();
    }
}
