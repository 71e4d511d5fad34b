using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Clinic;

/// <summary>
/// The clinic portal's claim list: the user's own clinic's claims only, newest service date first, filtered by state,
/// paged by keyset (service date, id), with a marker on claims waiting for the clinic's answer to a query. Rows show
/// the patient's pseudonym only; the page view is one audited bulk read.
/// </summary>
[Authorize(Roles = Roles.Clinic)]
public sealed class ClaimsModel(ClaimsDbContext db, UserManager<ClaimsUser> users) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(Guid Id, string ControlNumber, string Patient, DateOnly ServiceFrom, ClaimState State, string Payer, long TotalCents, bool OpenQuery);

    [BindProperty(SupportsGet = true)] public ClaimState? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public string ClinicName { get; private set; } = "";
    public int Total { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? NextCursor { get; private set; }

    public static IReadOnlyList<ClaimState> States { get; } = Enum.GetValues<ClaimState>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if ((await users.GetUserAsync(User))?.ClinicId is not { } clinicId) return Forbid();
        ClinicName = await db.Clinics.Where(c => c.Id == clinicId).Select(c => c.Name).SingleAsync(ct);

        var claims = db.Claims.AsNoTracking().Where(c => c.ClinicId == clinicId);
        if (State is { } state) claims = claims.Where(c => c.State == state);
        Total = await claims.CountAsync(ct);
        if (TryCursor(After, out var afterDate, out var afterId))
        {
            claims = claims.Where(c => c.ServiceFrom < afterDate || (c.ServiceFrom == afterDate && c.Id.CompareTo(afterId) < 0));
        }
        var page = await (from c in claims
                          join p in db.Patients on c.PatientId equals p.Id
                          join py in db.Payers on c.PayerId equals py.Id into payers
                          from py in payers.DefaultIfEmpty()
                          orderby c.ServiceFrom descending, c.Id descending
                          select new Row(c.Id, c.ControlNumber.Value, p.Pseudonym, c.ServiceFrom, c.State, py == null ? "self-pay" : py.Name, c.TotalCharge.Cents,
                              db.ClinicQuestions.Any(q => q.ClaimId == c.Id && q.Status == QuestionStatus.Open)))
                         .Take(PageSize + 1).ToListAsync(ct);
        Rows = page.Take(PageSize).ToList();
        if (page.Count > PageSize) NextCursor = $"{Rows[^1].ServiceFrom:yyyy-MM-dd}_{Rows[^1].Id}";

        db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", Roles.Clinic, AuditAction.Read, "ClaimList", null,
            SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HPAYMT", CorrelationId: HttpContext.TraceIdentifier, Details: $"web clinic claims rows={Rows.Count}"));
        await db.SaveChangesAsync(ct);
        return Page();
    }

    public static string Money(long cents) => (cents / 100m).ToString("N2", CultureInfo.InvariantCulture);

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
