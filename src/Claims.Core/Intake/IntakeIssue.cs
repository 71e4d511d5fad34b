namespace Claims.Intake;

/// <summary>
/// One problem found in a bundle, shaped like an OperationOutcome issue: severity, an issue-type code
/// (FHIR <c>IssueType</c> literals such as <c>invalid</c>, <c>structure</c>, <c>required</c>, <c>not-found</c>,
/// <c>not-supported</c>, <c>too-costly</c>, <c>duplicate</c>, <c>conflict</c>), a FHIRPath expression into the
/// bundle and a message. Messages name paths, codes and ids only, never a value that could be PHI.
/// </summary>
public sealed record IntakeIssue(IntakeSeverity Severity, string Code, string Expression, string Message)
{
    public bool IsError => Severity == IntakeSeverity.Error;

    public static IntakeIssue Error(string code, string expression, string message) => new(IntakeSeverity.Error, code, expression, message);

    public static IntakeIssue Warning(string code, string expression, string message) => new(IntakeSeverity.Warning, code, expression, message);

    public static IntakeIssue Information(string code, string expression, string message) => new(IntakeSeverity.Information, code, expression, message);
}
