using Claims.Domain;
using Claims.Operations.Teams;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Operations;

/// <summary>
/// Who serves which client. Leads see their team, managers everyone; admins assign, unassign, move people between
/// clients and set their lead, each through <see cref="TeamAssignments"/> (audited).
/// </summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Manager},{Roles.Lead}")]
public sealed class TeamsModel(TeamAssignments teams, ClaimsDbContext db) : PageModel
{
    public IReadOnlyList<TeamRow> Roster { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    [TempData] public string? Error { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Roster = await teams.RosterAsync(HttpContext.Caller(), ct);
        Clinics = [.. (await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
    }

    public Task<IActionResult> OnPostAssignAsync(string person, Guid clinic, string? skill, CancellationToken ct) =>
        Act(() => teams.AssignAsync(person, clinic, skill, Admin(), ct), $"{person} assigned.");

    public Task<IActionResult> OnPostUnassignAsync(string person, Guid clinic, CancellationToken ct) =>
        Act(() => teams.UnassignAsync(person, clinic, Admin(), ct), $"{person} taken off the clinic.");

    public Task<IActionResult> OnPostMoveAsync(string person, Guid from, Guid to, CancellationToken ct) =>
        Act(() => teams.MoveAsync(person, from, to, Admin(), ct), $"{person} moved.");

    public Task<IActionResult> OnPostLeadAsync(string person, string? lead, CancellationToken ct) =>
        Act(() => teams.SetLeadAsync(person, lead, Admin(), ct), $"{person}'s lead set.");

    private Caller Admin() => HttpContext.As(ClaimRole.Admin);

    private async Task<IActionResult> Act(Func<Task> act, string done)
    {
        if (!User.IsInRole(Roles.Admin)) return Forbid();
        try
        {
            await act();
            Message = done;
        }
        catch (Exception ex) when (ex is DomainValidationException or NotFoundException)
        {
            Error = ex.Message;
        }
        return RedirectToPage();
    }
}
