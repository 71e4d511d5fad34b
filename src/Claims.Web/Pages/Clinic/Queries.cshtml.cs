using Claims.Coding;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
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
public sealed class QueriesModel(ClaimsDbContext db, UserManager<ClaimsUser> users, ClinicQuestions questions) : PageModel
{
    /// <summary>How many answered queries are listed below the open ones.</summary>
    public const int AnsweredShown = 25;

    public IReadOnlyList<ClinicQuestionView> Open { get; private set; } = [];
    public IReadOnlyList<ClinicQuestionView> Answered { get; private set; } = [];
    public string ClinicName { get; private set; } = "";

    public int MaxLength => ClinicQuestion.MaxTextLength;

    [TempData] public string? Message { get; set; }
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ClinicIdAsync() is not { } clinicId) return Forbid();
        ClinicName = await db.Clinics.Where(c => c.Id == clinicId).Select(c => c.Name).SingleAsync(ct);
        var mine = db.ClinicQuestions.Where(q => q.ClinicId == clinicId);
        Open = await questions.ReadAsync(mine.Where(q => q.Status == QuestionStatus.Open), Reader, 200, ct);
        Answered = await questions.ReadAsync(mine.Where(q => q.Status == QuestionStatus.Answered), Reader, AnsweredShown, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid query, string? answer, CancellationToken ct)
    {
        if (await ClinicIdAsync() is not { } clinicId) return Forbid();
        try
        {
            await questions.AnswerAsync(query, clinicId, answer, Reader, ct);
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

    private Caller Reader => HttpContext.As(ClaimRole.Clinic);

    private async Task<Guid?> ClinicIdAsync() => (await users.GetUserAsync(User))?.ClinicId;
}
