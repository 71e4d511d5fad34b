using Claims.Persistence;
using Claims.Security;
using Claims.Web.Api;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Admin;

/// <summary>An admin's view of one clinic's API keys: issue (shown once), revoke, and see which are still used.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class KeysModel(ClaimsDbContext db, ClinicKeys keys) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ClinicId { get; set; }

    public string ClinicName { get; private set; } = "";

    public ApiKeysPanel Panel { get; private set; } = new([], null);

    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(null, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await db.Clinics.AnyAsync(c => c.Id == ClinicId, ct)) return NotFound();
        var secret = (await keys.IssueAsync(ClinicId, HttpContext.Caller(), ct)).Secret;
        await LoadAsync(secret, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, CancellationToken ct)
    {
        try
        {
            await keys.RevokeAsync(ClinicId, keyId, HttpContext.Caller(), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        Message = "Key revoked: it no longer authenticates.";
        return RedirectToPage(new { ClinicId });
    }

    private async Task<bool> LoadAsync(string? newKey, CancellationToken ct)
    {
        var name = await db.Clinics.Where(c => c.Id == ClinicId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null) return false;
        ClinicName = name;
        Panel = new ApiKeysPanel(await keys.ListAsync(ClinicId, ct), newKey);
        return true;
    }
}
