using System.Text.RegularExpressions;

namespace Claims.Domain;

/// <summary>A two-character CPT/HCPCS modifier such as 25, 59, XS, RT.</summary>
public sealed partial record Modifier
{
    private Modifier(string value) => Value = value;

    public string Value { get; }

    public static Modifier Parse(string text)
    {
        var canonical = (text ?? "").Trim().ToUpperInvariant();
        return Shape().IsMatch(canonical)
            ? new Modifier(canonical)
            : throw new DomainValidationException($"'{Icd10Code.Shorten(text)}' is not a modifier (two letters or digits).");
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[0-9A-Z]{2}$")]
    private static partial Regex Shape();
}
