using System.Globalization;
using Claims.Charges;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Admin;

/// <summary>
/// A clinic's fee schedule (chargemaster): view it, set or remove one fee, or import a CSV file, through the same use
/// case as <c>claims fees import|list</c> (<see cref="FeeSchedules"/>). Fees are not PHI.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class FeesModel(ClaimsDbContext db, FeeSchedules fees) : PageModel
{
    /// <summary>A fee schedule CSV is small; anything larger is not one.</summary>
    private const long MaxFileBytes = 5L * 1024 * 1024;

    public string ClinicName { get; private set; } = "";

    public IReadOnlyList<FeeRow> Rows { get; private set; } = [];

    public IReadOnlyList<FeeImportError> ImportErrors { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    [BindProperty] public string? Code { get; set; }

    [BindProperty] public string? Charge { get; set; }

    [BindProperty] public DateOnly? EffectiveFrom { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid clinicId, CancellationToken ct) => await LoadAsync(clinicId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSetAsync(Guid clinicId, CancellationToken ct)
    {
        if (EffectiveFrom is null) ModelState.AddModelError(nameof(EffectiveFrom), "Give the date the fee applies from.");
        else
        {
            try
            {
                var row = await fees.SetAsync(clinicId, Code, Charge, EffectiveFrom.Value, HttpContext.As(ClaimRole.Admin), ct);
                Message = string.Create(CultureInfo.InvariantCulture, $"{row.Code.Value} costs {row.Charge.Amount:N2} from {row.EffectiveFrom:yyyy-MM-dd}.");
                return RedirectToPage(new { clinicId });
            }
            catch (ClaimsDomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }
        return await LoadAsync(clinicId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid clinicId, string? code, DateOnly effectiveFrom, CancellationToken ct)
    {
        await fees.RemoveAsync(clinicId, code, effectiveFrom, HttpContext.As(ClaimRole.Admin), ct);
        Message = $"Removed the fee for {code} from {effectiveFrom:yyyy-MM-dd}.";
        return RedirectToPage(new { clinicId });
    }

    public async Task<IActionResult> OnPostImportAsync(Guid clinicId, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) ModelState.AddModelError(string.Empty, "Choose a CSV file (code,charge,effective_from).");
        else if (file.Length > MaxFileBytes) ModelState.AddModelError(string.Empty, "A fee schedule file is at most 5 MB.");
        else
        {
            using var reader = new StreamReader(file.OpenReadStream());
            var result = await fees.ImportAsync(clinicId, reader, HttpContext.As(ClaimRole.Admin), ct);
            if (!result.IsRejected)
            {
                Message = $"Imported {result.Rows} row(s): {result.Added} added, {result.Repriced} repriced, {result.Unchanged} unchanged.";
                return RedirectToPage(new { clinicId });
            }
            ImportErrors = result.Errors;
        }
        return await LoadAsync(clinicId, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid clinicId, CancellationToken ct)
    {
        var name = await db.Clinics.AsNoTracking().Where(c => c.Id == clinicId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null) return false;
        ClinicName = name;
        Rows = await fees.ListAsync(clinicId, ct);
        return true;
    }
}
