using Claims.Intake;
using Hl7.Fhir.Model;

namespace Claims.Core.Tests.Intake;

public sealed class IntakeHelpersTests
{
    [Theory]
    [InlineData("2021-02-28", true)]
    [InlineData("2021-02-28T10:00:00+01:00", true)]
    [InlineData("2021-02-30", false)]
    [InlineData("2021-02-30T10:00:00Z", false)]
    [InlineData("2021-13-01", false)]
    [InlineData("2021-03", false)]
    [InlineData("2021-03-01T25:00:00Z", false)]
    public void Dates_of_service_must_be_real_calendar_dates(string text, bool valid)
    {
        Assert.Equal(valid, FhirDates.TryParseDate(text, out _));
    }

    [Theory]
    [InlineData("1954", 1954)]
    [InlineData("1954-06", 1954)]
    [InlineData("1954-06-11", 1954)]
    [InlineData("1954-02-30", 0)]
    [InlineData("19540611", 0)]
    public void Only_the_birth_year_is_taken_from_a_valid_birth_date(string text, int year)
    {
        Assert.Equal(year != 0, FhirDates.TryParseBirthYear(text, out var parsed));
        Assert.Equal(year, parsed);
    }

    [Fact]
    public void Issues_become_a_FHIR_OperationOutcome_with_severity_code_and_expression()
    {
        var outcome = OperationOutcomes.From(
        [
            IntakeIssue.Error(IssueCodes.NotFound, "Bundle.entry[1].resource.subject", "Reference does not resolve."),
            IntakeIssue.Warning(IssueCodes.Value, "Bundle.entry[3].resource.identifier", "Bad NPI."),
        ]);

        Assert.Equal(2, outcome.Issue.Count);
        Assert.Equal(OperationOutcome.IssueSeverity.Error, outcome.Issue[0].Severity);
        Assert.Equal(OperationOutcome.IssueType.NotFound, outcome.Issue[0].Code);
        Assert.Equal(["Bundle.entry[1].resource.subject"], outcome.Issue[0].Expression);
        Assert.Equal(OperationOutcome.IssueSeverity.Warning, outcome.Issue[1].Severity);
        Assert.Contains("\"resourceType\":\"OperationOutcome\"", OperationOutcomes.ToJson([IntakeIssue.Error(IssueCodes.Structure, "Bundle", "x")]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("informational", "Bundle", false, 200)]
    [InlineData("exception", "Bundle", true, 500)]
    [InlineData("too-costly", "Bundle", true, 413)]
    [InlineData("structure", "Bundle", true, 400)]
    [InlineData("invalid", "resourceType", true, 400)]
    [InlineData("required", "resourceType", true, 400)]
    [InlineData("structure", "Bundle.entry[0].resource.gender", true, 422)]
    [InlineData("not-found", "Bundle.entry[5].resource.patient", true, 422)]
    [InlineData("conflict", "Bundle.entry[4].resource", true, 422)]
    [InlineData("login", "", true, 401)]
    [InlineData("not-found", "", true, 404)]
    [InlineData("not-supported", "", true, 415)]
    [InlineData("not-supported", "Bundle.type", true, 422)]
    [InlineData("throttled", "", true, 429)]
    public void One_rule_turns_issues_into_the_HTTP_status_of_every_FHIR_answer(string code, string expression, bool error, int status)
    {
        IntakeIssue[] issues = [error ? IntakeIssue.Error(code, expression, "m") : IntakeIssue.Warning(code, expression, "m")];

        Assert.Equal(status, OperationOutcomes.HttpStatus(issues));
    }

    [Fact]
    public void Source_keys_depend_on_the_clinic_so_two_clinics_never_share_a_patient()
    {
        var a = IntakeSourceKey.Hash(Guid.NewGuid(), SourceKind.Patient, "Patient/1");
        var b = IntakeSourceKey.Hash(Guid.NewGuid(), SourceKind.Patient, "Patient/1");

        Assert.NotEqual(a, b);
        Assert.Equal(64, a.Length);
    }
}
