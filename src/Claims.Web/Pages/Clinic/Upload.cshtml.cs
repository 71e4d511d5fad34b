using System.Globalization;
using System.Text.RegularExpressions;
using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Claims.Security;
using Claims.Web.UseCases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Clinic;

/// <summary>
/// The clinic portal's upload: a FHIR R4 bundle from a file picker or dropped on the page, ingested for the user's own
/// clinic; the result is the created claims, or every problem in plain words. Also the clinic's recent claims.
/// </summary>
[Authorize(Roles = Roles.Clinic)]
[RequestSizeLimit(50L * 1024 * 1024 + 1)]
[RequestFormLimits(MultipartBodyLengthLimit = 50L * 1024 * 1024 + 1)]
public sealed partial class UploadModel(ClaimsDbContext db, UserManager<ClaimsUser> users, TimeProvider time) : PageModel
{
    public sealed record ClaimRow(Guid Id, string ControlNumber, Claims.Domain.ClaimState State, DateOnly ServiceFrom, string Patient, long TotalCents);

    public BundleIntakeResult? Result { get; private set; }
    public string ClinicName { get; private set; } = "";

    /// <summary>The first date of service billed for the clinic; earlier encounters are kept as history.</summary>
    public DateOnly BillFrom { get; private set; }
    public IReadOnlyList<ClaimRow> Recent { get; private set; } = [];
    public IReadOnlyList<ClaimRow> Created { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var clinicId = await ClinicIdAsync();
        if (clinicId is null) return Forbid();
        await LoadAsync(clinicId.Value, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? bundle, CancellationToken ct)
    {
        var clinicId = await ClinicIdAsync();
        if (clinicId is null) return Forbid();
        if (bundle is null || bundle.Length == 0)
        {
            ModelState.AddModelError(string.Empty, "Choose a FHIR bundle (.json) to upload.");
            await LoadAsync(clinicId.Value, ct);
            return Page();
        }
        // The file's name is not shown or kept: Synthea and EHR exports often name files after the patient.
        await using (var stream = bundle.OpenReadStream())
        {
            Result = await BundleIntake.IngestAsync(db, clinicId.Value, stream, HttpContext.As(ClaimRole.Clinic), time.GetUtcNow(), IntakeLimits.Default, ct);
        }
        var ids = Result.CreatedClaimIds.Concat(Result.UpdatedClaimIds).ToList();
        Created = await Rows(db.Claims.Where(c => ids.Contains(c.Id))).ToListAsync(ct);
        await LoadAsync(clinicId.Value, ct);
        return Page();
    }

    /// <summary>
    /// An issue as a clinic's staff would read it: what is wrong, then where, with the entry counted from 1
    /// ("entry 3, period.start" for <c>Bundle.entry[2].resource.period.start</c>).
    /// </summary>
    public static string Plain(IntakeIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        if (issue.Expression is not { Length: > 0 } where || where == "Bundle") return issue.Message;
        var entry = EntryPath().Match(where);
        if (!entry.Success) return $"{issue.Message} (at {where})";
        var number = int.Parse(entry.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + 1;
        var rest = entry.Groups[2].Value.TrimStart('.');
        return rest.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{issue.Message} (entry {number})")
            : string.Create(CultureInfo.InvariantCulture, $"{issue.Message} (entry {number}, {rest})");
    }

    [GeneratedRegex(@"^Bundle\.entry\[(\d{1,9})\](?:\.resource)?(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryPath();

    private async Task LoadAsync(Guid clinicId, CancellationToken ct)
    {
        var clinic = await db.Clinics.Where(c => c.Id == clinicId).Select(c => new { c.Name, c.BillFrom }).SingleAsync(ct);
        ClinicName = clinic.Name;
        BillFrom = clinic.BillFrom;
        Recent = await (from c in db.Claims
                        where c.ClinicId == clinicId
                        join p in db.Patients on c.PatientId equals p.Id
                        orderby c.ServiceFrom descending, c.Id
                        select new ClaimRow(c.Id, c.ControlNumber.Value, c.State, c.ServiceFrom, p.Pseudonym, c.TotalCharge.Cents)).Take(25).ToListAsync(ct);
    }

    private IQueryable<ClaimRow> Rows(IQueryable<Claims.Domain.Claim> claims) =>
        from c in claims
        join p in db.Patients on c.PatientId equals p.Id
        select new ClaimRow(c.Id, c.ControlNumber.Value, c.State, c.ServiceFrom, p.Pseudonym, c.TotalCharge.Cents);

    private async Task<Guid?> ClinicIdAsync() => (await users.GetUserAsync(User))?.ClinicId;
}
