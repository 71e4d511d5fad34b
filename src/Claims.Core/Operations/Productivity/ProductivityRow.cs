namespace Claims.Operations.Productivity;

/// <summary>
/// One coder's (or the team's, <see cref="Coder"/> = "team") figures for one day or week, each with its parts so a
/// reader can check it: claims coded per active hour, first-pass verification (first completions that passed the
/// scrubber / first completions), suggestion acceptance (accepted / judged), and denials traced to their coding.
/// </summary>
public sealed record ProductivityRow(string Coder, DateOnly Period, int ClaimsCoded, double ActiveHours, int FirstPassed, int FirstCompleted, int SuggestionsAccepted, int SuggestionsJudged, int CodingDenials)
{
    public double? ClaimsPerHour => ActiveHours > 0 ? ClaimsCoded / ActiveHours : null;

    public double? FirstPassRate => FirstCompleted > 0 ? (double)FirstPassed / FirstCompleted : null;

    public double? AcceptanceRate => SuggestionsJudged > 0 ? (double)SuggestionsAccepted / SuggestionsJudged : null;
}
