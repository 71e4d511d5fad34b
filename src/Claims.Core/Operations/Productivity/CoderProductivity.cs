using Claims.Coding;
using Claims.Domain;
using Claims.Operations.Qa;
using Claims.Operations.Teams;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Productivity;

/// <summary>
/// Coder productivity from what the history already holds (no timesheets): active time is the span from a claim
/// entering Coding to the coder's next act that leaves it (complete, release, query), overlapping spans merged and each
/// capped at <see cref="MaxSession"/> (a longer one means the coder walked away from a lease); claims coded are
/// completions; first pass is whether the scrubber passed a claim's first completion by that coder; suggestion
/// acceptance comes from the coding verdicts; denials traced to coding are denials (or partial payments) with a
/// <see cref="CodingDenials"/> reason, charged to whoever last completed the claim's coding before them.
/// A coder sees their own figures, a lead their team's, managers and admins everyone's.
/// </summary>
public sealed class CoderProductivity(ClaimsDbContext db)
{
    /// <summary>The longest coding session counted: two leases (an edit renews the 30-minute lease).</summary>
    public static readonly TimeSpan MaxSession = Workbench.Lease * 2;

    public async Task<ProductivityReport> ReadAsync(Caller caller, DateOnly from, DateOnly to, ProductivityGrain grain, string? coderId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        OperationsAccess.Require(caller, "see productivity", ClaimRole.Coder, ClaimRole.Lead, ClaimRole.Manager, ClaimRole.Admin);
        if (to < from) throw new DomainValidationException("The period ends before it starts.");
        if (to.DayNumber - from.DayNumber > 366) throw new DomainValidationException("Productivity covers at most a year at a time.");
        var people = await TeamAssignments.PeopleInViewAsync(db, caller, cancellationToken);
        var only = string.IsNullOrWhiteSpace(coderId) ? null : coderId.Trim();
        if (only is not null && people is not null && !people.Contains(only)) throw new OperationForbiddenException($"You may not see {only}'s figures.");
        bool Counts(string actor) => (people is null || people.Contains(actor)) && (only is null || actor == only);

        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // Every event of the claims touched in the window (a session or a traced denial may begin before it).
        var touched = db.ClaimEvents.Where(e => e.At >= start && e.At < end).Select(e => e.ClaimId).Distinct();
        var events = await db.ClaimEvents.AsNoTracking().Where(e => touched.Contains(e.ClaimId)).ToListAsync(cancellationToken);
        var verdicts = await db.CodingDecisions.AsNoTracking().Where(d => d.At >= start && d.At < end).Select(d => new { d.ActorId, d.At, d.Verdict }).ToListAsync(cancellationToken);

        DateOnly Period(DateTimeOffset at)
        {
            var day = DateOnly.FromDateTime(at.UtcDateTime);
            return grain == ProductivityGrain.Week ? QaSampling.WeekOf(day) : day;
        }
        bool InWindow(DateTimeOffset at) => at >= start && at < end;

        var tally = new Dictionary<(string Coder, DateOnly Period), int[]>();
        var sessions = new Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>>(StringComparer.Ordinal);
        int[] Row(string coder, DateTimeOffset at) => tally.TryGetValue((coder, Period(at)), out var r) ? r : tally[(coder, Period(at))] = new int[7];

        foreach (var claim in events.GroupBy(e => e.ClaimId))
        {
            var history = claim.OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
            var firstCompletion = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < history.Count; i++)
            {
                var e = history[i];
                if (e.To == ClaimState.Coding && i + 1 < history.Count && history[i + 1] is { From: ClaimState.Coding } next
                    && next.Trigger is ClaimTrigger.CompleteCoding or ClaimTrigger.Release or ClaimTrigger.QueryProvider && Counts(next.ActorId) && InWindow(e.At))
                {
                    var stop = next.At - e.At > MaxSession ? e.At + MaxSession : next.At;
                    (sessions.TryGetValue(next.ActorId, out var list) ? list : sessions[next.ActorId] = []).Add((e.At, stop));
                }
                if (e.Trigger == ClaimTrigger.CompleteCoding && Counts(e.ActorId) && InWindow(e.At))
                {
                    Row(e.ActorId, e.At)[0]++;
                    if (firstCompletion.Add(e.ActorId))
                    {
                        Row(e.ActorId, e.At)[3]++;
                        if (i + 1 < history.Count && history[i + 1].Trigger == ClaimTrigger.VerificationPassed) Row(e.ActorId, e.At)[2]++;
                    }
                }
                else if (e.Trigger == ClaimTrigger.CompleteCoding)
                {
                    firstCompletion.Add(e.ActorId);
                }
                if (e.Trigger is ClaimTrigger.Deny or ClaimTrigger.PayPartially && InWindow(e.At) && CodingDenials.In(e.Reason).Count > 0)
                {
                    var coder = history.Take(i).LastOrDefault(h => h.Trigger == ClaimTrigger.CompleteCoding)?.ActorId;
                    if (coder is not null && Counts(coder)) Row(coder, e.At)[6]++;
                }
            }
        }
        foreach (var v in verdicts.Where(v => Counts(v.ActorId)))
        {
            var row = Row(v.ActorId, v.At);
            row[5]++;
            if (v.Verdict == CodingVerdict.Accepted) row[4]++;
        }
        var active = new Dictionary<(string, DateOnly), TimeSpan>();
        foreach (var (coder, list) in sessions)
        {
            foreach (var (s, e) in Merge(list))
            {
                Row(coder, s);
                active[(coder, Period(s))] = active.GetValueOrDefault((coder, Period(s))) + (e - s);
            }
        }
        var coders = tally.Select(t => new ProductivityRow(t.Key.Coder, t.Key.Period, t.Value[0], Math.Round(active.GetValueOrDefault(t.Key).TotalHours, 2), t.Value[2], t.Value[3], t.Value[4], t.Value[5], t.Value[6]))
            .OrderBy(r => r.Period).ThenBy(r => r.Coder, StringComparer.Ordinal).ToList();
        var team = coders.GroupBy(r => r.Period).Select(g => new ProductivityRow("team", g.Key, g.Sum(r => r.ClaimsCoded), Math.Round(g.Sum(r => r.ActiveHours), 2),
            g.Sum(r => r.FirstPassed), g.Sum(r => r.FirstCompleted), g.Sum(r => r.SuggestionsAccepted), g.Sum(r => r.SuggestionsJudged), g.Sum(r => r.CodingDenials))).ToList();
        return new ProductivityReport(from, to, grain, coders, team);
    }

    /// <summary>Overlapping sessions merged, so two claims open at once are not counted as two hours of work.</summary>
    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Merge(List<(DateTimeOffset Start, DateTimeOffset End)> sessions)
    {
        (DateTimeOffset Start, DateTimeOffset End)? current = null;
        foreach (var s in sessions.OrderBy(s => s.Start))
        {
            if (current is { } c && s.Start <= c.End)
            {
                current = (c.Start, s.End > c.End ? s.End : c.End);
                continue;
            }
            if (current is { } done) yield return done;
            current = s;
        }
        if (current is { } last) yield return last;
    }
}
