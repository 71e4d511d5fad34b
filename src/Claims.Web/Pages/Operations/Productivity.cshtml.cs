using System.Globalization;
using Claims.Operations.Productivity;
using Claims.Operations.Qa;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Claims.Web.Pages.Operations;

/// <summary>Coder productivity for a week, by day or for the week (<see cref="CoderProductivity"/>): a coder sees their own, a lead the team, managers and admins all.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Manager},{Roles.Lead},{Roles.Coder}")]
public sealed class ProductivityModel(CoderProductivity productivity, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? Week { get; set; }

    [BindProperty(SupportsGet = true)] public ProductivityGrain Grain { get; set; }

    public ProductivityReport? Report { get; private set; }

    public DateOnly Monday { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Monday = QaSampling.WeekOf(Week ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        // A week by day, or the four weeks up to it by week.
        var from = Grain == ProductivityGrain.Week ? Monday.AddDays(-21) : Monday;
        Report = await productivity.ReadAsync(HttpContext.Caller(), from, Monday.AddDays(6), Grain, null, ct);
    }

    public static string Rate(double? value) => value is { } v ? v.ToString("P0", CultureInfo.InvariantCulture) : "–";

    public static string Number(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "–";
}
