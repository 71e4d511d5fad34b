using Claims.Operations.Kpis;
using Claims.Operations.Reports;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Operations;

/// <summary>
/// The monthly client report: choose a clinic (a clinic user gets their own) and a month, download the PDF or the
/// workbook. A closed month's report is kept by the monthly-reports job and downloaded as kept; any other month is
/// made on demand (<see cref="MonthlyReportArchive.DownloadAsync"/>). Each download is an audited export.
/// </summary>
[Authorize(Roles = OperationsScope.Roles)]
public sealed class ReportsModel(MonthlyReportArchive reports, ClaimsDbContext db, UserManager<ClaimsUser> users, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Clinic { get; set; }

    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];
    public bool IsClinicUser { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<KeptReportRow> Kept { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OperationsScope.ResolveAsync(HttpContext, users, Clinic) is not { } scope) return Forbid();
        await LoadAsync(scope, ct);
        Month ??= ReportMonth.Of(time.GetUtcNow()).Previous().ToString();
        return Page();
    }

    public Task<IActionResult> OnPostPdfAsync(CancellationToken ct) => DownloadAsync(pdf: true, ct);

    public Task<IActionResult> OnPostWorkbookAsync(CancellationToken ct) => DownloadAsync(pdf: false, ct);

    private async Task<IActionResult> DownloadAsync(bool pdf, CancellationToken ct)
    {
        if (await OperationsScope.ResolveAsync(HttpContext, users, Clinic) is not { } scope) return Forbid();
        try
        {
            if (scope.ClinicId is not { } clinicId) throw new Claims.DomainValidationException("Choose a clinic: a monthly report is per clinic.");
            var files = await reports.DownloadAsync(clinicId, ReportMonth.Parse(Month), scope.Caller, ct);
            return pdf ? File(files.Pdf, "application/pdf", files.PdfName) : File(files.Workbook, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", files.WorkbookName);
        }
        catch (Claims.DomainValidationException ex)
        {
            Error = ex.Message;
            await LoadAsync(scope, ct);
            return Page();
        }
    }

    private async Task LoadAsync(OperationsScope.Scope scope, CancellationToken ct)
    {
        IsClinicUser = scope.IsClinicUser;
        Clinic = scope.ClinicId;
        var clinics = db.Clinics.AsNoTracking();
        if (IsClinicUser) clinics = clinics.Where(c => c.Id == scope.ClinicId);
        Clinics = [.. (await clinics.OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
        var shown = Clinic ?? (Clinics.Count > 0 ? Clinics[0].Id : null);
        Kept = shown is { } id ? await reports.ListAsync(id, scope.Caller, ct) : [];
    }
}
