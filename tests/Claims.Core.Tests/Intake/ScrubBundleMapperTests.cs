using System.Text;
using System.Text.Json.Nodes;
using Claims.Domain;
using Claims.Intake;

namespace Claims.Core.Tests.Intake;

public sealed class ScrubBundleMapperTests
{
    private static ScrubBundle Read(string json) => ScrubBundleMapper.Read(Encoding.UTF8.GetBytes(json));

    private static string Corpus(string file) => File.ReadAllText(Fixtures.Path("scrubber", "bundles", file));

    [Fact]
    public void Malformed_json_is_one_error_naming_line_and_position_and_no_claims()
    {
        var bundle = Read("{\"resourceType\": \"Bundle\", \"type\": ");

        Assert.False(bundle.IsReadable);
        Assert.Empty(bundle.Claims);
        var issue = Assert.Single(bundle.Issues);
        Assert.Contains("Malformed JSON at line 1", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_over_the_size_limit_is_refused_before_parsing()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Corpus("clean-01.json")));

        var bundle = await ScrubBundleMapper.ReadAsync(stream, IntakeLimits.Default with { MaxBundleBytes = 1024 });

        Assert.Equal(IssueCodes.TooCostly, Assert.Single(bundle.Issues).Code);
        Assert.Empty(bundle.Claims);
    }

    [Fact]
    public void A_resource_that_is_not_a_bundle_is_refused()
    {
        var bundle = Read("""{"resourceType": "Patient", "id": "p1", "gender": "female"}""");

        Assert.False(bundle.IsReadable);
        Assert.Contains(bundle.Issues, i => i.IsError && i.Message == "Expected a Bundle, got a Patient.");
    }

    [Fact]
    public void A_bundle_without_a_claim_has_nothing_to_scrub()
    {
        var bundle = Read("""{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001", "resource": {"resourceType": "Patient", "id": "p1"}}]}""");

        Assert.False(bundle.IsReadable);
        Assert.Contains(bundle.Issues, i => i.IsError && i.Code == IssueCodes.Required);
    }

    [Fact]
    public void A_corpus_bundle_maps_patient_payer_coverage_providers_dates_and_lines()
    {
        var bundle = ScrubBundleMapper.Read(Encoding.UTF8.GetBytes(Corpus("duplicate-1.json")));

        Assert.True(bundle.IsReadable);
        Assert.Equal(["00000000-0000-4000-8000-000000000936", "00000000-0000-4000-8000-000000000937"], bundle.Claims.Select(c => c.ClaimId));
        var claim = bundle.Claims[0];
        Assert.Equal(AdministrativeSex.Female, claim.Sex);
        Assert.Equal(new DateOnly(1983, 1, 1), claim.BirthDate);
        Assert.Equal("Patient/00000000-0000-4000-8000-000000000931", claim.PatientKey);
        Assert.Equal("DEMO-BCBS1", claim.PayerId);
        Assert.Equal(180, claim.TimelyFilingDays);
        Assert.True(claim.HasCoverage);
        Assert.True(claim.HasSubscriberId);
        Assert.Equal(new DateOnly(2026, 1, 1), claim.CoverageStart);
        Assert.Null(claim.CoverageEnd);
        Assert.Equal("1234567893", claim.BillingProviderNpi);
        Assert.Equal("1987654328", claim.RenderingProviderNpi);
        Assert.Equal(new DateOnly(2026, 10, 3), claim.ServiceFrom);
        Assert.Equal(new DateOnly(2026, 10, 3), claim.ServiceTo);
        Assert.Equal("11", claim.PlaceOfService);
        Assert.Equal(225m, claim.TotalCharge);
        Assert.Equal(["J20.9", "M25.561", "J02.9"], claim.Diagnoses);
        Assert.Equal(2, claim.Lines.Count);
        Assert.Equal((1, "99213", "25", 1, 130m), (claim.Lines[0].Number, claim.Lines[0].Code, claim.Lines[0].Modifiers.Single(), claim.Lines[0].Units, claim.Lines[0].Charge));
        Assert.Equal([1], claim.Lines[0].DiagnosisPointers);
    }

    [Fact]
    public void Relative_type_id_references_resolve_like_urn_uuid_full_urls()
    {
        var root = JsonNode.Parse(Corpus("clean-01.json"))!;
        var byUrl = root["entry"]!.AsArray().ToDictionary(e => (string)e!["fullUrl"]!, e => $"{(string)e!["resource"]!["resourceType"]!}/{(string)e!["resource"]!["id"]!}");
        var relative = byUrl.Aggregate(root.ToJsonString(), (text, kv) => text.Replace($"\"reference\":\"{kv.Key}\"", $"\"reference\":\"{kv.Value}\"", StringComparison.Ordinal));
        Assert.DoesNotContain("\"reference\":\"urn:uuid:", relative, StringComparison.Ordinal);

        var a = Assert.Single(ScrubBundleMapper.Read(Encoding.UTF8.GetBytes(root.ToJsonString())).Claims);
        var b = Assert.Single(Read(relative).Claims);

        Assert.Equal((a.PatientKey, a.PayerId, a.BillingProviderNpi, a.RenderingProviderNpi, a.HasSubscriberId, a.BirthDate), (b.PatientKey, b.PayerId, b.BillingProviderNpi, b.RenderingProviderNpi, b.HasSubscriberId, b.BirthDate));
        Assert.NotNull(b.PayerId);
        Assert.NotNull(b.RenderingProviderNpi);
    }

    [Fact]
    public void Malformed_codes_and_npis_reach_the_scrubber_as_sent()
    {
        var json = Corpus("clean-01.json").Replace("\"1234567893\"", "\"12345\"", StringComparison.Ordinal);
        var root = JsonNode.Parse(json)!;
        var claim = root["entry"]!.AsArray().Select(e => e!["resource"]!).Single(r => (string)r["resourceType"]! == "Claim");
        claim["diagnosis"]![0]!["diagnosisCodeableConcept"]!["coding"]![0]!["code"] = "J20.";
        claim["item"]![0]!["productOrService"]!["coding"]![0]!["code"] = "9921";

        var mapped = Assert.Single(Read(root.ToJsonString()).Claims);

        Assert.Equal("12345", mapped.BillingProviderNpi);
        Assert.Equal("J20.", mapped.Diagnoses[0]);
        Assert.Equal("9921", mapped.Lines[0].Code);
    }
}
