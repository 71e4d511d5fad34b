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
    public const string Exception = "exception";
    public const string Login = "login";
    public const string Throttled = "throttled";
}

/// <summary>Puts a bundle's issues in the order a clinic should read them, and keeps the list readable.</summary>
public static class IntakeIssues
{
    /// <summary>More than this many issues helps nobody: the first causes are listed, then a count of the rest.</summary>
    public const int MaxListed = 100;

    /// <summary>
    /// Errors first, then warnings, then information, each in the order found (the first cause first); at most
    /// <see cref="MaxListed"/> issues, the last of which says how many more were left out.
    /// </summary>
    public static IReadOnlyList<IntakeIssue> Ordered(IEnumerable<IntakeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var ordered = issues.OrderBy(i => i.Severity).ToList();
        if (ordered.Count <= MaxListed) return ordered;
        var more = ordered.Count - (MaxListed - 1);
        var errorsLeft = ordered.Skip(MaxListed - 1).Count(i => i.IsError);
        return
        [
            .. ordered.Take(MaxListed - 1),
            IntakeIssue.Information(IssueCodes.Informational, "Bundle",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"... and {more:N0} more issues ({errorsLeft:N0} of them errors), not listed: fix the ones above first.")),
        ];
    }
}
