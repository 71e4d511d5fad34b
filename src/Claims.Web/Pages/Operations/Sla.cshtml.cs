using Claims.Operations.Sla;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Operations;

/// <summary>At-risk and breached claims per client, with causes, each client's attainment (<see cref="SlaBoard"/>), and its last days' attainment from the daily snapshots (<see cref="SlaSnapshots"/>).</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Manager},{Roles.Lead},{Roles.Coder},{Roles.Biller}")]
public sealed class SlaModel(SlaBoard board, SlaSnapshots snapshots, ClaimsDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Clinic { get; set; }

    public SlaBoardPage Board { get; private set; } = new([], [], null);

    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];

    /// <summary>Days the trend shows: a week fits the page at 800 px.</summary>
    public const int TrendDays = 7;

    /// <summary>The daily snapshots of the last <see cref="TrendDays"/> days, for the clinics the caller serves.</summary>
    public IReadOnlyList<SlaSnapshot> Trend { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Board = await board.ReadAsync(HttpContext.Caller(), Clinic, ct);
        Trend = [.. (await snapshots.TrendAsync(HttpContext.Caller(), TrendDays, ct)).Where(s => Clinic is null || s.ClinicId == Clinic)];
        Clinics = [.. (await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
    }
}
