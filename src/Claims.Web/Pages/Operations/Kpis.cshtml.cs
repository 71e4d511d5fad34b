using System.Globalization;
using System.Text.Json;
using Claims.Operations.Kpis;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Operations;

/// <summary>
/// The KPI dashboard: one month's tiles with their formula, numerator and denominator, six months of trend charts,
/// AR aging by payer, and (for all clinics) the clinics side by side. Every figure links to the claims behind it.
/// A clinic user sees their own clinic's figures only.
/// </summary>
[Authorize(Roles = OperationsScope.Roles)]
public sealed class KpisModel(OperationsKpis kpis, ClaimsDbContext db, UserManager<ClaimsUser> users, TimeProvider time) : PageModel
{
    public const int TrendMonths = 6;

    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Clinic { get; set; }

    public KpiReport Report { get; private set; } = null!;
    public IReadOnlyList<KpiReport> Trend { get; private set; } = [];
    public IReadOnlyList<KpiReport> ByClinic { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];
    public bool IsClinicUser { get; private set; }
    public string ChartData { get; private set; } = "{}";
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OperationsScope.ResolveAsync(HttpContext, users, Clinic) is not { } scope) return Forbid();
        IsClinicUser = scope.IsClinicUser;
        ReportMonth month;
        try
        {
            month = OperationsScope.Month(Month, time);
        }
        catch (Claims.DomainValidationException ex)
        {
            Error = ex.Message;
            month = ReportMonth.Of(time.GetUtcNow());
        }
        Month = month.ToString();
        Clinic = scope.ClinicId;
        if (!IsClinicUser) Clinics = [.. (await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
        Trend = await kpis.TrendAsync(scope.ClinicId, month, TrendMonths, scope.Caller, ct);
        Report = Trend[^1];
        if (!IsClinicUser && scope.ClinicId is null) ByClinic = await kpis.ByClinicAsync(month, scope.Caller, ct);
        ChartData = JsonSerializer.Serialize(Charts());
        return Page();
    }

    /// <summary>A drill-down link: ids only (KPI key, side, month, clinic id, payer id, bucket), never patient data.</summary>
    public string Drill(string key, KpiSide side, ReportMonth? month = null, Guid? clinic = null, Guid? payer = null, int? bucket = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["key"] = key,
            ["side"] = side.ToString(),
            ["month"] = (month ?? Report.Month).ToString(),
            ["clinic"] = (clinic ?? Report.ClinicId)?.ToString(),
            ["payer"] = payer?.ToString(),
            ["bucket"] = bucket?.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Operations/KpiClaims", query.Where(q => q.Value is not null)!);
    }

    private object Charts()
    {
        object Series(string key) => new
        {
            key,
            name = Trend[0][key].Name,
            values = Trend.Select(r => r[key].Value).ToArray(),
            links = Trend.Select(r => Drill(key, KpiSide.Denominator, r.Month)).ToArray(),
        };
        return new
        {
            months = Trend.Select(r => r.Month.ToString()).ToArray(),
            rates = new[] { KpiKeys.CleanClaimRate, KpiKeys.FirstPassAcceptance, KpiKeys.DenialRate, KpiKeys.NetCollectionRate }.Select(Series).ToArray(),
            days = new[] { KpiKeys.DaysInAr, KpiKeys.ChargeLag, KpiKeys.ClaimLag }.Select(Series).ToArray(),
            aging = new
            {
                buckets = ArAgingRow.Buckets,
                payers = Report.Aging.Select(r => new
                {
                    name = r.Payer,
                    dollars = r.BucketCents.Select(c => c / 100m).ToArray(),
                    links = Enumerable.Range(0, ArAgingRow.Buckets.Count).Select(b => Drill(OperationsKpis.AgingKey, KpiSide.Numerator, payer: r.PayerId, bucket: b)).ToArray(),
                }).ToArray(),
            },
        };
    }
}
