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
/// The coders' queries to the user's own clinic: open ones first, each decrypted (an audited read) with a form to
/// answer it, which sends the claim back to coding (ProviderAnswered); answered ones below. Another clinic's query
/// is "not found".
/// </summary>
[Authorize(Roles = Roles.Clinic)]
public sealed class QueriesModel(ClaimsDbContext db, UserManager<ClaimsUser> users, TimeProvider time) : PageModel
{
    /// <summary>How many answered queries are listed below the open ones.</summary>
    public const int AnsweredShown = 25;

    public IReadOnlyList<ClaimQueryView> Open { get; private set; } = [];
    public IReadOnlyList<ClaimQueryView> Answered { get; private set; } = [];
    public string ClinicName { get; private set; } = "";

    public int MaxLength => ClaimQuery.MaxTextLength;

    [TempData] public string? Message { get; set; }
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ClinicIdAsync() is not { } clinicId) return Forbid();
        ClinicName = await db.Clinics.Where(c => c.Id == clinicId).Select(c => c.Name).SingleAsync(ct);
        var mine = db.ClaimQueries.Where(q => q.ClinicId == clinicId);
        Open = await ClinicQueries.ReadAsync(db, mine.Where(q => q.Status == ClaimQueryStatus.Open), Reader, 200, Origin, ct);
        Answered = await ClinicQueries.ReadAsync(db, mine.Where(q => q.Status == ClaimQueryStatus.Answered), Reader, AnsweredShown, Origin, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid query, string? answer, CancellationToken ct)
    {
        if (await ClinicIdAsync() is not { } clinicId) return Forbid();
        try
        {
            await ClinicQueries.AnswerAsync(db, query, clinicId, Reader, answer, time.GetUtcNow(), Origin, ct);
            Message = "Answer sent; the claim is back with the coders.";
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ClaimsDomainException ex)
        {
            Problem = ex.Message;
        }
        return RedirectToPage();
    }

    private Actor Reader => new(User.Identity?.Name ?? "unknown", ClaimRole.Clinic);

    private AuditOrigin Origin => new(HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.TraceIdentifier);

    private async Task<Guid?> ClinicIdAsync() => (await users.GetUserAsync(User))?.ClinicId;
}
