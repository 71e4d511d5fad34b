using System.Text.RegularExpressions;

namespace Claims.Domain;

/// <summary>
/// A CMS place-of-service code (two digits, 01-99), e.g. 11 office, 22 outpatient hospital, 23 emergency room,
/// 02/10 telehealth. It goes into CLM05-1 of the 837P.
/// </summary>
public sealed partial record PlaceOfService
{
    public static readonly PlaceOfService Office = new("11");

    private PlaceOfService(string code) => Code = code;

    public string Code { get; }

    public static PlaceOfService Parse(string text)
    {
        var value = (text ?? "").Trim();
        return Shape().IsMatch(value) && value != "00"
            ? new PlaceOfService(value)
            : throw new DomainValidationException($"'{Icd10Code.Shorten(text)}' is not a place-of-service code (two digits, 01-99).");
    }

    public override string ToString() => Code;

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex Shape();
}
