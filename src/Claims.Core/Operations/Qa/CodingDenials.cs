using System.Text.RegularExpressions;

namespace Claims.Operations.Qa;

/// <summary>
/// The denial reasons (CARC) that point at coding rather than eligibility, payment policy or timeliness:
/// 4 (procedure inconsistent with the modifier, or a modifier missing), 5 (procedure or bill type inconsistent with the
/// place of service), 6 (procedure inconsistent with the patient's age), 11 (diagnosis inconsistent with the procedure),
/// 16 (claim lacks information or has billing errors), 97 (bundled: included in another service), 181 (procedure code
/// invalid on the date of service), 182 (modifier invalid on the date of service), 236 (procedure or modifier
/// combination not compatible with another procedure on the same day, i.e. NCCI). A denial is traced to the coder who
/// last completed the claim's coding before it.
/// </summary>
public static partial class CodingDenials
{
    public static IReadOnlySet<string> Reasons { get; } = new HashSet<string>(StringComparer.Ordinal) { "4", "5", "6", "11", "16", "97", "181", "182", "236" };

    /// <summary>The group-CARC pairs in a denial's history reason ("835: CO-16, PR-1") that are coding reasons, e.g. "CO-16".</summary>
    public static IReadOnlyList<string> In(string? reason, IReadOnlySet<string>? reasons = null)
    {
        if (string.IsNullOrEmpty(reason)) return [];
        var wanted = reasons ?? Reasons;
        return [.. GroupReason().Matches(reason).Where(m => wanted.Contains(m.Groups[2].Value)).Select(m => m.Value).Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"\b(CO|PR|OA|PI|CR)-([A-Z]?\d{1,3})\b", RegexOptions.CultureInvariant)]
    private static partial Regex GroupReason();
}
