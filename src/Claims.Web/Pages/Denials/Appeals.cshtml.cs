using Claims.Denials;
using Claims.Domain;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Denials;

/// <summary>Every appeal: open ones by deadline first, then the decided (no PHI; the list read is audited).</summary>
[Authorize(Roles = Roles.Biller)]
public sealed class AppealsModel(Appeals appeals, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AppealView> All { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        All = await appeals.ListAsync(caller: HttpContext.As(ClaimRole.Biller), cancellationToken: ct);
    }
}
