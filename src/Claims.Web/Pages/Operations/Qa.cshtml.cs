using Claims.Operations.Qa;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Operations;

/// <summary>QA samples and results per coder and client; leads review from here, and leads, managers and admins draw a week's samples.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Manager},{Roles.Lead}")]
public sealed class QaModel(QaReviews reviews, QaSampling sampling, TimeProvider time) : PageModel
{
    public IReadOnlyList<QaSampleRow> Samples { get; private set; } = [];

    public QaResults Results { get; private set; } = new([], []);

    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = HttpContext.Caller();
        Samples = await reviews.ListAsync(caller, null, null, 200, ct);
        Results = await reviews.ResultsAsync(caller, ct);
    }

    public async Task<IActionResult> OnPostDrawAsync(DateOnly? week, int? percent, CancellationToken ct)
    {
        var rules = QaRules.Default with { RandomPercent = percent ?? QaRules.Default.RandomPercent };
        try
        {
            var result = await sampling.DrawAsync(week ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-7), rules, HttpContext.Caller(), ct);
            Message = $"Week of {result.WeekOf:yyyy-MM-dd}: {result.Total} new sample(s) ({result.Random} random, {result.NewCoder} new coder, {result.Targeted} targeted).";
        }
        catch (DomainValidationException ex)
        {
            Message = ex.Message;
        }
        return RedirectToPage();
    }
}
