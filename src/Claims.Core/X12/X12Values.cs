namespace Claims.X12;

/// <summary>Exact parsing of X12 data element types: R amounts to cents (no floating point) and DT dates.</summary>
public static class X12Values
{
    /// <summary>
    /// An X12 R value as cents: optional minus, digits, optional point and at most two decimals
    /// ("1234.5" = 123450, "-12" = -1200, ".5" = 50). A third decimal is refused rather than rounded: money
    /// that does not fit cents is a payer error to look at, not to hide.
    /// </summary>
    public static bool TryParseCents(ReadOnlySpan<char> text, out long cents)
    {
        cents = 0;
        var negative = !text.IsEmpty && text[0] == '-';
        if (negative) text = text[1..];
        if (text.IsEmpty) return false;
        long whole = 0, fraction = 0;
        int wholeDigits = 0, decimals = 0;
        var seenPoint = false;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (seenPoint) return false;
                seenPoint = true;
            }
            else if (c is >= '0' and <= '9')
            {
                if (seenPoint)
                {
                    if (++decimals > 2) return false;
                    fraction = fraction * 10 + (c - '0');
                }
                else
                {
                    // 16 digits of dollars stay far inside long cents; X12 R is at most 18 characters anyway.
                    if (++wholeDigits > 16) return false;
                    whole = whole * 10 + (c - '0');
                }
            }
            else
            {
                return false;
            }
        }
        if (wholeDigits == 0 && decimals == 0) return false;
        if (decimals == 1) fraction *= 10;
        cents = whole * 100 + fraction;
        if (negative) cents = -cents;
        return true;
    }

    /// <summary>A CCYYMMDD date (X12 DT with D8); false for anything else, including impossible dates.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 8) return false;
        foreach (var c in text)
            if (c is < '0' or > '9') return false;
        var year = Digits(text[..4]);
        var month = Digits(text[4..6]);
        var day = Digits(text[6..]);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Cents as an invariant X12 R string with no trailing zeros ("123450" -> "1234.5").</summary>
    public static string FormatCents(long cents)
    {
        var sign = cents < 0 ? "-" : "";
        var abs = Math.Abs(cents);
        var whole = abs / 100;
        var fraction = abs % 100;
        return fraction == 0 ? $"{sign}{whole}"
            : fraction % 10 == 0 ? $"{sign}{whole}.{fraction / 10}"
            : $"{sign}{whole}.{fraction:00}";
    }

    private static int Digits(ReadOnlySpan<char> text)
    {
        var value = 0;
        foreach (var c in text) value = value * 10 + (c - '0');
        return value;
    }
}
