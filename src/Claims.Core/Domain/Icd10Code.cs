using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Claims.Domain;

/// <summary>
/// An ICD-10-CM diagnosis code in canonical form (upper case, no dot). Shape only: 3 to 7 characters,
/// a letter, a digit, then letters or digits. Whether the code exists and is billable on a date of service
/// is the scrubber's question, not the type's.
/// </summary>
public sealed partial record Icd10Code
{
    private Icd10Code(string value) => Value = value;

    /// <summary>The code without its dot, e.g. <c>J209</c>.</summary>
    public string Value { get; }

    /// <summary>The code as people write it, with the dot after the third character, e.g. <c>J20.9</c>.</summary>
    public string Display => Value.Length > 3 ? $"{Value[..3]}.{Value[3..]}" : Value;

    public static Icd10Code Parse(string text) =>
        TryParse(text, out var code) ? code : throw new DomainValidationException($"'{Shorten(text)}' is not an ICD-10-CM code (a letter, a digit, then 1 to 5 letters or digits).");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Icd10Code? code)
    {
        code = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var canonical = text.Trim().Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();
        if (!Shape().IsMatch(canonical)) return false;
        code = new Icd10Code(canonical);
        return true;
    }

    public override string ToString() => Display;

    internal static string Shorten(string? text) => text is null ? "" : text.Length <= 24 ? text : text[..24] + "...";

    [GeneratedRegex("^[A-Z][0-9][0-9A-Z]{1,5}$")]
    private static partial Regex Shape();
}
