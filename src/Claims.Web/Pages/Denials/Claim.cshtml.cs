using Claims.Denials;
using Claims.Domain;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Denials;

/// <summary>
/// One claim's denial, worked: every refused code in words with the rule that routes it, the deadline, and the acts
/// (take, correct and resubmit, void, write off, appeal: draft with enclosures, letter PDF, sent, decided). Each button
/// calls one use case; the page only parses and renders. "Bill patient" waits for patient statements.
/// </summary>
[Authorize(Roles = Roles.Biller)]
[RequestSizeLimit(8 * 1024 * 1024)]
public sealed class ClaimModel(DenialWorklist worklist, DenialActions actions, DenialAssignments assignments, Appeals appeals, Claims.Statements.PatientBilling patientBilling) : PageModel
{
    [TempData] public string? Message { get; set; }

    public ClaimDenial? Denial { get; private set; }

    public IReadOnlyList<AppealView> AppealList { get; private set; } = [];

    public AppealView? Open { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Denial = await worklist.ShowAsync(id, HttpContext.As(ClaimRole.Biller), ct);
        if (Denial is null) return NotFound();
        AppealList = await appeals.ListAsync(id, cancellationToken: ct);
        if (AppealList.FirstOrDefault(a => a.Status != AppealStatus.Decided) is { } open) Open = await appeals.ReadAsync(open.Id, HttpContext.As(ClaimRole.Biller), ct);
        return Page();
    }

    public Task<IActionResult> OnPostTakeAsync(Guid id, CancellationToken ct) => Act(id, async c => { await assignments.TakeAsync(id, c, ct); return "The claim is yours for 30 minutes."; });

    public Task<IActionResult> OnPostReleaseAsync(Guid id, CancellationToken ct) => Act(id, async c => { await assignments.ReleaseAsync(id, c, ct); return "Released to the worklist."; });

    public Task<IActionResult> OnPostCorrectAsync(Guid id, string? reason, CancellationToken ct) =>
        Act(id, async c => { var claim = await actions.CorrectAsync(id, reason, c, ct); return $"Back in Coding: it will go out as a replacement (frequency 7) of payer claim {claim.PayerClaimNumber}."; });

    public Task<IActionResult> OnPostBillPatientAsync(Guid id, CancellationToken ct) =>
        Act(id, async c => (await patientBilling.BillPatientAsync(id, c, cancellationToken: ct)).Message);

    public Task<IActionResult> OnPostVoidAsync(Guid id, string? reason, CancellationToken ct) =>
        Act(id, async c => { var claim = await actions.VoidAsync(id, reason, c, ct); return $"Voided: the next batch sends the void (frequency 8) of payer claim {claim.PayerClaimNumber}."; });

    public Task<IActionResult> OnPostWriteOffAsync(Guid id, string? reason, CancellationToken ct) =>
        Act(id, async c =>
        {
            var r = await actions.WriteOffAsync(id, reason, c, ct);
            return r.PendingApproval
                ? $"{IndexModel.Money(r.AmountCents)} is above the approval limit: the write-off waits for an admin."
                : $"Wrote off {IndexModel.Money(r.AmountCents)} as {r.Group}-{r.Carc}; the claim is Closed.";
        });

    public Task<IActionResult> OnPostDraftAsync(Guid id, string? argument, CancellationToken ct) =>
        Act(id, async c => { var a = await appeals.DraftAsync(id, argument, c, ct); return $"Appeal level {a.Level} drafted; file it by {a.Deadline:yyyy-MM-dd}."; });

    public Task<IActionResult> OnPostAttachAsync(Guid id, Guid appeal, string? label, IFormFile? file, CancellationToken ct) =>
        Act(id, async c =>
        {
            if (file is null || file.Length == 0) throw new DomainValidationException("Choose a file to enclose.");
            if (file.Length > AppealAttachment.MaxBytes) throw new DomainValidationException("An enclosure is at most 5 MB.");
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            await appeals.AttachAsync(appeal, string.IsNullOrWhiteSpace(label) ? "Enclosure" : label, file.ContentType, buffer.ToArray(), c, ct);
            return "Enclosure added (stored encrypted).";
        });

    public Task<IActionResult> OnPostSendAsync(Guid id, Guid appeal, CancellationToken ct) =>
        Act(id, async c => { await appeals.SendAsync(appeal, c, ct); return "Appeal marked sent; the claim is Appealed."; });

    public Task<IActionResult> OnPostDecideAsync(Guid id, Guid appeal, AppealOutcome outcome, DateOnly? decidedOn, CancellationToken ct) =>
        Act(id, async c =>
        {
            var a = await appeals.DecideAsync(appeal, outcome, decidedOn ?? throw new DomainValidationException("Give the date on the payer's decision."), c, ct);
            return a.Outcome == AppealOutcome.Upheld ? $"Upheld: the next level must be filed by {a.NextLevelDeadline:yyyy-MM-dd}." : "Overturned: the payer's next 835 pays the claim.";
        });

    public async Task<IActionResult> OnPostLetterAsync(Guid id, Guid appeal, CancellationToken ct)
    {
        try
        {
            var letter = await appeals.LetterAsync(appeal, HttpContext.As(ClaimRole.Biller), ct);
            return File(letter.Content, letter.ContentType, letter.FileName);
        }
        catch (ClaimsDomainException ex)
        {
            Message = ex.Message;
            return RedirectToPage(new { id });
        }
    }

    public async Task<IActionResult> OnPostEnclosureAsync(Guid id, Guid attachment, CancellationToken ct)
    {
        var doc = await appeals.AttachmentAsync(attachment, HttpContext.As(ClaimRole.Biller), ct);
        return File(doc.Content, doc.ContentType, doc.FileName);
    }

    private async Task<IActionResult> Act(Guid id, Func<Caller, Task<string>> act)
    {
        try
        {
            Message = await act(HttpContext.As(ClaimRole.Biller));
        }
        catch (ClaimsDomainException ex)
        {
            Message = ex.Message;
        }
        return RedirectToPage(new { id });
    }
}
