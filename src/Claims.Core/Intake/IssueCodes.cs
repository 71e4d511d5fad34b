namespace Claims.Intake;

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
    public const string Exception = "exception";
    public const string Login = "login";
    public const string Throttled = "throttled";
}
