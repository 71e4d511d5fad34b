using System.Globalization;

namespace Claims.Intake;

/// <summary>
/// FHIR date and dateTime literals, checked for real calendar dates (the FHIR regex lets 2021-02-30 through).
/// The date of service is the calendar date as written, in the clinic's own offset, not converted to UTC.
/// </summary>
internal static class FhirDates
{
    public static bool TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrEmpty(text) || text.Length < 10) return false;
        if (!DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return false;
        if (text.Length == 10) return true;
        return text[10] == 'T' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);
    }

    /// <summary>The year of a FHIR <c>date</c> (yyyy, yyyy-MM or yyyy-MM-dd), when the whole literal is a real date.</summary>
    public static bool TryParseBirthYear(string? text, out int year)
    {
        year = 0;
        if (string.IsNullOrEmpty(text)) return false;
        var ok = text.Length switch
        {
            4 => DateOnly.TryParseExact(text + "-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d4) && (year = d4.Year) > 0,
            7 => DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d7) && (year = d7.Year) > 0,
            10 => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d10) && (year = d10.Year) > 0,
            _ => false,
        };
        return ok;
    }
}
