using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Audit;

/// <summary>Writes exports (CSV, NDJSON, FHIR Bundle of AuditEvent) with their signed manifest; the export itself is audited.</summary>
public static class AuditExporter
{
    public static readonly string[] CsvColumns =
        ["sequence", "time", "actorId", "actorRole", "action", "entityType", "entityId", "patientPseudonym", "outcome", "sourceAddress", "purposeOfUse", "correlationId", "details", "previousHash", "hash"];

    public static async Task<AuditManifest> ExportAsync(ClaimsDbContext db, IKeyRing keyRing, AuditQuery query, AuditExportFormat format, string path, string actorId, string actorRole, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keyRing);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(time);

        // The export is itself an audited event, committed (with its checkpoint) before the file is written.
        db.Audit(new AuditRecord(actorId, actorRole, AuditAction.Export, "AuditTrail", null, PurposeOfUse: "HCOMPL", Details: $"format={format.ToString().ToLowerInvariant()} {query}".Trim()));
        await db.SaveChangesAsync(ct);
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstAsync(ct);

        var entries = query.Apply(db.AuditEntries.AsNoTracking()).Where(e => e.Sequence <= head.Sequence).OrderBy(e => e.Sequence).AsAsyncEnumerable();
        long count = 0;
        long? first = null, last = null;
        var temp = path + ".partial";
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        await using (var writer = new StreamWriter(file, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            var fhir = format == AuditExportFormat.Fhir ? new FhirAuditWriter(writer) : null;
            if (format == AuditExportFormat.Csv) await writer.WriteLineAsync(string.Join(',', CsvColumns));
            if (fhir is not null) await fhir.StartAsync(time.GetUtcNow());
            await foreach (var e in entries.WithCancellation(ct))
            {
                switch (format)
                {
                    case AuditExportFormat.Csv: await writer.WriteLineAsync(ToCsv(e)); break;
                    case AuditExportFormat.Ndjson: await writer.WriteLineAsync(JsonSerializer.Serialize(e, AuditJson.Options)); break;
                    default: await fhir!.WriteAsync(e); break;
                }
                first ??= e.Sequence;
                last = e.Sequence;
                count++;
            }
            if (fhir is not null) await fhir.EndAsync();
        }
        File.Move(temp, path, overwrite: true);

        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(path), ct));
        var unsigned = new AuditManifest(1, format.ToString().ToLowerInvariant(), query.ToString(), query.IsUnfiltered, count, first, last, head.Sequence, head.Hash, sha,
            AuditCanonical.Normalize(time.GetUtcNow()), keyRing.AuditSigningKeyId, Convert.ToBase64String(keyRing.AuditPublicKey(keyRing.AuditSigningKeyId)), "");
        var manifest = unsigned with { Signature = Convert.ToBase64String(keyRing.SignAudit(unsigned.SignedBytes())) };
        await File.WriteAllTextAsync(AuditManifest.ManifestPath(path), JsonSerializer.Serialize(manifest, AuditJson.Indented), ct);
        return manifest;
    }

    public static string ToCsv(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string?[] values =
        [
            e.Sequence.ToString(CultureInfo.InvariantCulture), e.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.ActorId, e.ActorRole, e.Action.ToString(),
            e.EntityType, e.EntityId, e.PatientPseudonym, e.Outcome.ToString(), e.SourceAddress, e.PurposeOfUse, e.CorrelationId, e.Details, e.PreviousHash, e.Hash,
        ];
        return string.Join(',', values.Select(Quote));
    }

    // RFC 4180, with "\N" for null so that null and empty stay apart (the hash tells them apart).
    private static string Quote(string? value) =>
        value is null ? "\\N"
        : value.Length == 0 || value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value == "\\N" ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
