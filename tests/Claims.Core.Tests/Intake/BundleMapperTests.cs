using System.Text;
using Claims.Domain;
using Claims.Intake;

namespace Claims.Core.Tests.Intake;

public sealed class BundleMapperTests
{
    /// <summary>The day the tests pretend it is: after every fixture's dates.</summary>
    internal static readonly DateOnly Today = new(2026, 11, 22);

    private static (MappedBundle? Bundle, List<IntakeIssue> Issues) Map(byte[] json)
    {
        var (resource, issues) = FhirBundleReader.Parse(json, IntakeLimits.Default);
        return (BundleMapper.Map(resource, issues, Today), issues);
    }

    private static (MappedBundle? Bundle, List<IntakeIssue> Issues) Map(string json) => Map(Encoding.UTF8.GetBytes(json));

    public static TheoryData<string, int> SyntheaBundles()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, count) in FhirFixtures.SyntheaEncounters) data.Add(file, count);
        return data;
    }

    [Theory]
    [MemberData(nameof(SyntheaBundles))]
    public void A_Synthea_bundle_maps_every_encounter_with_its_coded_context_and_no_error(string file, int encounters)
    {
        var (bundle, issues) = Map(FhirFixtures.Bytes("synthea", file));

        Assert.DoesNotContain(issues, i => i.IsError);
        Assert.NotNull(bundle);
        Assert.Equal(encounters, bundle.Encounters.Count);
        Assert.Single(bundle.Patients);
        Assert.All(bundle.Encounters, e =>
        {
            // Synthea codes in SNOMED/CVX: context for the coder, never lines or ICD-10-CM diagnoses.
            Assert.Empty(e.Lines);
            Assert.Empty(e.Diagnoses);
            Assert.Contains(e.Context, c => c.Kind == ClinicalKind.ClaimItem && c.System == "http://snomed.info/sct" && !string.IsNullOrEmpty(c.Display));
            Assert.Null(e.Rendering);
        });
        // Synthea practitioner NPIs are placeholders: a warning, not an error.
        Assert.Contains(issues, i => i.Severity == IntakeSeverity.Warning && i.Message.Contains("not a valid NPI", StringComparison.Ordinal));
    }

    [Fact]
    public void Synthea_payer_comes_from_claim_insurance_and_no_insurance_means_self_pay()
    {
        var (bundle, issues) = Map(FhirFixtures.Bytes("synthea", "Jermaine_Breitenberg_47d6fc65-d809-48ae-87a9-945a1d6854d5.json"));

        Assert.NotNull(bundle);
        Assert.Contains(bundle.Encounters, e => e.Payer is { Name: "private", PayerId: "NAME-PRIVATE" });
        Assert.Contains(bundle.Encounters, e => e.Payer is null);
        Assert.Contains(issues, i => i.Severity == IntakeSeverity.Warning && i.Message.Contains("self-pay", StringComparison.Ordinal));
    }

    [Fact]
    public void Synthea_encounter_classes_become_places_of_service_and_conditions_stay_with_their_encounter()
    {
        var (bundle, _) = Map(FhirFixtures.Bytes("synthea", "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"));

        Assert.NotNull(bundle);
        Assert.Contains(bundle.Encounters, e => e.PlaceOfService.Code == "21"); // IMP
        Assert.Contains(bundle.Encounters, e => e.PlaceOfService.Code == "11"); // AMB
        Assert.Contains(bundle.Encounters, e => e.Context.Any(c => c.Kind == ClinicalKind.Condition && c.System == "http://snomed.info/sct"));
    }

    [Fact]
    public void A_patients_names_birth_date_contacts_and_identifiers_are_mapped_for_encrypted_storage()
    {
        var (bundle, _) = Map(FhirFixtures.Bytes("synthea", "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"));

        var phi = Assert.Single(bundle!.Patients).Phi!;
        Assert.Equal("Conn", phi.FamilyName); // the official name, not the maiden one
        Assert.Equal("Liz", phi.GivenNames);
        Assert.Equal("1986-11-28", phi.BirthDate);
        Assert.StartsWith("391 Cassin Plaza, Beverly, Massachusetts, 01915", phi.Address, StringComparison.Ordinal);
        Assert.Equal("phone:555-175-3568", phi.Telecom);
        Assert.Equal("27c911c6-f045-4ffa-af5d-6eba57ac94b2", phi.Mrn);
        Assert.Contains("http://hl7.org/fhir/sid/us-ssn|999-34-1238", phi.OtherIdentifiers, StringComparison.Ordinal);
    }

    [Fact]
    public void A_professional_claim_with_ICD10CM_and_CPT_becomes_diagnoses_a_line_a_payer_and_a_rendering_NPI()
    {
        var (bundle, issues) = Map(FhirFixtures.Bytes("derived", "professional-claim-med-00050.json"));

        Assert.DoesNotContain(issues, i => i.IsError);
        var encounter = Assert.Single(bundle!.Encounters);
        Assert.Equal(["M961", "G894", "M5388", "M47816"], encounter.Diagnoses.Select(d => d.Value));
        var line = Assert.Single(encounter.Lines);
        Assert.Equal("62264", line.Code.Value);
        Assert.Equal(1250000, line.Charge.Cents);
        Assert.Equal([2, 4], line.DiagnosisPointers);
        Assert.Equal(new DateOnly(2015, 10, 13), line.ServiceDate);
        Assert.Equal(new MappedPayer("123456", "Humana Inc."), encounter.Payer);
        Assert.Equal("1234567893", encounter.Rendering!.Npi.Value);
        Assert.Equal("24", encounter.PlaceOfService.Code);
        Assert.Equal("urn:claims:fixtures|derived-med-00050-v1", bundle.Identifier);
        Assert.Equal(new MappedPatient("Patient/pat-1", AdministrativeSex.Female, 1954), Assert.Single(bundle.Patients) with { Phi = null });
    }

    [Fact]
    public void A_provider_directory_bundle_is_accepted_and_makes_no_claim()
    {
        var (bundle, issues) = Map(FhirFixtures.Bytes("synthea-providers", "hospitalInformation1559319163815.json"));

        Assert.DoesNotContain(issues, i => i.IsError);
        Assert.Empty(bundle!.Encounters);
        Assert.Contains(issues, i => i.Message.Contains("only organizations and practitioners", StringComparison.Ordinal));
    }

    [Fact]
    public void An_encounter_before_the_patients_birth_is_an_error()
    {
        var json = File.ReadAllText(FhirFixtures.Path("derived", "professional-claim-med-00050.json")).Replace("\"birthDate\": \"1954-06-11\"", "\"birthDate\": \"2015-10-14\"", StringComparison.Ordinal);

        var (bundle, issues) = Map(json);

        Assert.Null(bundle);
        Assert.Contains(issues, i => i.IsError && i.Code == "value" && i.Expression == "Bundle.entry[4].resource.period.start" && i.Message.Contains("before the patient's birth", StringComparison.Ordinal));
    }

    [Fact]
    public void The_HL7_transaction_example_has_patients_but_no_encounter_so_it_maps_to_no_claim()
    {
        var (bundle, issues) = Map(FhirFixtures.Bytes("hl7", "Bundle-bundle-transaction.json"));

        Assert.DoesNotContain(issues, i => i.IsError);
        Assert.Empty(bundle!.Encounters);
    }

    [Theory]
    [InlineData("truncated.json", "structure", "Bundle", "Malformed JSON at line")]
    [InlineData("not-json.txt.json", "structure", "Bundle", "Malformed JSON at line 1")]
    [InlineData("json-array.json", "structure", "Bundle", "not an object")]
    [InlineData("deep-nesting.json", "too-costly", "Bundle", "nests deeper")]
    [InlineData("not-a-bundle.json", "invalid", "resourceType", "Expected a Bundle, got a Patient")]
    [InlineData("unsupported-bundle-type.json", "not-supported", "Bundle.type", "searchset")]
    [InlineData("empty-bundle.json", "required", "Bundle.entry", "no Patient")]
    [InlineData("encounter-without-period.json", "required", "Bundle.entry[1].resource.period", "no period")]
    [InlineData("dangling-references.json", "not-found", "Bundle.entry[1].resource.subject", "does not resolve")]
    [InlineData("dangling-references.json", "not-found", "Bundle.entry[2].resource.encounter", "does not resolve")]
    [InlineData("impossible-dates.json", "value", "Bundle.entry[1].resource.period.start", "not a real calendar date")]
    [InlineData("impossible-dates.json", "value", "Bundle.entry[0].resource.birthDate", "not a real calendar date")]
    [InlineData("period-ends-before-start.json", "value", "Bundle.entry[1].resource.period", "ends before it starts")]
    [InlineData("one-bad-encounter.json", "required", "Bundle.entry[2].resource.period", "no period")]
    [InlineData("wrong-element-types.json", "structure", "Bundle.entry[0].resource.active", "not a valid literal")]
    [InlineData("wrong-element-types.json", "structure", "Bundle.entry[0].resource.unknownThing", "Unknown element")]
    public void A_broken_bundle_is_refused_with_the_problem_named_where_it_is(string file, string code, string expression, string message)
    {
        var (bundle, issues) = Map(FhirFixtures.Bytes("broken", file));

        Assert.Null(bundle);
        Assert.Contains(issues, i => i.IsError && i.Code == code && i.Expression == expression && i.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_not_just_the_first()
    {
        var (_, issues) = Map(FhirFixtures.Bytes("broken", "impossible-dates.json"));

        Assert.Contains(issues, i => i.IsError && i.Expression == "Bundle.entry[0].resource.birthDate");
        Assert.Contains(issues, i => i.IsError && i.Expression == "Bundle.entry[1].resource.period.start");
    }

    [Fact]
    public void Malformed_JSON_gives_the_line_and_position_of_the_fault()
    {
        var (_, issues) = Map("{\n  \"resourceType\": \"Bundle\",\n  \"type\": }");

        var issue = Assert.Single(issues);
        Assert.Equal("Malformed JSON at line 3, position 11.", issue.Message);
    }

    [Fact]
    public void A_string_over_the_limit_is_refused_before_Firely_reads_it()
    {
        var huge = new string('x', 2 * 1024 * 1024);
        var (bundle, issues) = Map($"{{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{{\"resource\":{{\"resourceType\":\"Patient\",\"id\":\"{huge}\"}}}}]}}");

        Assert.Null(bundle);
        var issue = Assert.Single(issues);
        Assert.Equal("too-costly", issue.Code);
    }

    [Fact]
    public void An_empty_body_is_refused()
    {
        var (bundle, issues) = Map([]);

        Assert.Null(bundle);
        Assert.Equal("structure", Assert.Single(issues).Code);
    }

    [Fact]
    public void A_bundle_without_any_payer_is_self_pay_with_a_warning_not_an_error()
    {
        var json = File.ReadAllText(FhirFixtures.Path("broken", "one-bad-encounter.json")).Replace(
            ",\n  {\n   \"fullUrl\": \"urn:uuid:00000000-0000-4000-8000-0000000000e6\"", "]} {", StringComparison.Ordinal);
        var good = json[..json.IndexOf("]} {", StringComparison.Ordinal)] + "]}";

        var (bundle, issues) = Map(good);

        Assert.DoesNotContain(issues, i => i.IsError);
        Assert.Null(Assert.Single(bundle!.Encounters).Payer);
        Assert.Contains(issues, i => i.Severity == IntakeSeverity.Warning && i.Message.Contains("self-pay", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("EMER", "23")]
    [InlineData("VR", "02")]
    [InlineData("IMP", "21")]
    [InlineData("AMB", "11")]
    public void Encounter_class_decides_the_place_of_service(string actCode, string placeOfService)
    {
        var json = File.ReadAllText(FhirFixtures.Path("derived", "professional-claim-med-00050.json")).Replace("\"code\": \"SS\"", $"\"code\": \"{actCode}\"", StringComparison.Ordinal);

        var (bundle, _) = Map(json);

        Assert.Equal(placeOfService, Assert.Single(bundle!.Encounters).PlaceOfService.Code);
    }

    [Fact]
    public void A_changed_charge_changes_the_encounter_fingerprint_and_the_same_content_keeps_it()
    {
        var original = File.ReadAllText(FhirFixtures.Path("derived", "professional-claim-med-00050.json"));
        var changed = original.Replace("\"net\": { \"value\": 12500.0", "\"net\": { \"value\": 13000.0", StringComparison.Ordinal);

        var a = Map(original).Bundle!.Encounters[0].Fingerprint();
        var b = Map(original + "\n").Bundle!.Encounters[0].Fingerprint();
        var c = Map(changed).Bundle!.Encounters[0].Fingerprint();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData("impossible-dates.json", "2019-13-01")]
    [InlineData("wrong-element-types.json", "Secretvalue")]
    [InlineData("wrong-element-types.json", "Married-as-a-string")]
    public void Messages_never_echo_the_values_in_the_bundle(string file, string value)
    {
        var (_, issues) = Map(FhirFixtures.Bytes("broken", file));

        Assert.NotEmpty(issues);
        Assert.All(issues, i => Assert.DoesNotContain(value, i.Message + i.Expression, StringComparison.Ordinal));
    }
}
