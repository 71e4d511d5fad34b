using Claims.Operations.Kpis;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Operations;

/// <summary>The claims behind one KPI figure (ids, clinic, payer, state, charge; no patient data), an audited read.</summary>
[Authorize(Roles = OperationsScope.Roles)]
public sealed class KpiClaimsModel(OperationsKpis kpis, UserManager<ClaimsUser> users, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";
    [BindProperty(SupportsGet = true)] public KpiSide Side { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Clinic { get; set; }
    [BindProperty(SupportsGet = true)] public string? Payer { get; set; }
    [BindProperty(SupportsGet = true)] public int? Bucket { get; set; }

    public KpiDrillDown Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OperationsScope.ResolveAsync(HttpContext, users, Clinic) is not { } scope) return Forbid();
        if (!ModelState.IsValid) return BadRequest();
        Result = await kpis.DrillDownAsync(scope.ClinicId, OperationsScope.Month(Month, time), Key, Side, Payer, Bucket, scope.Caller, ct);
        return Page();
    }
}
