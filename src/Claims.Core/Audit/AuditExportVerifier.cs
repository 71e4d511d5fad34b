using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Claims.Security;

namespace Claims.Audit;

/// <summary>
/// Verifies an export offline, with nothing but the file and its manifest: the manifest's signature, the file's
/// SHA-256, every entry's own hash, the chain links of a complete export, and the count and head it vouches for.
/// </summary>
public static class AuditExportVerifier
{
    public static async Task<(AuditVerification Result, AuditManifest? Manifest)> VerifyAsync(string path, CancellationToken ct = default)
    {
        var manifestPath = AuditManifest.ManifestPath(path);
        if (!File.Exists(path)) return (Problem(0, "missing", $"export file {path} not found"), null);
        if (!File.Exists(manifestPath)) return (Problem(0, "missing", $"manifest {manifestPath} not found: an export is verified against its signed manifest"), null);

        AuditManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<AuditManifest>(await File.ReadAllTextAsync(manifestPath, ct), AuditJson.Options) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            return (Problem(0, "modified", $"manifest is not valid JSON ({ex.Message})"), null);
        }
        if (!SignatureValid(manifest)) return (Problem(0, "signature", "the manifest's signature does not verify: the manifest was changed"), manifest);

        List<AuditEntry> entries;
        try
        {
            entries = manifest.Format switch
            {
                "ndjson" => await ReadNdjsonAsync(path, ct),
                "csv" => await ReadCsvAsync(path, ct),
                "fhir" => await ReadFhirAsync(path, ct),
                _ => throw new FormatException($"unknown export format '{manifest.Format}'"),
            };
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return (Problem(0, "modified", $"the export cannot be read as {manifest.Format}: {ex.Message}"), manifest);
        }

        long? previousSequence = null;
        var previousHash = AuditCanonical.GenesisHash;
        foreach (var e in entries)
        {
            if (AuditCanonical.ComputeHash(e) != e.Hash)
                return (Problem(e.Sequence, "modified", $"entry {e.Sequence} does not match its hash: it was edited"), manifest);
            if (previousSequence is { } p && e.Sequence <= p)
                return (Problem(e.Sequence, "reordered", $"entry {e.Sequence} comes after entry {p}"), manifest);
            if (manifest.Complete)
            {
                var expected = (previousSequence ?? 0) + 1;
                if (e.Sequence != expected) return (Problem(expected, "missing", $"entries {expected}..{e.Sequence - 1} are missing"), manifest);
                if (e.PreviousHash != previousHash) return (Problem(e.Sequence, "modified", $"entry {e.Sequence} does not link to entry {expected - 1}"), manifest);
            }
            previousSequence = e.Sequence;
            previousHash = e.Hash;
        }
        if (entries.Count < manifest.Count)
        {
            var at = (previousSequence ?? 0) + 1;
            return (Problem(at, manifest.LastSequence == previousSequence ? "missing" : "truncated", $"the export holds {entries.Count} entries, its manifest vouches for {manifest.Count}"), manifest);
        }
        if (entries.Count > manifest.Count) return (Problem(previousSequence ?? 0, "inserted", $"the export holds {entries.Count} entries, its manifest vouches for {manifest.Count}"), manifest);
        if (manifest.Complete && entries.Count > 0 && previousHash != manifest.ChainHeadHash)
            return (Problem(previousSequence ?? 0, "truncated", "the export's last entry is not the head the manifest vouches for"), manifest);

        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(File.OpenRead(path), ct));
        if (sha != manifest.ExportSha256) return (Problem(0, "modified", "the export file's SHA-256 differs from its manifest: bytes outside the chained entries were changed"), manifest);
        return (new AuditVerification(entries.Count, previousHash, null, 1, null), manifest);
    }

    private static bool SignatureValid(AuditManifest m)
    {
        try
        {
            return FileKeyRing.VerifyAuditSignature(Convert.FromBase64String(m.PublicKey), m.SignedBytes(), Convert.FromBase64String(m.Signature));
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private static AuditVerification Problem(long sequence, string kind, string message) => new(0, "", null, 0, new AuditProblem(sequence, kind, message));

    private static async Task<List<AuditEntry>> ReadNdjsonAsync(string path, CancellationToken ct)
    {
        var list = new List<AuditEntry>();
        foreach (var line in await File.ReadAllLinesAsync(path, ct))
        {
            if (line.Length == 0) continue;
            list.Add(JsonSerializer.Deserialize<AuditEntry>(line, AuditJson.Options) ?? throw new FormatException("an empty entry"));
        }
        return list;
    }

    private static async Task<List<AuditEntry>> ReadFhirAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        using var doc = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = 64 }, ct);
        if (doc.RootElement.GetProperty("resourceType").GetString() != "Bundle") throw new FormatException("not a Bundle");
        var list = new List<AuditEntry>();
        if (!doc.RootElement.TryGetProperty("entry", out var entries)) return list;
        foreach (var item in entries.EnumerateArray())
        {
            var resource = item.GetProperty("resource");
            var chain = resource.GetProperty("extension").EnumerateArray().First(x => x.GetProperty("url").GetString() == FhirAuditWriter.ChainExtension);
            var entry = JsonSerializer.Deserialize<AuditEntry>(chain.GetProperty("valueString").GetString()!, AuditJson.Options) ?? throw new FormatException("an empty chain entry");
            // The readable AuditEvent must say what its chained entry says.
            var recorded = DateTimeOffset.Parse(resource.GetProperty("recorded").GetString()!, CultureInfo.InvariantCulture);
            var who = resource.GetProperty("agent")[0].GetProperty("who").GetProperty("identifier").GetProperty("value").GetString();
            if (recorded != entry.Time || who != entry.ActorId || resource.GetProperty("id").GetString() != $"audit-{entry.Sequence}")
            {
                throw new FormatException($"AuditEvent audit-{entry.Sequence} was edited: it no longer matches its chained entry");
            }
            list.Add(entry);
        }
        return list;
    }

    private static async Task<List<AuditEntry>> ReadCsvAsync(string path, CancellationToken ct)
    {
        var text = await File.ReadAllTextAsync(path, Encoding.UTF8, ct);
        var rows = Csv.Parse(text);
        if (rows.Count == 0 || !rows[0].Select(c => c.Value).SequenceEqual(AuditExporter.CsvColumns)) throw new FormatException("the header row is not the audit export's");
        var list = new List<AuditEntry>(rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            if (row.Count != AuditExporter.CsvColumns.Length) throw new FormatException($"a row has {row.Count} fields, not {AuditExporter.CsvColumns.Length}");
            string? V(int i) => row[i].IsNull ? null : row[i].Value;
            list.Add(new AuditEntry
            {
                Sequence = long.Parse(V(0)!, CultureInfo.InvariantCulture),
                Time = DateTimeOffset.Parse(V(1)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                ActorId = V(2)!,
                ActorRole = V(3)!,
                Action = Enum.Parse<AuditAction>(V(4)!),
                EntityType = V(5)!,
                EntityId = V(6),
                PatientPseudonym = V(7),
                Outcome = Enum.Parse<AuditOutcome>(V(8)!),
                SourceAddress = V(9),
                PurposeOfUse = V(10)!,
                CorrelationId = V(11),
                Details = V(12),
                PreviousHash = V(13)!,
                Hash = V(14)!,
            });
        }
        return list;
    }

    /// <summary>A small RFC 4180 reader that keeps the export's "\N" (null) apart from "" (empty).</summary>
    private static class Csv
    {
        public readonly record struct Field(string Value, bool IsNull);

        public static List<List<Field>> Parse(string text)
        {
            var rows = new List<List<Field>>();
            var row = new List<Field>();
            var field = new StringBuilder();
            var quoted = false;
            var wasQuoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.Append(c);
                    continue;
                }
                switch (c)
                {
                    case '"': quoted = true; wasQuoted = true; break;
                    case ',': row.Add(Make(field, wasQuoted)); field.Clear(); wasQuoted = false; break;
                    case '\r': break;
                    case '\n':
                        row.Add(Make(field, wasQuoted)); field.Clear(); wasQuoted = false;
                        rows.Add(row); row = [];
                        break;
                    default: field.Append(c); break;
                }
            }
            if (quoted) throw new FormatException("an unterminated quoted field");
            if (field.Length > 0 || row.Count > 0) { row.Add(Make(field, wasQuoted)); rows.Add(row); }
            return rows;
        }

        private static Field Make(StringBuilder field, bool quoted) => !quoted && field.ToString() == "\\N" ? new Field("", true) : new Field(field.ToString(), false);
    }
}
