using Claims.Domain;
using Claims.Remittance;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Billing;

/// <summary>A claim's explanation of benefits: what the payer said, line by line, with CARC and RARC words, and the balances (audited read).</summary>
[Authorize(Roles = Roles.Biller)]
public sealed class EobModel(ClaimExplanations explanations) : PageModel
{
    public ClaimExplanation Explanation { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Explanation = await explanations.OpenAsync(id, HttpContext.As(ClaimRole.Biller), ct);
}
