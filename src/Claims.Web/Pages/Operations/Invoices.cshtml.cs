using Claims.Domain;
using Claims.Operations.Invoices;
using Claims.Operations.Kpis;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Operations;

/// <summary>The BPO's invoice per client per month: its terms, lines and total on the page; CSV and PDF downloads (audited exports).</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.Biller},{Roles.Manager}")]
public sealed class InvoicesModel(ClientInvoices invoices, ClaimsDbContext db, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Clinic { get; set; }

    public IReadOnlyList<(Guid Id, string Name)> Clinics { get; private set; } = [];
    public ClientInvoice? Invoice { get; private set; }
    public string? Error { get; private set; }

    private Caller Caller => HttpContext.As(User.IsInRole(Roles.Admin) ? ClaimRole.Admin : ClaimRole.Biller);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Month ??= ReportMonth.Of(time.GetUtcNow()).Previous().ToString();
        if (Clinic is { } clinicId)
        {
            try
            {
                Invoice = await invoices.CreateAsync(clinicId, ReportMonth.Parse(Month), Caller, ct);
            }
            catch (Claims.DomainValidationException ex)
            {
                Error = ex.Message;
            }
        }
        return Page();
    }

    public Task<IActionResult> OnPostCsvAsync(CancellationToken ct) => DownloadAsync(csv: true, ct);

    public Task<IActionResult> OnPostPdfAsync(CancellationToken ct) => DownloadAsync(csv: false, ct);

    private async Task<IActionResult> DownloadAsync(bool csv, CancellationToken ct)
    {
        try
        {
            if (Clinic is not { } clinicId) throw new Claims.DomainValidationException("Choose a clinic: an invoice is per clinic.");
            var (invoice, csvBytes, pdf) = await invoices.ExportAsync(clinicId, ReportMonth.Parse(Month), Caller, ct);
            return csv ? File(csvBytes, "text/csv", invoice.FileStem + ".csv") : File(pdf, "application/pdf", invoice.FileStem + ".pdf");
        }
        catch (Claims.DomainValidationException ex)
        {
            Error = ex.Message;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Clinics = [.. (await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
}
