using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Claims.Intake;

/// <summary>
/// Turns issues into a FHIR <c>OperationOutcome</c> and an HTTP status: the one mapper behind every answer of the FHIR
/// API, intake's and the edge's own (401, 404, 415, 429).
/// </summary>
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
                Expression = issue.Expression.Length > 0 ? [issue.Expression] : [],
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

    /// <summary>
    /// The HTTP status for a FHIR answer carrying these issues, the one rule every FHIR endpoint uses: no error 200; a
    /// fault on our side 500; too large 413; not a JSON Bundle at all (bad bytes, bad syntax, another resourceType) 400;
    /// a Bundle whose content is wrong 422; and the edge's own refusals (401 login, 404 not-found, 415 not-supported,
    /// 429 throttled) when they are all there is.
    /// </summary>
    public static int HttpStatus(IEnumerable<IntakeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var errors = issues.Where(i => i.IsError).ToList();
        if (errors.Count == 0) return 200;
        if (errors.Any(i => i.Code == IssueCodes.Exception)) return 500;
        if (errors.Any(i => i.Code == IssueCodes.TooCostly)) return 413;
        if (errors.All(i => i.Code == IssueCodes.Login)) return 401;
        if (errors.All(i => i.Code == IssueCodes.Throttled)) return 429;
        // The edge's refusals are about the request, not a place in a resource: they carry no expression.
        if (errors.All(i => i.Code == IssueCodes.NotSupported && i.Expression.Length == 0)) return 415;
        if (errors.All(i => i.Code == IssueCodes.NotFound && i.Expression.Length == 0)) return 404;
        if (errors.Any(i => i.Code is IssueCodes.Structure or IssueCodes.Invalid or IssueCodes.Required && i.Expression is "Bundle" or "resourceType")) return 400;
        return 422;
    }

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
        IssueCodes.Exception => OperationOutcome.IssueType.Exception,
        IssueCodes.Login => OperationOutcome.IssueType.Login,
        IssueCodes.Throttled => OperationOutcome.IssueType.Throttled,
        _ => OperationOutcome.IssueType.Informational,
    };
}
