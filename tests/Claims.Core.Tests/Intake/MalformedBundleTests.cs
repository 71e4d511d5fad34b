using System.Text;
using Claims.Domain;
using Claims.Intake;

namespace Claims.Core.Tests.Intake;

/// <summary>
/// Inputs that once made intake throw (answered 500): each is now an issue with a FHIRPath expression and a message
/// that never repeats the value, or is read leniently with a warning. The values below stand in for PHI.
/// </summary>
public sealed class MalformedBundleTests
{
    private static readonly string Derived = File.ReadAllText(FhirFixtures.Path("derived", "professional-claim-med-00050.json"));

    private static (MappedBundle? Bundle, List<IntakeIssue> Issues) Map(byte[] json)
    {
        var prepared = BundleIntake.Prepare(json, BundleMapperTests.Today);
        Assert.Null(prepared.Fault); // never our fault: every case below is the sender's
        var (resource, issues) = FhirBundleReader.Parse(json, IntakeLimits.Default);
        return (BundleMapper.Map(resource, issues, BundleMapperTests.Today), issues);
    }

    private static (MappedBundle? Bundle, List<IntakeIssue> Issues) Map(string json) => Map(Encoding.UTF8.GetBytes(json));

    private static string With(string find, string replace)
    {
        Assert.Contains(find, Derived, StringComparison.Ordinal);
        return Derived.Replace(find, replace, StringComparison.Ordinal);
    }

    private static void AssertRefused(List<IntakeIssue> issues, string code, string expression, params string[] secrets)
    {
        Assert.Contains(issues, i => i.IsError && i.Code == code && i.Expression == expression);
        Assert.All(issues, i => Assert.All(secrets, secret => Assert.DoesNotContain(secret, i.Message + i.Expression, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("M", AdministrativeSex.Male)]
    [InlineData("F", AdministrativeSex.Female)]
    [InlineData("Male", AdministrativeSex.Male)]
    [InlineData("FEMALE", AdministrativeSex.Female)]
    [InlineData("u", AdministrativeSex.Unknown)]
    [InlineData("U", AdministrativeSex.Unknown)]
    public void A_gender_written_as_a_letter_or_in_another_case_is_read_leniently_with_a_warning(string gender, AdministrativeSex sex)
    {
        var (bundle, issues) = Map(With("\"gender\": \"female\"", $"\"gender\": \"{gender}\""));

        Assert.DoesNotContain(issues, i => i.IsError);
        Assert.Equal(sex, Assert.Single(bundle!.Patients).Sex);
        var warning = Assert.Single(issues, i => i.Severity == IntakeSeverity.Warning && i.Expression == "Bundle.entry[0].resource.gender");
        Assert.DoesNotContain($"'{gender}'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gender_that_is_no_known_letter_or_word_is_an_error_that_does_not_quote_it()
    {
        var (bundle, issues) = Map(With("\"gender\": \"female\"", "\"gender\": \"Atencio\""));

        Assert.Null(bundle);
        AssertRefused(issues, "value", "Bundle.entry[0].resource.gender", "Atencio");
    }

    [Theory]
    [InlineData("\"gender\": \"female\"", "\"gender\": 5", "structure", "Bundle.entry[0].resource.gender")]
    [InlineData("\"birthDate\": \"1954-06-11\"", "\"birthDate\": 19540611", "structure", "Bundle.entry[0].resource.birthDate")]
    [InlineData("\"status\": \"finished\"", "\"status\": \"Atencio\"", "value", "Bundle.entry[4].resource.status")]
    [InlineData("\"type\": \"collection\"", "\"type\": \"Atencio\"", "value", "Bundle.type")]
    [InlineData("\"use\": \"claim\"", "\"use\": \"Atencio\"", "value", "Bundle.entry[5].resource.use")]
    [InlineData("\"name\": \"Humana Inc.\"", "\"name\": [\"Atencio\", \"Atencio\"]", "structure", "Bundle.entry[1].resource.name")]
    [InlineData("\"net\": { \"value\": 12500.0", "\"net\": { \"value\": 1e400", "structure", "Bundle.entry[5].resource.item[0].net.value")]
    [InlineData("\"net\": { \"value\": 12500.0", "\"net\": { \"value\": 1e30", "structure", "Bundle.entry[5].resource.item[0].net.value")]
    public void A_value_of_the_wrong_type_or_literal_is_an_error_at_its_path(string find, string replace, string code, string expression)
    {
        var (bundle, issues) = Map(With(find, replace));

        Assert.Null(bundle);
        Assert.Contains(issues, i => i.IsError && i.Code == code && i.Expression.StartsWith(expression, StringComparison.Ordinal));
        Assert.All(issues, i => Assert.DoesNotContain("Atencio", i.Message + i.Expression, StringComparison.Ordinal));
        Assert.All(issues, i => Assert.DoesNotContain("19540611", i.Message + i.Expression, StringComparison.Ordinal));
    }

    [Fact]
    public void An_entry_object_where_the_entry_array_belongs_is_a_structure_error()
    {
        var (bundle, issues) = Map("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":{}}");

        Assert.Null(bundle);
        Assert.Contains(issues, i => i.IsError && i.Code == "structure" && i.Expression.StartsWith("Bundle.entry", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_UTF8_is_a_structure_error_with_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes(With("Humana Inc.", "Humana QQ Inc."));
        var at = Array.IndexOf(bytes, (byte)'Q');
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;

        var (bundle, issues) = Map(bytes);

        Assert.Null(bundle);
        var issue = Assert.Single(issues);
        Assert.Equal(("structure", "Bundle"), (issue.Code, issue.Expression));
        Assert.Contains("not valid UTF-8 (at line 14)", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_a_structure_error()
    {
        var (bundle, issues) = Map(With("Humana Inc.", "Humana \\ud800 Inc."));

        Assert.Null(bundle);
        Assert.Contains("lone surrogate", Assert.Single(issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_accepted()
    {
        var (bundle, issues) = Map([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Derived)]);

        Assert.DoesNotContain(issues, i => i.IsError);
        Assert.Single(bundle!.Encounters);
    }

    [Fact]
    public void A_null_entry_is_a_structure_error_at_that_entry()
    {
        var (bundle, issues) = Map(With("\"entry\": [", "\"entry\": [ null,"));

        Assert.Null(bundle);
        AssertRefused(issues, "structure", "Bundle.entry[0]");
    }

    [Fact]
    public void Two_entries_under_one_fullUrl_are_an_error_at_the_second()
    {
        var (bundle, issues) = Map(With("urn:uuid:9d1b8f9e-3c1a-4e55-9a51-000000000005", "urn:uuid:9d1b8f9e-3c1a-4e55-9a51-000000000004"));

        Assert.Null(bundle);
        AssertRefused(issues, "invalid", "Bundle.entry[4].fullUrl", "9d1b8f9e");
    }

    [Fact]
    public void Two_encounters_with_one_fullUrl_are_refused_not_a_crash()
    {
        var encounter = "{\"fullUrl\":\"urn:uuid:9d1b8f9e-3c1a-4e55-9a51-0000000000ee\",\"resource\":{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"subject\":{\"reference\":\"Patient/pat-1\"},\"period\":{\"start\":\"2015-10-13\"}}}";

        var (bundle, issues) = Map(With("\"entry\": [", $"\"entry\": [ {encounter}, {encounter},"));

        Assert.Null(bundle);
        AssertRefused(issues, "invalid", "Bundle.entry[1].fullUrl");
    }

    [Fact]
    public void Two_resources_with_the_same_type_and_id_are_an_error()
    {
        var other = "{\"fullUrl\":\"urn:uuid:9d1b8f9e-3c1a-4e55-9a51-0000000000ff\",\"resource\":{\"resourceType\":\"Organization\",\"id\":\"payer-1\",\"name\":\"Other\"}}";

        var (bundle, issues) = Map(With("\"entry\": [", $"\"entry\": [ {other},"));

        Assert.Null(bundle);
        Assert.Contains(issues, i => i.IsError && i.Expression == "Bundle.entry[2].resource.id");
    }

    [Fact]
    public void A_birth_date_in_the_future_is_an_error_not_a_crash()
    {
        var (bundle, issues) = Map(With("\"birthDate\": \"1954-06-11\"", "\"birthDate\": \"9999-06-11\""));

        Assert.Null(bundle);
        AssertRefused(issues, "value", "Bundle.entry[0].resource.birthDate", "9999");
    }

    [Fact]
    public void A_service_date_in_the_future_is_an_error()
    {
        var (bundle, issues) = Map(With("\"period\": { \"start\": \"2015-10-13\", \"end\": \"2015-10-13\" }", "\"period\": { \"start\": \"2026-12-25\" }"));

        Assert.Null(bundle);
        AssertRefused(issues, "value", "Bundle.entry[4].resource.period.start", "2026-12-25");
    }

    [Fact]
    public void A_service_date_tomorrow_is_accepted_since_the_clinic_may_be_a_day_ahead()
    {
        var (bundle, issues) = Map(With("\"period\": { \"start\": \"2015-10-13\", \"end\": \"2015-10-13\" }", "\"period\": { \"start\": \"2026-11-23\" }")
            .Replace("\"period\": { \"start\": \"2015-01-01\", \"end\": \"2016-01-01\" }", "\"period\": { \"start\": \"2015-01-01\" }", StringComparison.Ordinal));

        Assert.DoesNotContain(issues, i => i.IsError);
        Assert.Equal(new DateOnly(2026, 11, 23), Assert.Single(bundle!.Encounters).ServiceFrom);
    }

    [Theory]
    [InlineData("-1.00")]
    [InlineData("10000000.01")]
    [InlineData("99999999999")]
    public void A_negative_or_absurd_line_charge_is_an_error(string amount)
    {
        var (bundle, issues) = Map(With("\"net\": { \"value\": 12500.0", $"\"net\": {{ \"value\": {amount}"));

        Assert.Null(bundle);
        AssertRefused(issues, "value", "Bundle.entry[5].resource.item[0].net", amount);
    }

    [Fact]
    public void A_unit_price_times_a_huge_quantity_is_an_error_not_an_overflow()
    {
        var (bundle, issues) = Map(With("\"net\": { \"value\": 12500.0, \"currency\": \"USD\" },", "\"quantity\": { \"value\": 79000000000000000000000000000 },")
            .Replace("\"unitPrice\": { \"value\": 12500.0", "\"unitPrice\": { \"value\": 9000000", StringComparison.Ordinal));

        Assert.Null(bundle);
        Assert.Contains(issues, i => i.IsError && i.Expression == "Bundle.entry[5].resource.item[0].unitPrice");
    }

    [Fact]
    public void More_than_50_lines_on_one_claim_is_an_error()
    {
        var item = Derived[Derived.IndexOf("          {\n            \"sequence\": 1, \"diagnosisSequence\"", StringComparison.Ordinal)..(Derived.IndexOf("        ],\n        \"total\"", StringComparison.Ordinal))].TrimEnd();
        var items = string.Join(",\n", Enumerable.Range(1, 51).Select(i => item.Replace("\"sequence\": 1,", $"\"sequence\": {i},", StringComparison.Ordinal).Replace("12500.0", "10.0", StringComparison.Ordinal)));

        var (bundle, issues) = Map(Derived.Replace(item, items, StringComparison.Ordinal));

        Assert.Null(bundle);
        Assert.Contains(issues, i => i.IsError && i.Expression == "Bundle.entry[4].resource" && i.Message.Contains("at most 50", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"patient\": { \"reference\": \"Patient/pat-1\" }", "\"patient\": { \"reference\": \"Patient/Atencio\" }", "Bundle.entry[5].resource.patient")]
    [InlineData("\"provider\": { \"reference\": \"Practitioner/pr-1\" }", "\"provider\": { \"reference\": \"Practitioner/Atencio\" }", "Bundle.entry[5].resource.provider")]
    [InlineData("\"coverage\": { \"reference\": \"Coverage/coverage-1\" }", "\"coverage\": { \"reference\": \"Coverage/Atencio\" }", "Bundle.entry[5].resource.insurance[0].coverage")]
    [InlineData("\"encounter\": [ { \"reference\": \"Encounter/enc-1\" } ]", "\"encounter\": [ { \"reference\": \"Encounter/Atencio\" } ]", "Bundle.entry[5].resource.item[0].encounter[0]")]
    public void A_reference_from_a_Claim_that_does_not_resolve_is_an_error_that_does_not_quote_it(string find, string replace, string expression)
    {
        var (bundle, issues) = Map(With(find, replace));

        Assert.Null(bundle);
        AssertRefused(issues, "not-found", expression, "Atencio");
    }

    [Fact]
    public void A_wrong_resourceType_is_reported_alone_not_after_every_unknown_element()
    {
        var elements = string.Join(",", Enumerable.Range(0, 4000).Select(i => $"\"x{i}\":1"));

        var (bundle, issues) = Map($"{{\"resourceType\":\"Bundel\",{elements}}}");

        Assert.Null(bundle);
        var issue = Assert.Single(issues);
        Assert.Equal(("invalid", "resourceType"), (issue.Code, issue.Expression));
        Assert.DoesNotContain("Bundel", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thousands_of_issues_are_capped_at_100_with_a_count_of_the_rest()
    {
        var elements = string.Join(",", Enumerable.Range(0, 4000).Select(i => $"\"x{i}\":1"));
        var json = Encoding.UTF8.GetBytes($"{{\"resourceType\":\"Bundle\",\"type\":\"collection\",{elements}}}");

        var issues = IntakeIssues.Ordered(BundleIntake.Prepare(json, BundleMapperTests.Today).Issues);

        Assert.Equal(IntakeIssues.MaxListed, issues.Count);
        Assert.All(issues.Take(99), i => Assert.True(i.IsError));
        Assert.Contains("3,901 more issues", issues[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_resourceType_is_required()
    {
        var (_, issues) = Map("{\"type\":\"collection\"}");

        Assert.Equal(("required", "resourceType"), (Assert.Single(issues).Code, issues[0].Expression));
    }
}
