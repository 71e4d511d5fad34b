using Claims.Domain;
using Claims.Operations.Qa;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Operations;

/// <summary>A lead re-codes a sampled claim blind (the encounter, never the coder's codes), then sees the code-over-code result.</summary>
[Authorize(Roles = Roles.Lead)]
public sealed class QaReviewModel(QaReviews reviews) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public QaBlindView? View { get; private set; }

    [BindProperty] public string? Diagnoses { get; set; }

    [BindProperty] public string? Lines { get; set; }

    [BindProperty] public string? Feedback { get; set; }

    public string? Error { get; private set; }

    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => View = await reviews.OpenAsync(Id, HttpContext.As(ClaimRole.Lead), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var caller = HttpContext.As(ClaimRole.Lead);
        try
        {
            var sample = await reviews.ReviewAsync(Id, Diagnoses, Lines, Feedback, caller, ct);
            Message = $"Reviewed: accuracy {sample.AccuracyBasisPoints / 100m:0.00}%. " + (string.IsNullOrEmpty(sample.Findings) ? "The codes agree." : "Findings: " + sample.Findings.Replace("\n", "; ", StringComparison.Ordinal));
            return RedirectToPage("/Operations/Qa");
        }
        catch (DomainValidationException ex)
        {
            Error = ex.Message;
            View = await reviews.OpenAsync(Id, caller, ct);
            return Page();
        }
    }
}
