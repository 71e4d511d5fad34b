using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Claims.Intake;

/// <summary>Turns intake issues into a FHIR <c>OperationOutcome</c>, for the HTTP layer's 400/422 answers.</summary>
public static class OperationOutcomes
{
    /// <summary>Builds the OperationOutcome; the result is a Firely POCO, serialised by the caller.</summary>
    public static OperationOutcome From(IEnumerable<IntakeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var outcome = new OperationOutcome();
        foreach (var issue in issues)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = issue.Severity switch
                {
                    IntakeSeverity.Error => OperationOutcome.IssueSeverity.Error,
                    IntakeSeverity.Warning => OperationOutcome.IssueSeverity.Warning,
                    _ => OperationOutcome.IssueSeverity.Information,
                },
                Code = IssueType(issue.Code),
                Diagnostics = issue.Message,
                Expression = [issue.Expression],
            });
        }
        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Information, Code = OperationOutcome.IssueType.Informational, Diagnostics = "All OK." });
        }
        return outcome;
    }

    /// <summary>Serialises the OperationOutcome as FHIR JSON, so callers need no Firely reference of their own.</summary>
    public static string ToJson(IEnumerable<IntakeIssue> issues) =>
        new FhirJsonSerializer().SerializeToString(From(issues));

    private static OperationOutcome.IssueType IssueType(string code) => code switch
    {
        IssueCodes.Invalid => OperationOutcome.IssueType.Invalid,
        IssueCodes.Structure => OperationOutcome.IssueType.Structure,
        IssueCodes.Required => OperationOutcome.IssueType.Required,
        IssueCodes.Value => OperationOutcome.IssueType.Value,
        IssueCodes.NotFound => OperationOutcome.IssueType.NotFound,
        IssueCodes.NotSupported => OperationOutcome.IssueType.NotSupported,
        IssueCodes.TooCostly => OperationOutcome.IssueType.TooCostly,
        IssueCodes.Duplicate => OperationOutcome.IssueType.Duplicate,
        IssueCodes.Conflict => OperationOutcome.IssueType.Conflict,
        IssueCodes.Incomplete => OperationOutcome.IssueType.Incomplete,
        _ => OperationOutcome.IssueType.Informational,
    };
}
