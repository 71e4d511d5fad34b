using System.Globalization;
using Claims.Audit;
using Claims.Claims;
using Claims.Coding;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Queue;

/// <summary>
/// The coders' work queue: claims to code (Received, Coding, On hold), oldest service date first, filtered by
/// clinic, payer, state and service dates, paged by keyset (service date, id); the query is <see cref="WorkQueue"/>, which
/// <c>claims bench queue</c> times too. Rows show the patient's pseudonym only.
/// </summary>
[Authorize(Roles = $"{Roles.Coder},{Roles.Admin}")]
public sealed class IndexModel(ClaimsDbContext db, TimeProvider time) : PageModel
{
    public const int PageSize = WorkQueue.PageSize;

    [TempData] public string? Message { get; set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>Take the most urgent claim nobody holds, with a lease, and open it.</summary>
    public async Task<IActionResult> OnPostTakeNextAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Coder)) return Forbid();
        var claim = await CoderAssignments.TakeNextAsync(db, new Actor(User.Identity?.Name ?? "unknown", ClaimRole.Coder), time.GetUtcNow(), null, ct);
        if (claim is null)
        {
            Message = "Nothing to take: every claim to code is held by someone.";
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

    public IReadOnlyList<WorkQueueRow> Rows { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Payers { get; private set; } = [];
    public int Total { get; private set; }
    public string? NextCursor { get; private set; }
    public DateOnly Today { get; private set; }

    public IReadOnlyList<ClaimState> States => WorkQueue.Workable;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Today = DateOnly.FromDateTime(Now.UtcDateTime);
        Clinics = [.. (await db.Clinics.OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
        Payers = [.. (await db.Payers.OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name))];

        var page = await WorkQueue.QueryAsync(db, new WorkQueueFilter(Clinic, Payer, State, From, To, After), PageSize, ct);
        Rows = page.Rows;
        Total = page.Total;
        // The page shows dates of service by pseudonym: a bulk read, recorded once per page view.
        db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", Roles.All.FirstOrDefault(User.IsInRole) ?? "User", AuditAction.Read, "ClaimList", null,
            SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HPAYMT", CorrelationId: HttpContext.TraceIdentifier, Details: $"web queue rows={Rows.Count}"));
        await db.SaveChangesAsync(ct);
        NextCursor = page.NextCursor;
    }

    public string Money(long cents) => (cents / 100m).ToString("N2", CultureInfo.InvariantCulture);
}
