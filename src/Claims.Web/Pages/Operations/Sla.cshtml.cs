using Claims.Operations.Sla;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Operations;

/// <summary>At-risk and breached claims per client, with causes, and each client's attainment (<see cref="SlaBoard"/>).</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Manager},{Roles.Lead},{Roles.Coder},{Roles.Biller}")]
public sealed class SlaModel(SlaBoard board, ClaimsDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Clinic { get; set; }

    public SlaBoardPage Board { get; private set; } = new([], [], null);

    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Board = await board.ReadAsync(HttpContext.Caller(), Clinic, ct);
        Clinics = [.. (await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
    }
}
