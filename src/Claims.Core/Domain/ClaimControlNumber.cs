using System.Text.RegularExpressions;

namespace Claims.Domain;

/// <summary>
/// Our claim control number: CLM01 of the 837P and CLP01 of the 835 that answers it. At most 20 characters
/// (what payers echo back reliably) of upper-case letters and digits, so no X12 delimiter can appear.
/// </summary>
public sealed partial record ClaimControlNumber
{
    public const int MaxLength = 20;

    private ClaimControlNumber(string value) => Value = value;

    public string Value { get; }

    public static ClaimControlNumber Parse(string text)
    {
        var value = (text ?? "").Trim().ToUpperInvariant();
        return Shape().IsMatch(value)
            ? new ClaimControlNumber(value)
            : throw new DomainValidationException($"'{Icd10Code.Shorten(text)}' is not a claim control number (1 to 20 letters or digits).");
    }

    /// <summary>A new number: C, the service year and day of year, and 10 random base-32 characters (16 in all).</summary>
    public static ClaimControlNumber New(DateOnly serviceDate, Func<int, int> random)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> tail = stackalloc char[10];
        for (var i = 0; i < tail.Length; i++) tail[i] = alphabet[random(alphabet.Length)];
        return new ClaimControlNumber(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"C{serviceDate.Year % 100:00}{serviceDate.DayOfYear:000}{tail}"));
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[0-9A-Z]{1,20}$")]
    private static partial Regex Shape();
}
