using Claims.Operations.Kpis;

namespace Claims.Operations.Reports;

/// <summary>
/// What the monthly client report says: the clinic's KPIs and AR aging, collections and adjustments, denials by
/// category and CARC, SLA attainment and QA accuracy. Aggregates only: no patient, no claim control number (it
/// carries the date of service), no date of service.
/// </summary>
public sealed record MonthlyReport(
    string Clinic,
    ReportMonth Month,
    DateTimeOffset CreatedAt,
    KpiReport Kpis,
    CollectionsSummary Collections,
    IReadOnlyList<DenialLine> Denials,
    IReadOnlyList<SlaAttainmentLine>? Sla)
{
    /// <summary>The note shown when no SLA clock was decided (met or missed) in the month.</summary>
    public const string NoSlaNote = "No SLA clock was met or missed this month: no claim of this clinic reached a service level's end or due time.";

    /// <summary>A file name without patient data: the clinic's name reduced to letters and digits, and the month.</summary>
    public string FileStem => $"monthly-report-{Slug(Clinic)}-{Month}";

    internal static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 40 ? slug[..40] : slug;
    }
}
