using System.IO.Compression;
using Claims.Audit;
using Claims.Persistence;
using Claims.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Claims.Web.Pages.Audit;

/// <summary>
/// The auditor's view of the trail: search by time, user, patient pseudonym, claim and action; "who accessed this
/// patient"; the chain's verification on demand; exports (CSV, NDJSON, FHIR) downloaded as a zip with their signed
/// manifest, ready for offline verification. Searching and exporting are themselves audited.
/// </summary>
[Authorize(Roles = $"{Roles.Auditor},{Roles.Admin}")]
public sealed class IndexModel(ClaimsDbContext db, IKeyRing keyRing, TimeProvider time) : PageModel
{
    public const int Limit = 200;

    [BindProperty(SupportsGet = true)] public DateTimeOffset? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateTimeOffset? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Patient { get; set; }
    [BindProperty(SupportsGet = true)] public string? ClaimId { get; set; }
    [BindProperty(SupportsGet = true)] public AuditAction? Action { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public long Total { get; private set; }
    public AuditVerification? Verification { get; private set; }

    private AuditQuery Query => new(From, To, Blank(UserId), Blank(Patient)?.ToUpperInvariant(), Blank(ClaimId), Action);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = Query;
        var entries = query.Apply(db.AuditEntries.AsNoTracking());
        Total = await entries.LongCountAsync(ct);
        Entries = await entries.OrderByDescending(e => e.Sequence).Take(Limit).ToListAsync(ct);
        if (!query.IsUnfiltered)
        {
            db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", Roles.Auditor, AuditAction.Read, "AuditTrail", null, query.PatientPseudonym,
                SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HCOMPL", CorrelationId: HttpContext.TraceIdentifier, Details: $"web audit search {query}"));
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await AuditVerifier.VerifyAsync(db, keyRing, ct);
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostExportAsync(string format, CancellationToken ct)
    {
        if (!Enum.TryParse<AuditExportFormat>(format, ignoreCase: true, out var kind)) return BadRequest();
        var folder = Path.Combine(Path.GetTempPath(), "claims-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var name = $"audit-{time.GetUtcNow():yyyyMMdd-HHmmss}.{(kind == AuditExportFormat.Fhir ? "fhir.json" : kind.ToString().ToLowerInvariant())}";
            var path = Path.Combine(folder, name);
            await AuditExporter.ExportAsync(db, keyRing, Query, kind, path, User.Identity?.Name ?? "unknown", Roles.Auditor, time, ct);
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

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
