using Claims.Denials;
using Claims.Domain;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Denials;

/// <summary>Write-offs above the approval limit, waiting for an admin: approve (written off and closed now) or refuse.</summary>
[Authorize(Roles = $"{Roles.Biller},{Roles.Admin}")]
public sealed class WriteOffsModel(DenialActions actions, DenialSettings settings) : PageModel
{
    [TempData] public string? Message { get; set; }

    public IReadOnlyList<PendingWriteOff> Pending { get; private set; } = [];

    public long Limit => settings.WriteOffApprovalLimitCents;

    public async Task OnGetAsync(CancellationToken ct) => Pending = await actions.PendingAsync(ct);

    public async Task<IActionResult> OnPostDecideAsync(Guid id, bool approve, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Admin)) return Forbid();
        try
        {
            if (approve)
            {
                var done = await actions.ApproveWriteOffAsync(id, HttpContext.As(ClaimRole.Admin), ct);
                Message = $"Approved: {IndexModel.Money(done.AmountCents)} written off as {done.Group}-{done.Carc}.";
            }
            else
            {
                await actions.RefuseWriteOffAsync(id, HttpContext.As(ClaimRole.Admin), ct);
                Message = "Refused: the claim stays in the worklist.";
            }
        }
        catch (ClaimsDomainException ex)
        {
            Message = ex.Message;
        }
        return RedirectToPage();
    }
}
