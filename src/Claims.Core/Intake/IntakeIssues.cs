namespace Claims.Intake;

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
