using Claims.Domain;
using Claims.Operations.Calendar;
using Claims.Operations.Contracts;

namespace Claims.Operations.Sla;

/// <summary>
/// The SLA clocks of a claim, derived from its workflow history and its client's contract; the same history always
/// gives the same clocks, so nothing can drift from what happened. Waiting on the clinic (On hold) pauses every clock:
/// the clinic, not the BPO, holds the claim then. Business-hour targets count only the client's open hours (its time
/// zone, working days and holidays); day targets count calendar time.
/// </summary>
public static class SlaClocks
{
    /// <summary>A running clock with less than this share of its allowance left is at risk.</summary>
    public const double AtRiskShare = 0.25;

    /// <summary>
    /// Every clock the claim has had: coding (from receipt), submission (from the date of service; none for a claim
    /// closed or voided unsubmitted), and the latest rejection and denial cycles when there were any.
    /// </summary>
    public static IReadOnlyList<SlaClock> For(DateTimeOffset receivedAt, DateOnly serviceFrom, IReadOnlyList<ClaimEvent> history, ClientContract contract, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(contract);
        var events = history.OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
        var calendar = contract.Calendar;
        var timeline = Timeline(receivedAt, events, now);
        var holds = timeline.Where(s => s.State == ClaimState.OnHold).Select(s => (s.Start, s.End)).ToList();
        var clocks = new List<SlaClock>(4);

        var coded = events.FirstOrDefault(e => e.To is not (ClaimState.Received or ClaimState.Coding or ClaimState.OnHold or ClaimState.Verification));
        clocks.Add(Business(SlaKind.Coding, receivedAt, coded?.At, TimeSpan.FromHours(contract.CodingTurnaroundHours), calendar, timeline, holds, now));

        var submitted = events.FirstOrDefault(e => e.Trigger == ClaimTrigger.Submit);
        var endedUnsubmitted = submitted is null && events.Any(e => e.To is ClaimState.Closed or ClaimState.Voided);
        if (!endedUnsubmitted)
        {
            var start = calendar.EndOfDay(serviceFrom.AddDays(-1));
            var allowed = calendar.EndOfDay(serviceFrom.AddDays(contract.SubmissionDays)) - start;
            clocks.Add(Calendar(SlaKind.Submission, start, submitted?.At, allowed, timeline, holds, now, receivedAt));
        }

        var rejected = events.LastOrDefault(e => e.Trigger == ClaimTrigger.Reject);
        if (rejected is not null)
        {
            var resubmitted = events.FirstOrDefault(e => e.Trigger == ClaimTrigger.Submit && e.At >= rejected.At && e.Id != rejected.Id && IsAfter(e, rejected));
            clocks.Add(Business(SlaKind.RejectionFix, rejected.At, resubmitted?.At, TimeSpan.FromHours(contract.RejectionFixHours), calendar, timeline, holds, now));
        }

        var denied = events.LastOrDefault(e => e.Trigger == ClaimTrigger.Deny);
        if (denied is not null)
        {
            var worked = events.FirstOrDefault(e => IsAfter(e, denied) && e.Trigger is ClaimTrigger.Correct or ClaimTrigger.Appeal or ClaimTrigger.Close or ClaimTrigger.Void);
            clocks.Add(Calendar(SlaKind.DenialWork, denied.At, worked?.At, TimeSpan.FromDays(contract.DenialWorkDays), timeline, holds, now, null));
        }
        return clocks;
    }

    /// <summary>The clock that matters for the claim's state now: coding while it is coded, submission until submitted, and so on; null when none runs.</summary>
    public static SlaClock? Current(IReadOnlyList<SlaClock> clocks, ClaimState state)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        SlaKind? kind = state switch
        {
            ClaimState.Received or ClaimState.Coding or ClaimState.OnHold or ClaimState.Verification => SlaKind.Coding,
            ClaimState.ReadyToSubmit => SlaKind.Submission,
            ClaimState.Rejected => SlaKind.RejectionFix,
            ClaimState.Denied => SlaKind.DenialWork,
            _ => null,
        };
        var clock = kind is null ? null : clocks.FirstOrDefault(c => c.Kind == kind && c.IsRunning);
        // A corrected rejection is coded again: its rejection clock keeps running until the resubmission.
        return clock ?? clocks.Where(c => c.IsRunning && c.Kind == SlaKind.RejectionFix).FirstOrDefault();
    }

    private sealed record Segment(DateTimeOffset Start, DateTimeOffset End, ClaimState State, bool Rework);

    /// <summary>The claim's states over time, from receipt to now; Coding after a failed verification or a correction is rework.</summary>
    private static List<Segment> Timeline(DateTimeOffset receivedAt, List<ClaimEvent> events, DateTimeOffset now)
    {
        var segments = new List<Segment>(events.Count + 1);
        var start = receivedAt;
        var state = ClaimState.Received;
        var rework = false;
        foreach (var e in events)
        {
            var at = e.At < start ? start : e.At;
            if (at > start) segments.Add(new Segment(start, at, state, rework));
            start = at;
            state = e.To;
            if (e.Trigger is ClaimTrigger.VerificationFailed or ClaimTrigger.Correct) rework = true;
            if (e.To is not (ClaimState.Coding or ClaimState.OnHold)) rework = false;
        }
        if (now > start) segments.Add(new Segment(start, now, state, rework));
        return segments;
    }

    private static bool IsAfter(ClaimEvent e, ClaimEvent other) => e.At > other.At || (e.At == other.At && e.Id > other.Id);

    private static SlaClock Business(SlaKind kind, DateTimeOffset start, DateTimeOffset? stop, TimeSpan allowed, BusinessCalendar calendar, List<Segment> timeline, List<(DateTimeOffset Start, DateTimeOffset End)> holds, DateTimeOffset now)
    {
        var end = stop ?? now;
        TimeSpan Measure(DateTimeOffset a, DateTimeOffset b) => calendar.BusinessTimeBetween(a, b);
        var (used, paused, cause) = Split(start, end, timeline, Measure);
        var due = calendar.AddBusinessTime(start, allowed, Clip(holds, start, end));
        return Build(kind, start, due, stop, allowed, used, paused, IsHeld(timeline, stop), cause);
    }

    private static SlaClock Calendar(SlaKind kind, DateTimeOffset start, DateTimeOffset? stop, TimeSpan allowed, List<Segment> timeline, List<(DateTimeOffset Start, DateTimeOffset End)> holds, DateTimeOffset now, DateTimeOffset? receivedAt)
    {
        var end = stop ?? now;
        var (used, paused, cause) = Split(start, end, timeline, static (a, b) => b - a);
        // Before receipt the encounter was still at the clinic: that time counts (the contract runs from the date of
        // service) but is named as the clinic's when it caused the breach.
        if (receivedAt is { } received && received > start)
        {
            var atClinic = (received < end ? received : end) - start;
            if (atClinic > TimeSpan.Zero)
            {
                used += atClinic;
                if (cause.Longest < atClinic) cause = ("the clinic sent the encounter late", atClinic);
            }
        }
        var due = start + allowed;
        foreach (var (s, e) in Clip(holds, start, end).OrderBy(h => h.Start))
        {
            if (s < due) due += e - s;
        }
        return Build(kind, start, due, stop, allowed, used, paused, IsHeld(timeline, stop), cause);
    }

    private static SlaClock Build(SlaKind kind, DateTimeOffset start, DateTimeOffset due, DateTimeOffset? stop, TimeSpan allowed, TimeSpan used, TimeSpan paused, bool held, (string Phase, TimeSpan Longest) cause)
    {
        var status = used > allowed || (stop is null && used >= allowed) ? SlaStatus.Breached
            : stop is null && allowed - used <= allowed * AtRiskShare ? SlaStatus.AtRisk
            : SlaStatus.OnTime;
        var why = status == SlaStatus.Breached
            ? $"{Hours(used)} used of {Hours(allowed)} allowed; most of it {cause.Phase} ({Hours(cause.Longest)})" + (paused > TimeSpan.Zero ? $"; {Hours(paused)} waiting on the clinic not counted" : "")
            : null;
        return new SlaClock(kind, start, due, stop, allowed, used, paused, held, status, why);
    }

    /// <summary>Time used (holds excluded), time paused, and the phase that used the most.</summary>
    private static (TimeSpan Used, TimeSpan Paused, (string Phase, TimeSpan Longest) Cause) Split(DateTimeOffset start, DateTimeOffset end, List<Segment> timeline, Func<DateTimeOffset, DateTimeOffset, TimeSpan> measure)
    {
        var used = TimeSpan.Zero;
        var paused = TimeSpan.Zero;
        var byPhase = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var s in timeline)
        {
            var a = s.Start > start ? s.Start : start;
            var b = s.End < end ? s.End : end;
            if (b <= a) continue;
            var t = measure(a, b);
            if (s.State == ClaimState.OnHold)
            {
                paused += t;
                continue;
            }
            used += t;
            var phase = Phase(s);
            byPhase[phase] = byPhase.GetValueOrDefault(phase) + t;
        }
        var longest = byPhase.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault();
        return (used, paused, (longest.Key ?? "waiting", longest.Value));
    }

    private static string Phase(Segment s) => s.State switch
    {
        ClaimState.Received => "waiting in the coding queue",
        ClaimState.Coding when s.Rework => "in rework after a failed verification or correction",
        ClaimState.Coding => "in coding",
        ClaimState.Verification => "in verification",
        ClaimState.ReadyToSubmit => "ready but not submitted",
        ClaimState.Rejected => "rejected, waiting for a correction",
        ClaimState.Denied => "denied, waiting for a biller",
        _ => "with the payer",
    };

    private static bool IsHeld(List<Segment> timeline, DateTimeOffset? stop) => stop is null && timeline.Count > 0 && timeline[^1].State == ClaimState.OnHold;

    private static List<(DateTimeOffset Start, DateTimeOffset End)> Clip(List<(DateTimeOffset Start, DateTimeOffset End)> holds, DateTimeOffset start, DateTimeOffset end) =>
        [.. holds.Where(h => h.End > start && h.Start < end).Select(h => (h.Start > start ? h.Start : start, h.End < end ? h.End : end))];

    /// <summary>A duration as hours with one decimal, or days past 48 hours ("31.5 h", "4.2 d").</summary>
    public static string Hours(TimeSpan span) =>
        Math.Abs(span.TotalHours) >= 48
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} d")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");
}
