namespace Claims.Intake;

/// <summary>How bad an intake issue is: an error rejects the whole bundle, a warning or information does not.</summary>
public enum IntakeSeverity
{
    Error,
    Warning,
    Information,
}

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

/// <summary>The issue-type codes intake uses (FHIR R4 IssueType literals).</summary>
public static class IssueCodes
{
    public const string Invalid = "invalid";
    public const string Structure = "structure";
    public const string Required = "required";
    public const string Value = "value";
    public const string NotFound = "not-found";
    public const string NotSupported = "not-supported";
    public const string TooCostly = "too-costly";
    public const string Duplicate = "duplicate";
    public const string Conflict = "conflict";
    public const string Incomplete = "incomplete";
    public const string Informational = "informational";
}
