namespace Claims.Statements;

/// <summary>The amount due by the age of its service date on the statement date (the buckets statements usually print).</summary>
public sealed record StatementAging(long CurrentCents, long Days31To60Cents, long Days61To90Cents, long Over90Cents)
{
    internal static StatementAging Of(IEnumerable<(DateOnly ServiceDate, long Cents)> owed, DateOnly statementDate)
    {
        long current = 0, d60 = 0, d90 = 0, over = 0;
        foreach (var (date, cents) in owed)
        {
            var days = statementDate.DayNumber - date.DayNumber;
            if (days <= 30) current += cents;
            else if (days <= 60) d60 += cents;
            else if (days <= 90) d90 += cents;
            else over += cents;
        }
        return new StatementAging(current, d60, d90, over);
    }
}
