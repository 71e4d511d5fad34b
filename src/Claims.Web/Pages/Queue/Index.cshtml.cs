using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Coding;
using Claims.Operations.Sla;
using Claims.Operations.Teams;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Queue;

/// <summary>
/// The coders' work queue: claims to code (Received, Coding, On hold), filtered by clinic, payer, state, service
/// dates, who holds them, age and how soon the payer's filing limit ends, oldest (or newest) service date first, paged
/// by keyset (service date, id); the query is <see cref="WorkQueue"/>, which <c>claims bench queue</c> times too.
/// Rows show the patient's pseudonym only; the URL carries ids, dates and numbers, never patient data.
/// </summary>
[Authorize(Roles = $"{Roles.Coder},{Roles.Admin}")]
public sealed class IndexModel(ClaimsDbContext db, TimeProvider time, Workbench workbench) : PageModel
{
    public const int PageSize = WorkQueue.PageSize;

    [TempData] public string? Message { get; set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>Take the most urgent claim nobody holds, with a lease, and open it.</summary>
    public async Task<IActionResult> OnPostTakeNextAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Coder)) return Forbid();
        var caller = HttpContext.As(ClaimRole.Coder);
        var claim = await workbench.TakeNextAsync(caller, ct);
        if (claim is null)
        {
            var scope = await TeamAssignments.ScopeAsync(db, caller, ct);
            Message = scope.IsEmpty ? scope.Why : "Nothing to take: every claim of your clinics to code is held by someone.";
            return RedirectToPage();
        }
        return Redirect($"/Claims/{claim.Id}");
    }

    [BindProperty(SupportsGet = true)] public Guid? Clinic { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Payer { get; set; }
    [BindProperty(SupportsGet = true)] public ClaimState? State { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    [BindProperty(SupportsGet = true)] public WorkQueueHolder Holder { get; set; }
    [BindProperty(SupportsGet = true)] public int? Age { get; set; }
    [BindProperty(SupportsGet = true)] public int? Due { get; set; }
    [BindProperty(SupportsGet = true)] public WorkQueueOrder Order { get; set; }

    /// <summary>The cursors of the pages before this one, oldest first ("-" for the first page): the Previous link pops one.</summary>
    [BindProperty(SupportsGet = true)] public string? Back { get; set; }

    /// <summary>Claims on this page whose clinic has answered the coder's question (they are back in Coding).</summary>
    public IReadOnlySet<Guid> Answered { get; private set; } = new HashSet<Guid>();

    /// <summary>When the filters find nothing: how many claims to code there are without them.</summary>
    public int? Unfiltered { get; private set; }

    public IReadOnlyList<WorkQueueRow> Rows { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Payers { get; private set; } = [];
    public int Total { get; private set; }
    public string? NextCursor { get; private set; }
    public DateOnly Today { get; private set; }

    /// <summary>Each row's coding SLA clock (absent when none runs).</summary>
    public IReadOnlyDictionary<Guid, SlaClock> Sla { get; private set; } = new Dictionary<Guid, SlaClock>();

    /// <summary>Why the queue is empty for this person (no clinic assignment), or null.</summary>
    public string? NoScope { get; private set; }

    public IReadOnlyList<ClaimState> States => WorkQueue.Workable;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Today = DateOnly.FromDateTime(Now.UtcDateTime);
        var scope = await TeamAssignments.ScopeAsync(db, HttpContext.Caller(), ct);
        if (scope.IsEmpty)
        {
            // Minimum necessary: a person who serves no clinic sees no claims, and is told why.
            NoScope = scope.Why;
            return;
        }
        Clinics = [.. (await db.Clinics.Where(c => scope.Filter == null || scope.Filter.Contains(c.Id)).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
        Payers = [.. (await db.Payers.OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name))];

        var filter = new WorkQueueFilter(Clinic, Payer, State, From, To, After)
        {
            Holder = Holder,
            Me = User.Identity?.Name,
            MinAgeDays = Age is >= 0 and <= 3650 ? Age : null,
            DueWithinDays = Due is >= -3650 and <= 3650 ? Due : null,
            Order = Order,
            AsOf = Now,
            Clinics = scope.Filter,
        };
        WorkQueuePage page;
        if (Order == WorkQueueOrder.SlaDue)
        {
            (page, Sla) = await SlaQueueOrder.QueryAsync(db, filter, Now, PageSize, ct);
        }
        else
        {
            page = await WorkQueue.QueryAsync(db, filter, PageSize, ct);
            Sla = await SlaBoard.CurrentAsync(db, [.. page.Rows.Select(r => r.Id)], Now, ct);
        }
        Rows = page.Rows;
        Total = page.Total;
        // The page shows dates of service by pseudonym: a bulk read, recorded once per page view.
        db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", Roles.All.FirstOrDefault(User.IsInRole) ?? "User", AuditAction.Read, "ClaimList", null,
            SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HPAYMT", CorrelationId: HttpContext.TraceIdentifier, Details: $"web queue rows={Rows.Count}"));
        await db.SaveChangesAsync(ct);
        NextCursor = page.NextCursor;
        var coding = Rows.Where(r => r.State == ClaimState.Coding).Select(r => r.Id).ToList();
        Answered = coding.Count == 0 ? new HashSet<Guid>() : (await db.ClinicQuestions.AsNoTracking()
            .Where(q => coding.Contains(q.ClaimId) && q.Status == QuestionStatus.Answered).Select(q => q.ClaimId).Distinct().ToListAsync(ct)).ToHashSet();
        if (Rows.Count == 0 && After is null && Filters().Count > 0)
        {
            Unfiltered = await db.Claims.CountAsync(c => c.State == ClaimState.Received || c.State == ClaimState.Coding || c.State == ClaimState.OnHold, ct);
        }
    }

    /// <summary>The filters in force, in words, for the "nothing found" answer.</summary>
    public IReadOnlyList<string> Filters()
    {
        var said = new List<string>();
        if (Clinic is { } clinic) said.Add("clinic " + (Clinics.FirstOrDefault(c => c.Id == clinic).Name ?? "(unknown)"));
        if (Payer is { } payer) said.Add("payer " + (Payers.FirstOrDefault(p => p.Id == payer).Name ?? "(unknown)"));
        if (State is { } state) said.Add("state " + ClaimStates.Words(state));
        if (Holder == WorkQueueHolder.Mine) said.Add("held by you (claims you hold, lease not expired)");
        if (Holder == WorkQueueHolder.Unassigned) said.Add("held by nobody");
        if (From is { } from) said.Add("served on or after " + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (To is { } to) said.Add("served on or before " + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (From is { } f && To is { } t && t < f) said.Add("(the end date is before the start date)");
        if (Age is { } age) said.Add($"served at least {age.ToString(CultureInfo.InvariantCulture)} days ago");
        if (Due is { } due) said.Add($"payer's filing limit ending within {due.ToString(CultureInfo.InvariantCulture)} days (self-pay claims have none)");
        return said;
    }

    /// <summary>The link to the previous page: the last cursor of the trail, the trail without it.</summary>
    public string? PreviousLink()
    {
        var trail = (Back ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (After is null || trail.Length == 0) return null;
        return "/Queue" + Link(trail[^1] == "-" ? null : trail[^1], string.Join(',', trail[..^1]));
    }

    /// <summary>The link to the next page: these filters, the next cursor (ids and dates only, never patient data).</summary>
    public string NextLink() => Link(NextCursor, string.IsNullOrEmpty(Back) ? After ?? "-" : $"{Back},{After ?? "-"}");

    private string Link(string? after, string? back) => QueryString.Create(new Dictionary<string, string?>
    {
        ["Clinic"] = Clinic?.ToString(), ["Payer"] = Payer?.ToString(), ["State"] = State?.ToString(),
        ["From"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["To"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Holder"] = Holder == WorkQueueHolder.Anyone ? null : Holder.ToString(), ["Age"] = Age?.ToString(CultureInfo.InvariantCulture),
        ["Due"] = Due?.ToString(CultureInfo.InvariantCulture), ["Order"] = Order == WorkQueueOrder.OldestFirst ? null : Order.ToString(),
        ["After"] = after, ["Back"] = back,
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();

    public string Money(long cents) => (cents / 100m).ToString("N2", CultureInfo.InvariantCulture);
}
