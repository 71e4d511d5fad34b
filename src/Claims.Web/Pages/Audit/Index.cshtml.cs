using System.IO.Compression;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Claims.Web.UseCases;

namespace Claims.Web.Pages.Audit;

/// <summary>
/// The auditor's view of the trail: search by time, user, patient pseudonym, claim and action; "who accessed this
/// patient"; the chain's verification on demand; exports (CSV, NDJSON, FHIR) downloaded as a zip with their signed
/// manifest, ready for offline verification. Searching and exporting are themselves audited, with the patient only by
/// pseudonym whatever was typed.
/// </summary>
[Authorize(Roles = $"{Roles.Auditor},{Roles.Admin}")]
public sealed class IndexModel(ClaimsDbContext db, AuditSearches searches, IKeyRing keyRing, AuditWitnessOptions witness, TimeProvider time) : PageModel
{
    public const int Limit = 200;

    [BindProperty(SupportsGet = true)] public DateTimeOffset? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateTimeOffset? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }

    /// <summary>
    /// A pseudonym or patient id in a link (GET); an MRN or member id only from the posted search form, so PHI
    /// never travels in a URL (where proxies and browser history would keep it).
    /// </summary>
    [BindProperty(SupportsGet = true)] public string? Patient { get; set; }
    [BindProperty(SupportsGet = true)] public string? ClaimId { get; set; }
    [BindProperty(SupportsGet = true)] public AuditAction? Action { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public long Total { get; private set; }
    public AuditVerification? Verification { get; private set; }

    /// <summary>The database's checkpoints against the witness outside it (compliance/audit-log.md, "Witness").</summary>
    public AuditWitnessResult? Witness { get; private set; }

    /// <summary>True when the patient typed matched no patient (the search then shows nothing).</summary>
    public bool PatientNotFound { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => SearchAsync(allowPhi: false, ct);

    public async Task<IActionResult> OnPostSearchAsync(CancellationToken ct)
    {
        await SearchAsync(allowPhi: true, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await AuditVerifier.VerifyAsync(db, keyRing, ct);
        Witness = await AuditWitnessCheck.CompareAsync(db, keyRing, witness.Path, ct);
        await SearchAsync(allowPhi: false, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostExportAsync(string format, CancellationToken ct)
    {
        if (!Enum.TryParse<AuditExportFormat>(format, ignoreCase: true, out var kind)) return BadRequest();
        var pseudonym = await searches.FindPatientAsync(Patient, allowPhi: true, ct);
        if (!string.IsNullOrWhiteSpace(Patient) && pseudonym is null) return NotFound();
        var query = new AuditQuery(From, To, Blank(UserId), pseudonym, Blank(ClaimId), Action);
        var folder = Path.Combine(Path.GetTempPath(), "claims-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var name = $"audit-{time.GetUtcNow():yyyyMMdd-HHmmss}.{(kind == AuditExportFormat.Fhir ? "fhir.json" : kind.ToString().ToLowerInvariant())}";
            var path = Path.Combine(folder, name);
            await AuditExporter.ExportAsync(db, keyRing, query, kind, path, User.Identity?.Name ?? "unknown", Roles.Auditor, time, ct);
            var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                await archive.CreateEntryFromFileAsync(path, name, CompressionLevel.Optimal, ct);
                await archive.CreateEntryFromFileAsync(AuditManifest.ManifestPath(path), name + ".manifest.json", CompressionLevel.Optimal, ct);
            }
            zip.Position = 0;
            return File(zip, "application/zip", Path.ChangeExtension(name, null) + ".zip");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task SearchAsync(bool allowPhi, CancellationToken ct)
    {
        var filter = new AuditSearchFilter(From, To, UserId, Patient, ClaimId, Action);
        var result = await searches.SearchAsync(HttpContext.Caller(), filter, allowPhi, Limit, ct);
        PatientNotFound = result.PatientNotFound;
        Total = result.Total;
        Entries = result.Entries;
        // The form and the export buttons carry the pseudonym from now on, not what was typed.
        if (result.Query.PatientPseudonym is { } pseudonym) Patient = pseudonym;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
