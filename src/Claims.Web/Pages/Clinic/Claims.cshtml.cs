using System.Globalization;
using Claims.Domain;
using Claims.Persistence;
using Claims.Privacy;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Clinic;

/// <summary>
/// The clinic portal's claim list: the user's own clinic's claims only, newest service date first, with the patients'
/// names (the clinic is the covered entity; each patient shown is an audited read, see <see cref="ClinicClaims"/>),
/// a marker on claims waiting for the clinic's answer, and a search by patient (family name and birth date), claim
/// number and dates of service. The search is a POST: a typed name or birth date never reaches a URL, a log line or
/// the browser history. State and the page cursor (ids and dates only) stay in plain GET links.
/// </summary>
[Authorize(Roles = Roles.Clinic)]
public sealed class ClaimsModel(ClaimsDbContext db, UserManager<ClaimsUser> users, ClinicClaims clinicClaims) : PageModel
{
    public const int PageSize = ClinicClaims.PageSize;

    /// <summary>The search, posted in the body.</summary>
    public sealed class SearchInput
    {
        public ClaimState? State { get; set; }
        public string? FamilyName { get; set; }
        public string? BirthDate { get; set; }
        public string? ControlNumber { get; set; }
        public DateOnly? From { get; set; }
        public DateOnly? To { get; set; }
        public string? After { get; set; }
        public string? Back { get; set; }
    }

    [BindProperty(SupportsGet = true)] public ClaimState? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    [BindProperty(SupportsGet = true)] public string? Back { get; set; }

    [BindProperty] public SearchInput Search { get; set; } = new();

    public string ClinicName { get; private set; } = "";
    public int Total { get; private set; }
    public IReadOnlyList<ClinicClaimRow> Rows { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public string? Problem { get; private set; }

    /// <summary>The list answers a posted search (paging then posts too).</summary>
    public bool Searching { get; private set; }

    public static IReadOnlyList<ClaimState> States { get; } = Enum.GetValues<ClaimState>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Search = new SearchInput { State = State, After = After, Back = Back };
        return await ListAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Searching = true;
        State = Search.State;
        After = Search.After;
        Back = Search.Back;
        return await ListAsync(ct);
    }

    private async Task<IActionResult> ListAsync(CancellationToken ct)
    {
        if ((await users.GetUserAsync(User))?.ClinicId is not { } clinicId) return Forbid();
        ClinicName = await db.Clinics.Where(c => c.Id == clinicId).Select(c => c.Name).SingleAsync(ct);
        var query = new ClinicClaimQuery(Search.State, Search.FamilyName, Search.BirthDate, Search.ControlNumber, Search.From, Search.To, Search.After);
        try
        {
            var page = await clinicClaims.ReadAsync(clinicId, query, HttpContext.As(ClaimRole.Clinic), ct);
            (Rows, Total, NextCursor) = (page.Rows, page.Total, page.NextCursor);
        }
        catch (DomainValidationException ex)
        {
            Problem = ex.Message;
        }
        return Page();
    }

    /// <summary>The cursors for the next and previous pages: the trail of cursors before this page ("-" for the first).</summary>
    public (string After, string Back)? NextPage() => NextCursor is null ? null : (NextCursor, string.IsNullOrEmpty(Back) ? After ?? "-" : $"{Back},{After ?? "-"}");

    public (string? After, string Back)? PreviousPage()
    {
        var trail = (Back ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (After is null || trail.Length == 0) return null;
        return (trail[^1] == "-" ? null : trail[^1], string.Join(',', trail[..^1]));
    }

    /// <summary>A GET link for the plain list (state and cursors only).</summary>
    public string Link(string? after, string back) => "/Clinic/Claims" + QueryString.Create(new Dictionary<string, string?>
    {
        ["State"] = State?.ToString(), ["After"] = after, ["Back"] = back,
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();

    public static string Money(long cents) => (cents / 100m).ToString("N2", CultureInfo.InvariantCulture);
}
