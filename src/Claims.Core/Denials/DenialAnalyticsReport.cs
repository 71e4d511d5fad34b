namespace Claims.Denials;

/// <summary>
/// The denial analytics (see <see cref="DenialAnalytics"/> for the formulas): per month, the initial denial rate by payer
/// and the denied claims by CARC and by category; over the period, dollars denied, recovered and written off, the
/// appeal overturn rate, and denials traced to the coder and to the scrubber edit that could have caught them.
/// </summary>
public sealed record DenialAnalyticsReport(
    IReadOnlyList<string> Months,
    IReadOnlyList<DenialSeries> RateByPayer,
    IReadOnlyList<DenialSeries> ByCarc,
    IReadOnlyList<DenialSeries> ByCategory,
    int Adjudicated,
    int Denied,
    long DeniedCents,
    long RecoveredCents,
    long WrittenOffCents,
    int AppealsDecided,
    int AppealsOverturned,
    IReadOnlyList<DenialTrace> ByCoder,
    IReadOnlyList<DenialTrace> ByScrubberEdit)
{
    /// <summary>Denied / adjudicated, in percent (0 when nothing was adjudicated).</summary>
    public double DenialRate => Adjudicated == 0 ? 0 : Math.Round(100.0 * Denied / Adjudicated, 1);

    /// <summary>Overturned / decided appeals, in percent.</summary>
    public double OverturnRate => AppealsDecided == 0 ? 0 : Math.Round(100.0 * AppealsOverturned / AppealsDecided, 1);
}
