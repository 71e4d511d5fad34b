using System.Globalization;
using Claims.Audit;
using Claims.Claims;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Queue;

/// <summary>
/// The coders' work queue: claims to code (Received, Coding, On hold), oldest service date first, filtered by
/// clinic, payer, state and service dates, paged by keyset (service date, id) so page 500 costs what page 1 does.
/// Rows show the patient's pseudonym only.
/// </summary>
[Authorize(Roles = $"{Roles.Coder},{Roles.Admin}")]
public sealed class IndexModel(ClaimsDbContext db, TimeProvider time) : PageModel
{
    public const int PageSize = 50;
    private static readonly ClaimState[] Workable = [ClaimState.Received, ClaimState.Coding, ClaimState.OnHold];

    public sealed record Row(Guid Id, string ControlNumber, ClaimState State, string Clinic, string Patient, string Payer, DateOnly ServiceFrom, int Lines, long TotalCents, string? AssignedTo, DateTimeOffset? LeaseExpiresAt);

    [TempData] public string? Message { get; set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>Take the most urgent claim nobody holds, with a lease, and open it.</summary>
    public async Task<IActionResult> OnPostTakeNextAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Coder)) return Forbid();
        var claim = await Coding.CoderAssignments.TakeNextAsync(db, new Actor(User.Identity?.Name ?? "unknown", ClaimRole.Coder), time.GetUtcNow(), null, ct);
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

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Payers { get; private set; } = [];
    public int Total { get; private set; }
    public string? NextCursor { get; private set; }
    public DateOnly Today { get; private set; }

    public IReadOnlyList<ClaimState> States => Workable;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Today = DateOnly.FromDateTime(Now.UtcDateTime);
        Clinics = [.. (await db.Clinics.OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
        Payers = [.. (await db.Payers.OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name))];

        var states = State is { } one && Workable.Contains(one) ? [one] : Workable;
        var claims = db.Claims.AsNoTracking().Where(c => states.Contains(c.State));
        if (Clinic is { } clinic) claims = claims.Where(c => c.ClinicId == clinic);
        if (Payer is { } payer) claims = claims.Where(c => c.PayerId == payer);
        if (From is { } from) claims = claims.Where(c => c.ServiceFrom >= from);
        if (To is { } to) claims = claims.Where(c => c.ServiceFrom <= to);
        Total = await claims.CountAsync(ct);

        if (TryCursor(After, out var afterDate, out var afterId))
        {
            claims = claims.Where(c => c.ServiceFrom > afterDate || (c.ServiceFrom == afterDate && c.Id.CompareTo(afterId) > 0));
        }
        var page = await (from c in claims
                          join cl in db.Clinics on c.ClinicId equals cl.Id
                          join p in db.Patients on c.PatientId equals p.Id
                          join py in db.Payers on c.PayerId equals py.Id into payers
                          from py in payers.DefaultIfEmpty()
                          orderby c.ServiceFrom, c.Id
                          select new Row(c.Id, c.ControlNumber.Value, c.State, cl.Name, p.Pseudonym, py == null ? "self-pay" : py.Name, c.ServiceFrom, c.Lines.Count, c.TotalCharge.Cents, c.AssignedTo, c.LeaseExpiresAt))
                         .Take(PageSize + 1).ToListAsync(ct);
        Rows = page.Take(PageSize).ToList();
        // The page shows dates of service by pseudonym: a bulk read, recorded once per page view.
        db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", Roles.All.FirstOrDefault(User.IsInRole) ?? "User", AuditAction.Read, "ClaimList", null,
            SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HPAYMT", CorrelationId: HttpContext.TraceIdentifier, Details: $"web queue rows={Rows.Count}"));
        await db.SaveChangesAsync(ct);
        if (page.Count > PageSize)
        {
            var last = Rows[^1];
            NextCursor = $"{last.ServiceFrom:yyyy-MM-dd}_{last.Id}";
        }
    }

    public string Money(long cents) => (cents / 100m).ToString("N2", CultureInfo.InvariantCulture);

    private static bool TryCursor(string? cursor, out DateOnly date, out Guid id)
    {
        date = default;
        id = default;
        var parts = cursor?.Split('_');
        return parts is { Length: 2 }
            && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && Guid.TryParse(parts[1], out id);
    }
}
