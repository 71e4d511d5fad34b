using Claims.Coding;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages;

/// <summary>The dashboard: claim counts by workflow state, grouped by who works them. Counts only, no PHI.</summary>
public sealed class IndexModel(ClaimsDbContext db, UserManager<ClaimsUser> users, Claims.Denials.DenialWorklist denials) : PageModel
{
    public sealed record Tile(ClaimState State, string Label, int Count);

    public sealed record Stage(string Name, IReadOnlyList<Tile> States);

    public IReadOnlyList<Stage> Stages { get; private set; } = [];

    public int Total { get; private set; }

    public string Scope { get; private set; } = "All clinics";

    /// <summary>For billers: open denials, deadlines within the worklist's horizon, and missed ones.</summary>
    public (int Open, int DueSoon, int Missed)? Denials { get; private set; }

    private static readonly (string Name, ClaimState[] States)[] Layout =
    [
        ("Coding", [ClaimState.Received, ClaimState.Coding, ClaimState.OnHold, ClaimState.Verification]),
        ("Billing", [ClaimState.ReadyToSubmit, ClaimState.Submitted, ClaimState.Rejected, ClaimState.Accepted]),
        ("Payment and denials", [ClaimState.Paid, ClaimState.PartiallyPaid, ClaimState.Denied, ClaimState.Appealed, ClaimState.PatientBilling]),
        ("Finished", [ClaimState.Closed, ClaimState.Voided]),
    ];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var claims = db.Claims.AsQueryable();
        var user = await users.GetUserAsync(User);
        if (User.IsInRole(Roles.Clinic))
        {
            // A clinic user sees only its own clinic's work; without a clinic binding, nothing.
            var clinicId = user?.ClinicId ?? Guid.Empty;
            claims = claims.Where(c => c.ClinicId == clinicId);
            Scope = await db.Clinics.Where(c => c.Id == clinicId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken) ?? "No clinic";
        }
        if (User.IsInRole(Roles.Biller)) Denials = await denials.CountsAsync(cancellationToken: cancellationToken);
        var counts = await claims.GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        Total = counts.Values.Sum();
        Stages = [.. Layout.Select(s => new Stage(s.Name, [.. s.States.Select(state => new Tile(state, Label(state), counts.GetValueOrDefault(state)))]))];
    }

    private static string Label(ClaimState state) => ClaimStates.Words(state);

    /// <summary>
    /// The list a tile opens for this user: the clinic's own claims in that state, the coders' queue for the states
    /// coders work, billers' Ready to submit; null (a plain tile) where the user has no list of those claims.
    /// </summary>
    public string? ListFor(ClaimState state)
    {
        if (User.IsInRole(Roles.Clinic)) return $"/Clinic/Claims?State={state}";
        if ((User.IsInRole(Roles.Coder) || User.IsInRole(Roles.Admin)) && WorkQueue.Workable.Contains(state)) return $"/Queue?State={state}";
        if (User.IsInRole(Roles.Biller) && state == ClaimState.ReadyToSubmit) return "/Billing/Ready";
        return null;
    }
}
