using Claims.Coding;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.ClaimPages;

/// <summary>
/// A coder's queries to the clinic about one claim: the thread, decrypted (an audited read per query), and a form
/// to ask a new question, which puts the claim on hold (QueryProvider). Asking is offered only while the claim is
/// being coded and nobody else holds it; the question is stored encrypted, never in the claim's history.
/// </summary>
[Authorize(Roles = Roles.Coder)]
public sealed class QueryModel(ClaimsDbContext db, TimeProvider time, ClinicQuestions questions) : PageModel
{
    public Guid Id { get; private set; }
    public string ControlNumber { get; private set; } = "";
    public string Patient { get; private set; } = "";
    public ClaimState State { get; private set; }
    public IReadOnlyList<ClinicQuestionView> Thread { get; private set; } = [];

    /// <summary>Why no question can be asked now, in plain words; null when one can.</summary>
    public string? CannotAsk { get; private set; }

    [BindProperty] public string? Question { get; set; }

    [TempData] public string? Problem { get; set; }

    public int MaxLength => ClinicQuestion.MaxTextLength;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Thread = await questions.ReadAsync(db.ClinicQuestions.Where(q => q.ClaimId == id), HttpContext.As(ClaimRole.Coder), cancellationToken: ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (CannotAsk is not null)
        {
            Problem = CannotAsk;
            return RedirectToPage(new { id });
        }
        try
        {
            await questions.AskAsync(id, Question, HttpContext.As(ClaimRole.Coder), ct);
        }
        catch (ClaimsDomainException ex)
        {
            Problem = ex.Message;
            return RedirectToPage(new { id });
        }
        // The claim page shows this (same TempData key as its own messages).
        TempData["Message"] = "Query sent to the clinic; the claim is on hold until it answers.";
        return Redirect($"/Claims/{id}");
    }

    private Actor Coder => HttpContext.As(ClaimRole.Coder).Actor;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (claim is null) return false;
        Id = id;
        ControlNumber = claim.ControlNumber.Value;
        State = claim.State;
        Patient = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.Pseudonym).SingleAsync(ct);
        CannotAsk = claim.State != ClaimState.Coding
            ? $"This claim is {claim.State}: a query to the clinic can be asked only while the claim is being coded."
            : claim.IsLeasedToOther(Coder.Id, time.GetUtcNow())
                ? $"{claim.AssignedTo} is coding this claim: only they can query the clinic about it."
                : null;
        return true;
    }
}
