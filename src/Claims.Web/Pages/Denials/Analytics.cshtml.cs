using System.Text.Json;
using Claims.Denials;
using Claims.Domain;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Denials;

/// <summary>Denial analytics with charts (<see cref="DenialAnalytics"/>): the numbers and their formulas on the page, the chart data as a JSON block for wwwroot/js/denial-charts.js (CSP: no inline script).</summary>
[Authorize(Roles = $"{Roles.Biller},{Roles.Admin}")]
public sealed class AnalyticsModel(DenialAnalytics analytics) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Months { get; set; } = 6;

    public DenialAnalyticsReport Report { get; private set; } = null!;

    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Months = Math.Clamp(Months, 1, 36);
        Report = await analytics.ComputeAsync(HttpContext.As(User.IsInRole(Roles.Admin) ? ClaimRole.Admin : ClaimRole.Biller), Months, ct);
        ChartJson = JsonSerializer.Serialize(new
        {
            months = Report.Months,
            rate = Report.RateByPayer.Select(s => new { label = s.Name, data = s.Values }),
            carc = Report.ByCarc.Select(s => new { label = s.Name, data = s.Values }),
            category = Report.ByCategory.Select(s => new { label = s.Name, data = s.Values }),
        });
        return Page();
    }
}
