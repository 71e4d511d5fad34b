using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Claims.Claims;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Coding;

/// <summary>What the coders' queue is narrowed to; <see cref="After"/> is the cursor of the previous page (null: the first).</summary>
public sealed record WorkQueueFilter(Guid? ClinicId = null, Guid? PayerId = null, ClaimState? State = null, DateOnly? From = null, DateOnly? To = null, string? After = null);

/// <summary>One queue row: the patient by pseudonym only, the payer's name or "self-pay".</summary>
public sealed record WorkQueueRow(Guid Id, string ControlNumber, ClaimState State, string Clinic, string Patient, string Payer, DateOnly ServiceFrom, int Lines, long TotalCents, string? AssignedTo, DateTimeOffset? LeaseExpiresAt);

/// <summary>A page of the queue, how many claims match the filter in all, and the cursor of the next page (null on the last).</summary>
public sealed record WorkQueuePage(IReadOnlyList<WorkQueueRow> Rows, int Total, string? NextCursor);

/// <summary>
/// The coders' work queue: claims to code (Received, Coding, On hold), oldest service date first, paged by keyset
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

        var claims = db.Claims.AsNoTracking();
        if (filter.ClinicId is { } clinic) claims = claims.Where(c => c.ClinicId == clinic);
        if (filter.PayerId is { } payer) claims = claims.Where(c => c.PayerId == payer);
        if (filter.From is { } from) claims = claims.Where(c => c.ServiceFrom >= from);
        if (filter.To is { } to) claims = claims.Where(c => c.ServiceFrom <= to);
        IReadOnlyList<ClaimState> states = filter.State is { } one && Workable.Contains(one) ? [one] : Workable;
        var total = states.Count == 1
            ? await claims.CountAsync(c => c.State == states[0], ct)
            : await claims.CountAsync(c => c.State == ClaimState.Received || c.State == ClaimState.Coding || c.State == ClaimState.OnHold, ct);

        if (TryParseCursor(filter.After, out var afterDate, out var afterId))
        {
            // The same condition as "after (date, id)" written with a plain range first, so the index seeks to the date and
            // reads on in order; spelt as one OR, SQLite's p95 on deep pages was twice as high.
            claims = claims.Where(c => c.ServiceFrom >= afterDate && (c.ServiceFrom > afterDate || c.Id.CompareTo(afterId) > 0));
        }
        // "State IN (three)" cannot be read in (service date, id) order from any index, so the database would sort
        // every claim to code for each page. Each state's next page of keys instead comes in index order from
        // (State, ServiceFrom, Id) or its clinic and payer twins, without touching the table, and stops after one page;
        // the three are merged, and only the page's own rows are then read and joined.
        var keys = states
            .Select(state => claims.Where(c => c.State == state).OrderBy(c => c.ServiceFrom).ThenBy(c => c.Id).Select(c => new { c.ServiceFrom, c.Id }).Take(pageSize + 1))
            .Aggregate((a, b) => a.Concat(b))
            .OrderBy(k => k.ServiceFrom).ThenBy(k => k.Id).Take(pageSize + 1);
        var page = await (from k in keys
                          join c in db.Claims.AsNoTracking() on k.Id equals c.Id
                          join cl in db.Clinics on c.ClinicId equals cl.Id
                          join p in db.Patients on c.PatientId equals p.Id
                          join py in db.Payers on c.PayerId equals py.Id into payers
                          from py in payers.DefaultIfEmpty()
                          orderby c.ServiceFrom, c.Id
                          select new WorkQueueRow(c.Id, c.ControlNumber.Value, c.State, cl.Name, p.Pseudonym, py == null ? "self-pay" : py.Name, c.ServiceFrom, c.Lines.Count, c.TotalCharge.Cents, c.AssignedTo, c.LeaseExpiresAt))
                         .ToListAsync(ct);
        var rows = page.Count > pageSize ? page[..pageSize] : page;
        return new WorkQueuePage(rows, total, page.Count > pageSize ? Cursor(rows[^1]) : null);
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
