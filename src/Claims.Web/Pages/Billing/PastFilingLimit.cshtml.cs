using Claims.Domain;
using Claims.Filing;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Billing;

/// <summary>
/// Claims that arrived already past their payer's timely filing limit: never in the coders' queue, they wait here for a
/// biller to write them off (CO-29) or release them to coding with the proof of timely filing. The same use case as
/// <c>claims filing list|write-off|release</c> (<see cref="FilingDecisions"/>).
/// </summary>
[Authorize(Roles = Roles.Biller)]
public sealed class PastFilingLimitModel(FilingDecisions filing) : PageModel
{
    public IReadOnlyList<PastFilingLimitRow> Rows { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Rows = await filing.ListAsync(null, HttpContext.As(ClaimRole.Biller), ct);

    public async Task<IActionResult> OnPostWriteOffAsync(Guid claimId, string? note, CancellationToken ct)
    {
        try
        {
            var claim = await filing.WriteOffAsync(claimId, note, HttpContext.As(ClaimRole.Biller), ct);
            Message = $"Claim {claim.ControlNumber.Value} closed: {claim.TotalCharge.Amount:N2} written off as CO-29 (timely filing limit passed).";
            return RedirectToPage();
        }
        catch (DomainValidationException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
        }
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid claimId, string? reason, CancellationToken ct)
    {
        try
        {
            var claim = await filing.ReleaseAsync(claimId, reason, HttpContext.As(ClaimRole.Biller), ct);
            Message = $"Claim {claim.ControlNumber.Value} released to coding; it is in the work queue by its deadline {claim.FilingDeadline:yyyy-MM-dd}.";
            return RedirectToPage();
        }
        catch (DomainValidationException ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
        }
        await OnGetAsync(ct);
        return Page();
    }
}
