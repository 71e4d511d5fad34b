using System.Diagnostics.CodeAnalysis;

namespace Claims.Domain;

/// <summary>
/// A National Provider Identifier: ten digits whose last is a Luhn check digit computed over the
/// nine-digit base prefixed with 80840 (the ISO card issuer prefix CMS assigned to NPIs).
/// </summary>
public sealed record Npi
{
    private Npi(string value) => Value = value;

    public string Value { get; }

    public static Npi Parse(string text) =>
        TryParse(text, out var npi) ? npi : throw new DomainValidationException($"'{Icd10Code.Shorten(text)}' is not a valid NPI (ten digits with a correct check digit).");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Npi? npi)
    {
        npi = null;
        var value = text?.Trim();
        if (value is null || value.Length != 10 || !value.All(char.IsAsciiDigit)) return false;
        if (CheckDigit(value.AsSpan(0, 9)) != value[9] - '0') return false;
        npi = new Npi(value);
        return true;
    }

    /// <summary>The Luhn check digit for a nine-digit NPI base, including the 80840 prefix's constant 24.</summary>
    public static int CheckDigit(ReadOnlySpan<char> nineDigits)
    {
        // Doubling every other digit from the right of the 15-digit "80840"+base; the prefix contributes 24.
        var sum = 24;
        for (var i = 0; i < 9; i++)
        {
            var d = nineDigits[8 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return (10 - (sum % 10)) % 10;
    }

    /// <summary>Makes a valid NPI from a nine-digit base (for synthetic data).</summary>
    public static Npi FromBase(int nineDigitBase)
    {
        if (nineDigitBase is < 100_000_000 or > 999_999_999) throw new DomainValidationException("An NPI base has nine digits.");
        var text = nineDigitBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Npi(text + CheckDigit(text).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override string ToString() => Value;
}
