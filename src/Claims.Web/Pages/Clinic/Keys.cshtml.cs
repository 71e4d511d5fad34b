using Claims.Persistence;
using Claims.Security;
using Claims.Web.Api;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Clinic;

/// <summary>
/// The clinic portal's API keys for <c>POST /fhir</c>: the user's own clinic only. A key of another clinic is
/// answered 404, the same as a key that does not exist, so ids reveal nothing about other clinics.
/// </summary>
[Authorize(Roles = Roles.Clinic)]
public sealed class KeysModel(ClaimsDbContext db, UserManager<ClaimsUser> users, ClinicKeys keys) : PageModel
{
    public string ClinicName { get; private set; } = "";

    public ApiKeysPanel Panel { get; private set; } = new([], null);

    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ClinicIdAsync() is not { } clinicId) return Forbid();
        await LoadAsync(clinicId, null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (await ClinicIdAsync() is not { } clinicId) return Forbid();
        var secret = (await keys.IssueAsync(clinicId, HttpContext.Caller(), ct)).Secret;
        await LoadAsync(clinicId, secret, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, CancellationToken ct)
    {
        if (await ClinicIdAsync() is not { } clinicId) return Forbid();
        try
        {
            await keys.RevokeAsync(clinicId, keyId, HttpContext.Caller(), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        Message = "Key revoked: it no longer authenticates.";
        return RedirectToPage();
    }

    private async Task LoadAsync(Guid clinicId, string? newKey, CancellationToken ct)
    {
        ClinicName = await db.Clinics.Where(c => c.Id == clinicId).Select(c => c.Name).SingleAsync(ct);
        Panel = new ApiKeysPanel(await keys.ListAsync(clinicId, ct), newKey);
    }

    private async Task<Guid?> ClinicIdAsync() => (await users.GetUserAsync(User))?.ClinicId;
}
