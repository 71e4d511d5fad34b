using System.ComponentModel.DataAnnotations;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Admin;

/// <summary>
/// The clinics the BPO works for (the billing providers): NPI, tax id, claim and active key counts; an admin adds
/// one here through the same use case as <c>claims clinics add</c> (<see cref="ClinicDirectory"/>).
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class ClinicsModel(ClaimsDbContext db, ClinicDirectory clinics) : PageModel
{
    public sealed record Row(Guid Id, string Name, string Npi, string TaxId, string? Address, int Claims, int ActiveKeys, DateOnly BillFrom);

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

        [StringLength(55), Display(Name = "Street address")]
        public string? Street { get; set; }

        [StringLength(30), Display(Name = "City")]
        public string? City { get; set; }

        [StringLength(2), Display(Name = "State")]
        public string? State { get; set; }

        [RegularExpression(@"^\d{5}-?\d{4}$", ErrorMessage = "A billing ZIP has nine digits (ZIP+4)."), Display(Name = "ZIP+4")]
        public string? Zip { get; set; }

        /// <summary>The first date of service billed; empty: one year before today.</summary>
        [Display(Name = "Bill from")]
        public DateOnly? BillFrom { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (ModelState.IsValid && !Claims.Domain.Npi.TryParse(Input.Npi, out _)) ModelState.AddModelError("Input.Npi", "That NPI's check digit is wrong.");
        if (ModelState.IsValid)
        {
            try
            {
                string?[] parts = [Input.Street, Input.City, Input.State, Input.Zip];
                if (parts.Any(string.IsNullOrWhiteSpace) && !parts.All(string.IsNullOrWhiteSpace)) throw new DomainValidationException("Give the whole billing address (street, city, state, ZIP+4) or none.");
                var address = parts.All(string.IsNullOrWhiteSpace) ? null : new ClinicAddress(Input.Street!, Input.City!, Input.State!, Input.Zip!);
                var added = await clinics.AddAsync(Input.Name, Input.Npi, Input.TaxId, address, Input.BillFrom, HttpContext.As(ClaimRole.Admin), ct);
                Message = $"Clinic '{added.Clinic.Name}' added. Create an API key for its systems from its row.";
                return RedirectToPage();
            }
            catch (DomainValidationException ex)
            {
                ModelState.AddModelError(ex.Message.Contains("already exists", StringComparison.Ordinal) ? "Input.Name" : string.Empty, ex.Message);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Sets a clinic's first billed date of service (the same use case as <c>claims clinics bill-from</c>).</summary>
    public async Task<IActionResult> OnPostBillFromAsync(Guid clinicId, DateOnly? billFrom, CancellationToken ct)
    {
        if (billFrom is null)
        {
            ModelState.AddModelError(string.Empty, "Give the bill-from date as a date.");
        }
        else
        {
            try
            {
                var changed = await clinics.SetBillFromAsync(clinicId, billFrom.Value, HttpContext.As(ClaimRole.Admin), ct);
                Message = $"'{changed.Name}' now bills encounters from {changed.BillFrom:yyyy-MM-dd}; earlier ones in bundles received from now on are kept as clinical history.";
                return RedirectToPage();
            }
            catch (ClaimsDomainException ex)
            {
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.Clinics.AsNoTracking()
            .Select(c => new { c.Id, c.Name, c.Npi, c.TaxId, c.BillFrom, c.AddressLine, c.City, c.State, c.PostalCode, Claims = db.Claims.Count(x => x.ClinicId == c.Id), Keys = db.ClinicApiKeys.Count(k => k.ClinicId == c.Id && k.RevokedAt == null) })
            .ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Id, r.Name, r.Npi.Value, r.TaxId, r.AddressLine is null ? null : $"{r.AddressLine}, {r.City}, {r.State} {r.PostalCode}", r.Claims, r.Keys, r.BillFrom)).OrderBy(r => r.Name, StringComparer.Ordinal)];
    }
}
