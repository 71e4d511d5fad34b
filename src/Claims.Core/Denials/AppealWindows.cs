namespace Claims.Denials;

/// <summary>
/// Appeal deadlines (DOMAIN.md "Denials, appeals"; CMS Medicare Claims Processing Manual ch. 29): Medicare counts from
/// receipt of the notice, presumed 5 days after its date: redetermination 120 days, reconsideration 180, ALJ hearing and
/// the later levels 60. Other payers: 180 days from the notice at every level unless the payer (an admin's rule) says
/// otherwise; no presumed-receipt days, since commercial contracts count from the notice date.
/// </summary>
public static class AppealWindows
{
    /// <summary>Medicare's presumed mail time: a notice is taken to be received 5 days after its date.</summary>
    public const int MedicareReceiptDays = 5;

    /// <summary>The commercial default.</summary>
    public const int CommercialDays = 180;

    /// <summary>Whether a payer follows the Medicare appeal rules (claim filing indicator MA Part A or MB Part B).</summary>
    public static bool IsMedicare(string? filingIndicator) => filingIndicator is "MA" or "MB";

    /// <summary>Days to file appeal <paramref name="level"/> from the notice it answers (receipt days included for Medicare).</summary>
    public static int Days(int level, bool medicare, int? overrideDays)
    {
        if (level < 1) throw new DomainValidationException("Appeal levels start at 1.");
        if (overrideDays is { } days) return days + (medicare ? MedicareReceiptDays : 0);
        if (!medicare) return CommercialDays;
        return MedicareReceiptDays + level switch
        {
            1 => 120,
            2 => 180,
            _ => 60,
        };
    }

    /// <summary>The last day to file appeal <paramref name="level"/> against a notice dated <paramref name="noticeDate"/>.</summary>
    public static DateOnly Deadline(DateOnly noticeDate, int level, bool medicare, int? overrideDays) => noticeDate.AddDays(Days(level, medicare, overrideDays));
}
