namespace Claims.Operations.Calendar;

/// <summary>
/// A client's working time: the hours its office is open on working days, in its own IANA time zone, less its
/// holidays. SLA targets in business hours count only this time, so a claim received on Friday evening is not late on
/// Monday morning. Daylight-saving changes are the zone's: a window is converted to UTC day by day.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DayOfWeek> _workDays;

    public BusinessCalendar(string timeZoneId, TimeOnly opens, TimeOnly closes, IEnumerable<DayOfWeek> workDays, IEnumerable<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(workDays);
        ArgumentNullException.ThrowIfNull(holidays);
        if (closes <= opens) throw new DomainValidationException("A business day closes after it opens.");
        TimeZone = FindZone(timeZoneId);
        Opens = opens;
        Closes = closes;
        _workDays = [.. workDays];
        if (_workDays.Count == 0) throw new DomainValidationException("A business calendar needs at least one working day.");
        _holidays = [.. holidays];
    }

    public TimeZoneInfo TimeZone { get; }

    public TimeOnly Opens { get; }

    public TimeOnly Closes { get; }

    public IReadOnlySet<DayOfWeek> WorkDays => _workDays;

    public IReadOnlySet<DateOnly> Holidays => _holidays;

    /// <summary>The length of one business day.</summary>
    public TimeSpan DayLength => Closes - Opens;

    /// <summary>An IANA zone (America/Chicago); an unknown one is a validation error naming it.</summary>
    public static TimeZoneInfo FindZone(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId)) throw new DomainValidationException("A business calendar needs a time zone (IANA, e.g. America/New_York).");
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId.Trim());
        }
        catch (TimeZoneNotFoundException)
        {
            throw new DomainValidationException($"Unknown time zone '{timeZoneId.Trim()}' (use an IANA name such as America/New_York).");
        }
    }

    /// <summary>Whether <paramref name="day"/> (the client's local date) is a working day that is not a holiday.</summary>
    public bool IsBusinessDay(DateOnly day) => _workDays.Contains(day.DayOfWeek) && !_holidays.Contains(day);

    /// <summary>The open windows (UTC) that overlap [<paramref name="from"/>, <paramref name="to"/>), clipped to it, in order.</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Windows(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) yield break;
        var day = LocalDate(from).AddDays(-1);
        var last = LocalDate(to).AddDays(1);
        for (; day <= last; day = day.AddDays(1))
        {
            if (!IsBusinessDay(day)) continue;
            var (open, close) = Window(day);
            var start = open > from ? open : from;
            var end = close < to ? close : to;
            if (end > start) yield return (start, end);
        }
    }

    /// <summary>Business time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to) =>
        Windows(from, to).Aggregate(TimeSpan.Zero, (sum, w) => sum + (w.End - w.Start));

    /// <summary>
    /// The instant at which <paramref name="amount"/> of business time has passed since <paramref name="start"/>,
    /// not counting <paramref name="paused"/> intervals (a claim waiting on the clinic).
    /// </summary>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan amount, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>? paused = null)
    {
        if (amount <= TimeSpan.Zero) return start;
        var left = amount;
        var day = LocalDate(start).AddDays(-1);
        // A working day at least every week (checked in the constructor); holidays may take a few more.
        for (var guard = 0; guard < 3660; guard++, day = day.AddDays(1))
        {
            if (!IsBusinessDay(day)) continue;
            var (open, close) = Window(day);
            if (close <= start) continue;
            if (open < start) open = start;
            foreach (var (s, e) in Subtract(open, close, paused))
            {
                if (e - s >= left) return s + left;
                left -= e - s;
            }
        }
        throw new DomainValidationException("The business calendar has no working time within ten years.");
    }

    /// <summary>[start, end) less the paused intervals, in order.</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Subtract(DateTimeOffset start, DateTimeOffset end, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>? paused)
    {
        var cursor = start;
        foreach (var (ps, pe) in (paused ?? []).Where(p => p.End > start && p.Start < end).OrderBy(p => p.Start))
        {
            if (ps > cursor) yield return (cursor, ps);
            if (pe > cursor) cursor = pe;
        }
        if (end > cursor) yield return (cursor, end);
    }

    /// <summary>The client's local date at <paramref name="at"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);

    /// <summary>The end of the client's local day <paramref name="day"/> (midnight that follows it), in UTC.</summary>
    public DateTimeOffset EndOfDay(DateOnly day) => ToUtc(day.AddDays(1), TimeOnly.MinValue);

    private (DateTimeOffset Open, DateTimeOffset Close) Window(DateOnly day) => (ToUtc(day, Opens), ToUtc(day, Closes));

    private DateTimeOffset ToUtc(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        // A time skipped by a spring-forward change does not exist locally: take the hour after.
        if (TimeZone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, TimeZone), TimeSpan.Zero);
    }
}
