using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Denials;

/// <summary>
/// The billers' denial worklist: every Denied or PartiallyPaid claim with its codes in words, category, amount at stake,
/// next action, deadline and days left (<see cref="ClaimDenial"/>). One use case for the page, <c>claims denials
/// list</c> and the dashboard tile. Category, deadline and action come from the rules at read time, so the filters on
/// them run over the denials in memory after the database narrowed them by state, clinic and payer: denials are a small
/// share of claims (5-12%), and a rule an admin edits applies at once. Paging is by keyset over the sort key and id.
/// </summary>
public sealed class DenialWorklist(ClaimsDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>The dashboard's and worklist's "closes soon" horizon.</summary>
    public const int SoonDays = 14;

    /// <summary>The states a denial is worked in.</summary>
    public static readonly IReadOnlyList<ClaimState> Workable = [ClaimState.Denied, ClaimState.PartiallyPaid];

    /// <summary>One page of the worklist; the read is audited (pseudonyms and codes only are shown).</summary>
    public async Task<DenialWorklistPage> QueryAsync(DenialWorklistFilter filter, Caller caller, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var all = await MatchingAsync(filter, cancellationToken);
        var sorted = Sort(all, filter.Order).ToList();
        // Keyset: the rows strictly after the cursor's (key, id), so a claim worked meanwhile neither repeats nor skips one.
        var start = filter.After is { } cursor ? sorted.FindIndex(d => IsAfter(d, filter.Order, cursor)) : 0;
        var page = start < 0 ? [] : sorted.Skip(start).Take(pageSize + 1).ToList();
        var rows = page.Count > pageSize ? page[..pageSize] : page;
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "DenialWorklist", null, null, $"denial worklist rows={rows.Count} of {all.Count}"));
        await db.SaveChangesAsync(cancellationToken);
        return new DenialWorklistPage(rows, all.Count, all.Sum(d => d.AmountCents), all.Count(d => d.DueWithin(SoonDays) && d.Deadline is not null),
            page.Count > pageSize ? Cursor(rows[^1], filter.Order) : null);
    }

    /// <summary>Every denial matching the filter, unsorted and unaudited (for the bulk write-off and the dashboard count).</summary>
    public async Task<List<ClaimDenial>> MatchingAsync(DenialWorklistFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var claims = db.Claims.Where(c => (c.State == ClaimState.Denied || c.State == ClaimState.PartiallyPaid) && c.PayerId != null);
        if (filter.ClinicId is { } clinic) claims = claims.Where(c => c.ClinicId == clinic);
        if (filter.PayerId is { } payer) claims = claims.Where(c => c.PayerId == payer);
        var book = await DenialRuleBook.LoadAsync(db, cancellationToken);
        var all = await DenialReader.ReadAsync(db, book, claims, clock.GetUtcNow(), cancellationToken);
        return [.. all.Where(d => Keep(d, filter))];
    }

    /// <summary>One claim as the worklist sees it (any state, so a worked claim still shows its codes); null when it has no payer.</summary>
    public async Task<ClaimDenial?> FindAsync(Guid claimId, CancellationToken cancellationToken = default)
    {
        var book = await DenialRuleBook.LoadAsync(db, cancellationToken);
        var found = await DenialReader.ReadAsync(db, book, db.Claims.Where(c => c.Id == claimId && c.PayerId != null), clock.GetUtcNow(), cancellationToken);
        return found.SingleOrDefault();
    }

    /// <summary>One claim's denial for a person to read (the claim page, <c>claims denials show</c>): the read is audited.</summary>
    public async Task<ClaimDenial?> ShowAsync(Guid claimId, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var found = await FindAsync(claimId, cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "Claim", claimId.ToString(), found?.Patient, "denial read: codes, rules, deadline"));
        await db.SaveChangesAsync(cancellationToken);
        return found;
    }

    /// <summary>How many worked denials have a deadline within <paramref name="days"/> days (missed ones included): the dashboard tile.</summary>
    public async Task<(int Open, int DueSoon, int Missed)> CountsAsync(int days = SoonDays, CancellationToken cancellationToken = default)
    {
        var all = await MatchingAsync(new DenialWorklistFilter(), cancellationToken);
        return (all.Count, all.Count(d => d.Deadline is not null && d.DueWithin(days)), all.Count(d => d.DeadlineMissed));
    }

    private static bool Keep(ClaimDenial d, DenialWorklistFilter f) =>
        (f.Category is not { } category || d.Category == category)
        && (string.IsNullOrWhiteSpace(f.Carc) || d.Codes.Any(c => string.Equals(c.Carc, f.Carc.Trim(), StringComparison.OrdinalIgnoreCase)))
        && (string.IsNullOrWhiteSpace(f.Coder) || string.Equals(d.Coder, f.Coder.Trim(), StringComparison.OrdinalIgnoreCase))
        && (f.DueWithinDays is not { } days || (d.Deadline is not null && d.DueWithin(days)))
        && (f.MinAmountCents is not { } min || d.AmountCents >= min)
        && (string.IsNullOrWhiteSpace(f.HeldBy) || d.AssignedTo == f.HeldBy);

    private static IOrderedEnumerable<ClaimDenial> Sort(IEnumerable<ClaimDenial> rows, DenialWorklistOrder order) => order == DenialWorklistOrder.Amount
        ? rows.OrderByDescending(d => d.AmountCents).ThenBy(d => d.ClaimId.ToString("N"), StringComparer.Ordinal)
        : rows.OrderBy(d => DeadlineKey(d), StringComparer.Ordinal).ThenBy(d => d.ClaimId.ToString("N"), StringComparer.Ordinal);

    private static string DeadlineKey(ClaimDenial d) => (d.Deadline ?? DateOnly.MaxValue).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool IsAfter(ClaimDenial d, DenialWorklistOrder order, string cursor)
    {
        var parts = cursor.Split('_');
        if (parts.Length != 2) return true; // a malformed cursor (edited by hand) reads as none: the first page
        var id = string.CompareOrdinal(d.ClaimId.ToString("N"), parts[1]);
        if (order == DenialWorklistOrder.Amount)
        {
            if (!long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var amount)) return true;
            return d.AmountCents < amount || (d.AmountCents == amount && id > 0);
        }
        var key = string.CompareOrdinal(DeadlineKey(d), parts[0]);
        return key > 0 || (key == 0 && id > 0);
    }

    /// <summary>The cursor after <paramref name="row"/>: its sort key and id, which order the list strictly.</summary>
    public static string Cursor(ClaimDenial row, DenialWorklistOrder order)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = order == DenialWorklistOrder.Amount ? row.AmountCents.ToString(CultureInfo.InvariantCulture) : DeadlineKey(row);
        return $"{key}_{row.ClaimId:N}";
    }
}
