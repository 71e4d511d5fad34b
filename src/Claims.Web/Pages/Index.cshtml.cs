using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages;

/// <summary>The dashboard: claim counts by workflow state, grouped by who works them. Counts only, no PHI.</summary>
public sealed class IndexModel(ClaimsDbContext db, UserManager<ClaimsUser> users) : PageModel
{
    public sealed record Tile(ClaimState State, string Label, int Count);

    public sealed record Stage(string Name, IReadOnlyList<Tile> States);

    public IReadOnlyList<Stage> Stages { get; private set; } = [];

    public int Total { get; private set; }

    public string Scope { get; private set; } = "All clinics";

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
        var counts = await claims.GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        Total = counts.Values.Sum();
        Stages = [.. Layout.Select(s => new Stage(s.Name, [.. s.States.Select(state => new Tile(state, Label(state), counts.GetValueOrDefault(state)))]))];
    }

    private static string Label(ClaimState state) => state switch
    {
        ClaimState.OnHold => "On hold",
        ClaimState.ReadyToSubmit => "Ready to submit",
        ClaimState.PartiallyPaid => "Partially paid",
        _ => state.ToString(),
    };
}
