using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq.Expressions;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Coding;

/// <summary>
/// The coders' work queue: claims to code (Received, Coding, On hold), oldest (or newest) service date first, paged by keyset
/// (service date, id) so page 500 costs what page 1 does. One query for the web page and for <c>claims bench queue</c>,
/// so the benchmark times what users get.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "The coders' work queue is the domain's name for it, not a Queue<T>.")]
public static class WorkQueue
{
    public const int PageSize = 50;

    /// <summary>The states a coder works; any other state asked for falls back to all three.</summary>
    public static readonly IReadOnlyList<ClaimState> Workable = [ClaimState.Received, ClaimState.Coding, ClaimState.OnHold];

    public static async Task<WorkQueuePage> QueryAsync(ClaimsDbContext db, WorkQueueFilter filter, int pageSize = PageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        var now = filter.AsOf ?? DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // Claims past their payer's filing limit at intake wait for a biller (Billing/PastFilingLimit), not for coders.
        var claims = db.Claims.AsNoTracking().Where(c => !c.PastFilingLimit);
        if (filter.ClinicId is { } clinic) claims = claims.Where(c => c.ClinicId == clinic);
        if (filter.Clinics is { } served) claims = claims.Where(c => served.Contains(c.ClinicId));
        if (filter.PayerId is { } payer) claims = claims.Where(c => c.PayerId == payer);
        if (filter.From is { } from) claims = claims.Where(c => c.ServiceFrom >= from);
        if (filter.To is { } to) claims = claims.Where(c => c.ServiceFrom <= to);
        if (filter.MinAgeDays is { } age)
        {
            var servedBy = today.AddDays(-Math.Max(0, age));
            claims = claims.Where(c => c.ServiceFrom <= servedBy);
        }
        if (filter.Holder == WorkQueueHolder.Mine)
        {
            var me = filter.Me ?? "";
            claims = claims.Where(c => c.AssignedTo == me && c.LeaseExpiresAt > now);
        }
        else if (filter.Holder == WorkQueueHolder.Unassigned)
        {
            claims = claims.Where(c => c.AssignedTo == null || c.LeaseExpiresAt <= now);
        }
        if (filter.DueWithinDays is { } within)
        {
            // Due = date of service + the payer's limit. Payers are few, so "due by D" becomes, per payer, "served by
            // D - limit": plain comparisons the (PayerId, State, ServiceFrom, Id) index answers.
            var limits = await db.Payers.AsNoTracking().Select(p => new { p.Id, p.TimelyFilingDays }).ToListAsync(ct);
            claims = claims.Where(DueBy(limits.Select(p => (p.Id, today.AddDays(within - p.TimelyFilingDays)))));
        }
        IReadOnlyList<ClaimState> states = filter.State is { } one && Workable.Contains(one) ? [one] : Workable;
        var total = states.Count == 1
            ? await claims.CountAsync(c => c.State == states[0], ct)
            : await claims.CountAsync(c => c.State == ClaimState.Received || c.State == ClaimState.Coding || c.State == ClaimState.OnHold, ct);

        var newest = filter.Order == WorkQueueOrder.NewestFirst;
        if (TryParseCursor(filter.After, out var afterDate, out var afterId))
        {
            // The same condition as "after (date, id)" written with a plain range first, so the index seeks to the date and
            // reads on in order; spelt as one OR, SQLite's p95 on deep pages was twice as high.
            claims = newest
                ? claims.Where(c => c.ServiceFrom <= afterDate && (c.ServiceFrom < afterDate || c.Id.CompareTo(afterId) < 0))
                : claims.Where(c => c.ServiceFrom >= afterDate && (c.ServiceFrom > afterDate || c.Id.CompareTo(afterId) > 0));
        }
        // "State IN (three)" cannot be read in (service date, id) order from any index, so the database would sort
        // every claim to code for each page. Each state's next page of keys instead comes in index order from
        // (State, ServiceFrom, Id) or its clinic and payer twins, without touching the table, and stops after one page;
        // the three are merged, and only the page's own rows are then read and joined.
        var keys = states
            .Select(state => Ordered(claims.Where(c => c.State == state), newest).Select(c => new { c.ServiceFrom, c.Id }).Take(pageSize + 1))
            .Aggregate((a, b) => a.Concat(b));
        keys = (newest ? keys.OrderByDescending(k => k.ServiceFrom).ThenByDescending(k => k.Id) : keys.OrderBy(k => k.ServiceFrom).ThenBy(k => k.Id)).Take(pageSize + 1);
        var joined = from k in keys
                     join c in db.Claims.AsNoTracking() on k.Id equals c.Id
                     join cl in db.Clinics on c.ClinicId equals cl.Id
                     join p in db.Patients on c.PatientId equals p.Id
                     join py in db.Payers on c.PayerId equals py.Id into payers
                     from py in payers.DefaultIfEmpty()
                     select new { c, Clinic = cl.Name, p.Pseudonym, Payer = py == null ? "self-pay" : py.Name, Limit = py == null ? (int?)null : py.TimelyFilingDays };
        var ordered = newest ? joined.OrderByDescending(x => x.c.ServiceFrom).ThenByDescending(x => x.c.Id) : joined.OrderBy(x => x.c.ServiceFrom).ThenBy(x => x.c.Id);
        var page = await ordered
            .Select(x => new WorkQueueRow(x.c.Id, x.c.ControlNumber.Value, x.c.State, x.Clinic, x.Pseudonym, x.Payer, x.c.ServiceFrom, x.c.Lines.Count, x.c.TotalCharge.Cents, x.c.AssignedTo, x.c.LeaseExpiresAt, x.Limit, x.c.FilingDeadline))
            .ToListAsync(ct);
        var rows = page.Count > pageSize ? page[..pageSize] : page;
        return new WorkQueuePage(rows, total, page.Count > pageSize ? Cursor(rows[^1]) : null);
    }

    private static IOrderedQueryable<Claim> Ordered(IQueryable<Claim> claims, bool newest) =>
        newest ? claims.OrderByDescending(c => c.ServiceFrom).ThenByDescending(c => c.Id) : claims.OrderBy(c => c.ServiceFrom).ThenBy(c => c.Id);

    /// <summary><c>c =&gt; (c.PayerId == p1 &amp;&amp; c.ServiceFrom &lt;= d1) || ...</c>, false when there are no payers.</summary>
    private static Expression<Func<Claim, bool>> DueBy(IEnumerable<(Guid Payer, DateOnly ServedBy)> cutoffs)
    {
        var c = Expression.Parameter(typeof(Claim), "c");
        Expression body = Expression.Constant(false);
        foreach (var (payer, servedBy) in cutoffs)
        {
            var samePayer = Expression.Equal(Expression.Property(c, nameof(Claim.PayerId)), Expression.Constant((Guid?)payer, typeof(Guid?)));
            var servedInTime = Expression.LessThanOrEqual(Expression.Property(c, nameof(Claim.ServiceFrom)), Expression.Constant(servedBy));
            body = Expression.OrElse(body, Expression.AndAlso(samePayer, servedInTime));
        }
        return Expression.Lambda<Func<Claim, bool>>(body, c);
    }

    /// <summary>The cursor after <paramref name="row"/>: its service date and id, which together order the queue strictly.</summary>
    public static string Cursor(WorkQueueRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Create(CultureInfo.InvariantCulture, $"{row.ServiceFrom:yyyy-MM-dd}_{row.Id}");
    }

    /// <summary>A malformed cursor (edited by hand) reads as none: the first page, not an error.</summary>
    public static bool TryParseCursor(string? cursor, out DateOnly date, out Guid id)
    {
        date = default;
        id = default;
        var parts = cursor?.Split('_');
        return parts is { Length: 2 }
            && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && Guid.TryParse(parts[1], out id);
    }
}
