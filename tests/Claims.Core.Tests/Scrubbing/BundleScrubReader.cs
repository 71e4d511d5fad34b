using System.Globalization;
using System.Text.Json;
using Claims.Claims;
using Claims.Scrubbing;

namespace Claims.Core.Tests.Scrubbing;

/// <summary>
/// Reads the corpus's FHIR R4 collection bundles (plain JSON, no Firely) into <see cref="ScrubClaim"/>s, the way
/// intake will feed the scrubber: references by urn:uuid fullUrl or Type/id, NPIs from us-npi identifiers,
/// raw codes as strings.
/// </summary>
internal static class BundleScrubReader
{
    private const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";
    private const string TimelyFilingExtension = "https://claims.example.org/fhir/StructureDefinition/timely-filing-days";

    public static IReadOnlyDictionary<string, ScrubClaim> Read(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var byRef = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var claims = new List<JsonElement>();
        foreach (var entry in doc.RootElement.GetProperty("entry").EnumerateArray())
        {
            var resource = entry.GetProperty("resource").Clone();
            var type = resource.GetProperty("resourceType").GetString()!;
            if (entry.TryGetProperty("fullUrl", out var url)) byRef[url.GetString()!] = resource;
            if (resource.TryGetProperty("id", out var id)) byRef[$"{type}/{id.GetString()}"] = resource;
            if (type == "Claim") claims.Add(resource);
        }
        JsonElement? Resolve(JsonElement? reference) =>
            reference is { } r && r.TryGetProperty("reference", out var s) && byRef.TryGetValue(s.GetString()!, out var found) ? found : null;

        var result = new Dictionary<string, ScrubClaim>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            var patient = Resolve(claim.GetProperty("patient"));
            var focal = claim.GetProperty("insurance").EnumerateArray().FirstOrDefault(i => i.TryGetProperty("focal", out var f) && f.GetBoolean());
            var coverage = focal.ValueKind == JsonValueKind.Object ? Resolve(focal.GetProperty("coverage")) : null;
            var payer = coverage is { } cov && cov.TryGetProperty("payor", out var payors) ? Resolve(payors[0]) : null;
            var rendering = claim.TryGetProperty("careTeam", out var team) ? Resolve(team[0].GetProperty("provider")) : null;
            var items = claim.TryGetProperty("item", out var it) ? it.EnumerateArray().ToList() : [];
            var lines = items.Select(item => new ScrubLine(
                item.GetProperty("sequence").GetInt32(),
                item.GetProperty("productOrService").GetProperty("coding")[0].GetProperty("code").GetString()!,
                item.TryGetProperty("modifier", out var mods) ? mods.EnumerateArray().Select(m => m.GetProperty("coding")[0].GetProperty("code").GetString()!).ToArray() : [],
                item.TryGetProperty("quantity", out var q) ? (int)q.GetProperty("value").GetDecimal() : 1,
                item.TryGetProperty("net", out var net) ? net.GetProperty("value").GetDecimal() : 0m,
                item.TryGetProperty("diagnosisSequence", out var ptr) ? ptr.EnumerateArray().Select(p => p.GetInt32()).ToArray() : [],
                item.TryGetProperty("servicedDate", out var sd) ? Date(sd) : null)).ToArray();
            var period = claim.TryGetProperty("billablePeriod", out var bp) ? bp : (JsonElement?)null;
            var from = period is { } p1 && p1.TryGetProperty("start", out var st) ? Date(st) : lines.Select(l => l.ServiceDate).Min();
            var to = period is { } p2 && p2.TryGetProperty("end", out var en) ? Date(en) : lines.Select(l => l.ServiceDate).Max();
            var covPeriod = coverage is { } c2 && c2.TryGetProperty("period", out var cp) ? cp : (JsonElement?)null;
            result[claim.GetProperty("id").GetString()!] = new ScrubClaim
            {
                ClaimId = claim.GetProperty("id").GetString()!,
                PatientKey = patient?.GetProperty("id").GetString(),
                Sex = patient?.TryGetProperty("gender", out var g) == true ? g.GetString() switch { "female" => AdministrativeSex.Female, "male" => AdministrativeSex.Male, _ => AdministrativeSex.Unknown } : AdministrativeSex.Unknown,
                BirthDate = patient?.TryGetProperty("birthDate", out var bd) == true ? Date(bd) : null,
                PayerId = payer is { } py && py.TryGetProperty("identifier", out var pid) ? pid[0].GetProperty("value").GetString() : null,
                TimelyFilingDays = payer is { } py2 && py2.TryGetProperty("extension", out var ext)
                    ? ext.EnumerateArray().Where(e => e.GetProperty("url").GetString() == TimelyFilingExtension).Select(e => (int?)e.GetProperty("valueInteger").GetInt32()).FirstOrDefault()
                    : null,
                HasSubscriberId = coverage is { } c3 && c3.TryGetProperty("subscriberId", out var sub) && !string.IsNullOrWhiteSpace(sub.GetString()),
                HasCoverage = coverage is not null,
                CoverageStart = covPeriod is { } cps && cps.TryGetProperty("start", out var cs) ? Date(cs) : null,
                CoverageEnd = covPeriod is { } cpe && cpe.TryGetProperty("end", out var ce) ? Date(ce) : null,
                BillingProviderNpi = Npi(Resolve(claim.GetProperty("provider"))),
                RenderingProviderNpi = Npi(rendering),
                ServiceFrom = from,
                ServiceTo = to,
                PlaceOfService = items.Count > 0 && items[0].TryGetProperty("locationCodeableConcept", out var loc) ? loc.GetProperty("coding")[0].GetProperty("code").GetString() : null,
                TotalCharge = claim.TryGetProperty("total", out var total) ? total.GetProperty("value").GetDecimal() : null,
                Diagnoses = claim.TryGetProperty("diagnosis", out var dx)
                    ? dx.EnumerateArray().OrderBy(d => d.GetProperty("sequence").GetInt32()).Select(d => d.GetProperty("diagnosisCodeableConcept").GetProperty("coding")[0].GetProperty("code").GetString()!).ToArray()
                    : [],
                Lines = lines,
            };
        }
        return result;
    }

    private static DateOnly? Date(JsonElement e) => DateOnly.ParseExact(e.GetString()![..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Npi(JsonElement? resource) =>
        resource is { } r && r.TryGetProperty("identifier", out var ids)
            ? ids.EnumerateArray().Where(i => i.TryGetProperty("system", out var s) && s.GetString() == NpiSystem).Select(i => i.GetProperty("value").GetString()).FirstOrDefault()
            : null;
}

/// <summary>One labelled corpus case.</summary>
internal sealed record CorpusCase(string File, string Claim, string[] Expected, string[] Prior);

internal static class ScrubCorpus
{
    public static (DateOnly AsOf, IReadOnlyList<CorpusCase> Cases) Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("scrubber", "labels.json")));
        var asOf = DateOnly.ParseExact(doc.RootElement.GetProperty("asOf").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new CorpusCase(
            c.GetProperty("file").GetString()!, c.GetProperty("claim").GetString()!,
            c.GetProperty("expected").EnumerateArray().Select(x => x.GetString()!).ToArray(),
            c.GetProperty("prior").EnumerateArray().Select(x => x.GetString()!).ToArray())).ToList();
        return (asOf, cases);
    }

    /// <summary>Scrubs one case as `scrub --fhir` would: the bundle's prior claims are the ones already on file.</summary>
    public static ScrubResult Run(Scrubber scrubber, CorpusCase c, DateOnly asOf)
    {
        var claims = BundleScrubReader.Read(Fixtures.Path("scrubber", c.File));
        var others = new DuplicateIndex(c.Prior.Select(p => claims[p]));
        return scrubber.Scrub(claims[c.Claim], asOf, others);
    }
}
