using Claims.Operations.Qa;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Operations;

/// <summary>A coder's own QA results: both sides' codes, accuracy, findings and the reviewer's feedback (each one an audited read).</summary>
[Authorize(Roles = Roles.Coder)]
public sealed class MyQaModel(QaReviews reviews) : PageModel
{
    public IReadOnlyList<QaFeedback> Reviews { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Reviews = await reviews.MineAsync(HttpContext.Caller(), 100, ct);
}
