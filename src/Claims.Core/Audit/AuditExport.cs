using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Claims.Persistence;
using Claims.Security;
using Microsoft.EntityFrameworkCore;

namespace Claims.Audit;

public enum AuditExportFormat
{
    Csv,
    Ndjson,
    Fhir,
}

/// <summary>Which entries to export or search. Patients are named by pseudonym; claims by id.</summary>
public sealed record AuditQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? User = null,
    string? PatientPseudonym = null,
    string? EntityId = null,
    AuditAction? Action = null)
{
    public bool IsUnfiltered => From is null && To is null && User is null && PatientPseudonym is null && EntityId is null && Action is null;

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (From is { } from) entries = entries.Where(e => e.Time >= from);
        if (To is { } to) entries = entries.Where(e => e.Time <= to);
        if (User is not null) entries = entries.Where(e => e.ActorId == User);
        if (PatientPseudonym is not null) entries = entries.Where(e => e.PatientPseudonym == PatientPseudonym);
        if (EntityId is not null) entries = entries.Where(e => e.EntityId == EntityId);
        if (Action is { } action) entries = entries.Where(e => e.Action == action);
        return entries;
    }

    public override string ToString() => string.Join(' ', new[]
    {
        From is null ? null : $"from={From:O}", To is null ? null : $"to={To:O}", User is null ? null : $"user={User}",
        PatientPseudonym is null ? null : $"patient={PatientPseudonym}", EntityId is null ? null : $"entity={EntityId}", Action is null ? null : $"action={Action}",
    }.Where(x => x is not null));
}

/// <summary>
/// What an export vouches for, signed with the audit key: the filter, the count and sequence range, the chain's
/// head when it was made, and the SHA-256 of the export file. Kept beside the export as <c>FILE.manifest.json</c>.
/// </summary>
public sealed record AuditManifest(
    int Version,
    string Format,
    string Filter,
    bool Complete,
    long Count,
    long? FirstSequence,
    long? LastSequence,
    long ChainLength,
    string ChainHeadHash,
    string ExportSha256,
    DateTimeOffset CreatedAt,
    string KeyId,
    string PublicKey,
    string Signature)
{
    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(string.Join('|',
        "claims-audit-export", Version.ToString(CultureInfo.InvariantCulture), Format, Filter, Complete ? "complete" : "filtered",
        Count.ToString(CultureInfo.InvariantCulture), FirstSequence?.ToString(CultureInfo.InvariantCulture) ?? "-", LastSequence?.ToString(CultureInfo.InvariantCulture) ?? "-",
        ChainLength.ToString(CultureInfo.InvariantCulture), ChainHeadHash, ExportSha256, CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), KeyId, PublicKey));

    /// <summary>A short fingerprint of the signing key for auditors to compare with <c>claims audit public-key</c>.</summary>
    public string KeyFingerprint => Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(PublicKey)))[..16];

    public static string ManifestPath(string exportPath) => exportPath + ".manifest.json";
}

/// <summary>The JSON shape of an entry in NDJSON exports and inside FHIR AuditEvents (camelCase, enums as names).</summary>
internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}

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
