using System.ComponentModel.DataAnnotations;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Admin;

/// <summary>
/// The clinics the BPO works for (the billing providers): NPI, tax id, claim and active key counts; an admin adds
/// one here as <c>claims clinics add</c> does, through the same <see cref="Claims.Domain.Clinic"/> constructor and rules.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class ClinicsModel(ClaimsDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Name, string Npi, string TaxId, int Claims, int ActiveKeys);

    public sealed class InputModel
    {
        [Required, StringLength(200)]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Required, RegularExpression(@"^\d{10}$", ErrorMessage = "An NPI has ten digits.")]
        [Display(Name = "NPI")]
        public string Npi { get; set; } = "";

        [Required, RegularExpression(@"^\d{9}$", ErrorMessage = "A tax id (EIN) has nine digits, no dash.")]
        [Display(Name = "Tax id (EIN)")]
        public string TaxId { get; set; } = "";
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (ModelState.IsValid && !Claims.Domain.Npi.TryParse(Input.Npi, out _)) ModelState.AddModelError("Input.Npi", "That NPI's check digit is wrong.");
        var name = Input.Name?.Trim() ?? ""; // a blank field binds as null
        if (ModelState.IsValid && await db.Clinics.AnyAsync(c => c.Name == name, ct)) ModelState.AddModelError("Input.Name", "A clinic with this name already exists.");
        Claims.Domain.Clinic? clinic = null;
        if (ModelState.IsValid)
        {
            try
            {
                clinic = new Claims.Domain.Clinic(name, Claims.Domain.Npi.Parse(Input.Npi), Input.TaxId);
            }
            catch (DomainValidationException ex)
            {
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }
        if (clinic is null)
        {
            await LoadAsync(ct);
            return Page();
        }
        db.Clinics.Add(clinic);
        db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", Roles.Admin, AuditAction.Create, "Clinic", clinic.Id.ToString(),
            SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HOPERAT", CorrelationId: HttpContext.TraceIdentifier, Details: $"clinic added, NPI {clinic.Npi.Value}"));
        await db.SaveChangesAsync(ct);
        Message = $"Clinic '{clinic.Name}' added. Create an API key for its systems from its row.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.Clinics.AsNoTracking()
            .Select(c => new { c.Id, c.Name, c.Npi, c.TaxId, Claims = db.Claims.Count(x => x.ClinicId == c.Id), Keys = db.ClinicApiKeys.Count(k => k.ClinicId == c.Id && k.RevokedAt == null) })
            .ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Id, r.Name, r.Npi.Value, r.TaxId, r.Claims, r.Keys)).OrderBy(r => r.Name, StringComparer.Ordinal)];
    }
}
