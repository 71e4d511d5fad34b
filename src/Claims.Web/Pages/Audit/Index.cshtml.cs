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
/// manifest, ready for offline verification. Searching and exporting are themselves audited, with the patient only by
/// pseudonym whatever was typed.
/// </summary>
[Authorize(Roles = $"{Roles.Auditor},{Roles.Admin}")]
public sealed class IndexModel(ClaimsDbContext db, IKeyRing keyRing, AuditWitnessOptions witness, TimeProvider time) : PageModel
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

    /// <summary>The database's checkpoints against the witness outside it (compliance/audit-log.md, "Witness").</summary>
    public AuditWitnessResult? Witness { get; private set; }

    /// <summary>True when the patient typed matched no patient (the search then shows nothing).</summary>
    public bool PatientNotFound { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = await QueryAsync(ct);
        var entries = query.Apply(db.AuditEntries.AsNoTracking());
        Total = PatientNotFound ? 0 : await entries.LongCountAsync(ct);
        Entries = PatientNotFound ? [] : await entries.OrderByDescending(e => e.Sequence).Take(Limit).ToListAsync(ct);
        if (!query.IsUnfiltered || PatientNotFound)
        {
            // The typed patient text never reaches the trail: only the pseudonym it resolved to, or that it matched nobody.
            db.Audit(new AuditRecord(User.Identity?.Name ?? "unknown", Roles.Auditor, AuditAction.Read, "AuditTrail", null, query.PatientPseudonym,
                SourceAddress: HttpContext.Connection.RemoteIpAddress?.ToString(), PurposeOfUse: "HCOMPL", CorrelationId: HttpContext.TraceIdentifier,
                Details: $"web audit search {query}{(PatientNotFound ? " patient=no-match" : "")}".TrimEnd()));
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await AuditVerifier.VerifyAsync(db, keyRing, ct);
        Witness = await AuditWitnessCheck.CompareAsync(db, keyRing, witness.Path, ct);
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
            var query = await QueryAsync(ct);
            if (PatientNotFound) return NotFound();
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

    private async Task<AuditQuery> QueryAsync(CancellationToken ct)
    {
        var pseudonym = await PatientPseudonymAsync(ct);
        PatientNotFound = Blank(Patient) is not null && pseudonym is null;
        // The form and the export buttons carry the pseudonym from now on, not what was typed.
        if (pseudonym is not null) Patient = pseudonym;
        return new AuditQuery(From, To, Blank(UserId), pseudonym, Blank(ClaimId), Action);
    }

    /// <summary>
    /// The patient filter as a pseudonym. An auditor may type a pseudonym, a patient id, an MRN or a member id; the
    /// last two are PHI, so they are looked up through their keyed blind indexes, as stored, and only the pseudonym
    /// they lead to is used, shown and audited. Null when nothing (or more than one patient) matches.
    /// </summary>
    private async Task<string?> PatientPseudonymAsync(CancellationToken ct)
    {
        if (Blank(Patient) is not { } typed) return null;
        if (Guid.TryParse(typed, out var id)) return await db.Patients.AsNoTracking().Where(p => p.Id == id).Select(p => p.Pseudonym).FirstOrDefaultAsync(ct);
        var upper = typed.ToUpperInvariant();
        if (await db.Patients.AsNoTracking().Where(p => p.Pseudonym == upper).Select(p => p.Pseudonym).FirstOrDefaultAsync(ct) is { } pseudonym) return pseudonym;

        var mrn = db.Phi.MrnIndex(typed);
        var memberId = db.Phi.MemberIdIndex(typed);
        var byMember = db.Coverages.AsNoTracking().Where(c => c.MemberIdIndex == memberId).Select(c => c.PatientId);
        var matches = await db.Patients.AsNoTracking()
            .Where(p => p.MrnIndex == mrn || byMember.Contains(p.Id))
            .Select(p => p.Pseudonym).Distinct().Take(2).ToListAsync(ct);
        return matches.Count == 1 ? matches[0] : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
