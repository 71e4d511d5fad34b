using Claims.Domain;
using Claims.Remittance;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Billing;

/// <summary>
/// The remittance exceptions worklist: what could not be posted (claim, transaction, amounts) and why; a biller marks
/// one handled with a note, or re-posts it once the cause is fixed. Each act is a <see cref="RemittanceExceptions"/>
/// use case with its audit entry.
/// </summary>
[Authorize(Roles = Roles.Biller)]
public sealed class ExceptionsModel(RemittanceExceptions exceptions) : PageModel
{
    public IReadOnlyList<RemittanceExceptionView> Items { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public bool Resolved { get; set; }

    [TempData] public string? Message { get; set; }

    [TempData] public string? Problem { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Items = await exceptions.ListAsync(Resolved, 200, HttpContext.As(ClaimRole.Biller), ct);

    public async Task<IActionResult> OnPostResolveAsync(Guid id, string? note, CancellationToken ct)
    {
        try
        {
            await exceptions.ResolveAsync(id, note, HttpContext.As(ClaimRole.Biller), ct);
            Message = "Marked handled.";
        }
        catch (ClaimsDomainException ex)
        {
            Problem = ex.Message;
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRepostAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var posted = await exceptions.RepostAsync(id, HttpContext.As(ClaimRole.Biller), ct);
            Message = $"Re-posted: claim {posted.ControlNumber} {posted.Outcome}, paid {posted.PaidCents / 100m:N2}.";
        }
        catch (ClaimsDomainException ex)
        {
            Problem = ex.Message;
        }
        return RedirectToPage();
    }
}
