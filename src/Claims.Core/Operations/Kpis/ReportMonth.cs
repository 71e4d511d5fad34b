using System.Globalization;
using Claims.Domain;

namespace Claims.Operations.Kpis;

/// <summary>A calendar month in UTC (<c>YYYY-MM</c>): the period every KPI, report and invoice is computed for.</summary>
public readonly record struct ReportMonth(int Year, int Month)
{
    /// <summary>Parses <c>YYYY-MM</c>; anything else is a clear error.</summary>
    public static ReportMonth Parse(string? text)
    {
        if (text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 2000)
            return new ReportMonth(day.Year, day.Month);
        throw new DomainValidationException($"'{Icd10Code.Shorten(text)}' is not a month: write YYYY-MM (e.g. 2026-10).");
    }

    /// <summary>The month <paramref name="at"/> falls in (UTC).</summary>
    public static ReportMonth Of(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month);

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    /// <summary>The month's first instant (inclusive).</summary>
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The next month's first instant (exclusive).</summary>
    public DateTimeOffset End => Start.AddMonths(1);

    public ReportMonth Previous(int months = 1)
    {
        var first = FirstDay.AddMonths(-months);
        return new ReportMonth(first.Year, first.Month);
    }

    /// <summary>
    /// Where the month's figures stop: its end, or <paramref name="now"/> while the month is still running. Every
    /// event and ledger row counted is before this instant, so a past month's figures do not move afterwards.
    /// </summary>
    public DateTimeOffset AsOf(DateTimeOffset now) => now < End ? now : End;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");
}
