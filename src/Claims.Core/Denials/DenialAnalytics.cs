using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Denials;

/// <summary>
/// Denial analytics over the payers' postings of the last <c>months</c> months (by the month a claim was first
/// adjudicated). Formulas (also printed on the page):
/// <list type="bullet">
/// <item>initial denial rate = claims whose first posting refused any amount (Denied or PartiallyPaid) / claims first
/// adjudicated in the month;</item>
/// <item>by CARC, by category: those denied claims by the primary (largest) refused code and its rule's category;</item>
/// <item>dollars denied = Σ refused amounts (CO/OA/PI other than contractual) on first postings; recovered = Σ paid on the
/// same claims by later postings (reversals net out); written off = Σ WriteOff ledger rows in the period;</item>
/// <item>overturn rate = appeals decided overturned / appeals decided in the period;</item>
/// <item>by coder: denied claims by who completed their coding; by scrubber edit: by the edit the primary code's rule
/// names as the one that could have caught it ("none" when no edit could).</item>
/// </list>
/// </summary>
public sealed class DenialAnalytics(ClaimsDbContext db, TimeProvider clock)
{
    public async Task<DenialAnalyticsReport> ComputeAsync(Caller caller, int months = 6, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (months is < 1 or > 36) throw new DomainValidationException("Report 1 to 36 months.");
        var now = clock.GetUtcNow();
        var first = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-(months - 1));
        var labels = Enumerable.Range(0, months).Select(i => first.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        var book = await DenialRuleBook.LoadAsync(db, cancellationToken);

        var postings = await (from p in db.ClaimPaymentPostings.AsNoTracking()
                              join c in db.Claims on p.ClaimId equals c.Id
                              join py in db.Payers on c.PayerId equals py.Id
                              where p.PostedAt >= first
                              select new { p.Id, p.ClaimId, p.ReversesId, p.PostedAt, p.PaidCents, p.Detail, c.PayerId, Payer = py.Name, py.ClaimFilingIndicator })
                             .ToListAsync(cancellationToken);
        var initial = postings.Where(p => p.ReversesId == null).GroupBy(p => p.ClaimId)
            .Select(g => g.OrderBy(p => p.PostedAt).ThenBy(p => p.Id).First()).ToList();
        var denied = new List<(Guid ClaimId, string Month, string Payer, DenialCode Primary, long Cents, DateTimeOffset At)>();
        var adjudicated = new List<(string Month, string Payer)>();
        foreach (var p in initial)
        {
            var month = p.PostedAt.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            adjudicated.Add((month, p.Payer));
            var refused = DenialReader.Refused(EobClaim.FromJson(p.Detail));
            if (refused.Count == 0) continue;
            var top = refused.OrderByDescending(r => r.Cents).First();
            var verdict = book.Classify(p.PayerId, AppealWindows.IsMedicare(p.ClaimFilingIndicator), top.Group, top.Carc, top.Remarks);
            var code = new DenialCode(top.Line, top.Group, top.Carc, top.Remarks, top.Cents, RemarkCodes.Carc(top.Carc) ?? top.Carc, [], verdict);
            denied.Add((p.ClaimId, month, p.Payer, code, refused.Sum(r => r.Cents), p.PostedAt));
        }
        var deniedIds = denied.ToDictionary(d => d.ClaimId, d => d.At);
        var recovered = postings.Where(p => deniedIds.TryGetValue(p.ClaimId, out var at) && p.PostedAt > at).Sum(p => p.PaidCents);
        var writtenOff = await db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.WriteOff && e.PostedAt >= first).SumAsync(e => e.AmountCents, cancellationToken);
        var appeals = await db.Appeals.AsNoTracking().Where(a => a.Status == AppealStatus.Decided && a.CreatedAt >= first).Select(a => a.Outcome).ToListAsync(cancellationToken);
        var ids = denied.Select(d => d.ClaimId).ToList();
        var coders = new Dictionary<Guid, string>();
        foreach (var chunk in ids.Chunk(500))
        {
            var events = await db.ClaimEvents.AsNoTracking().Where(e => chunk.Contains(e.ClaimId) && e.Trigger == ClaimTrigger.CompleteCoding)
                .Select(e => new { e.ClaimId, e.Id, e.ActorId }).ToListAsync(cancellationToken);
            foreach (var g in events.GroupBy(e => e.ClaimId)) coders[g.Key] = g.MaxBy(e => e.Id)!.ActorId;
        }

        var payers = adjudicated.Select(a => a.Payer).Distinct().Order(StringComparer.Ordinal).ToList();
        var rate = payers.Select(payer => new DenialSeries(payer, [.. labels.Select(m =>
        {
            var total = adjudicated.Count(a => a.Month == m && a.Payer == payer);
            return total == 0 ? 0 : Math.Round(100.0 * denied.Count(d => d.Month == m && d.Payer == payer) / total, 1);
        })])).ToList();
        var carcs = denied.GroupBy(d => $"{d.Primary.Group}-{d.Primary.Carc}").OrderByDescending(g => g.Count()).Take(8)
            .Select(g => new DenialSeries(g.Key, [.. labels.Select(m => (double)g.Count(d => d.Month == m))])).ToList();
        var categories = denied.GroupBy(d => DenialWords.Of(d.Primary.Verdict.Category)).OrderByDescending(g => g.Count())
            .Select(g => new DenialSeries(g.Key, [.. labels.Select(m => (double)g.Count(d => d.Month == m))])).ToList();
        var byCoder = denied.GroupBy(d => coders.GetValueOrDefault(d.ClaimId) ?? "(not coded here)")
            .Select(g => new DenialTrace(g.Key, g.Count(), g.Sum(d => d.Cents))).OrderByDescending(t => t.Claims).ToList();
        var byEdit = denied.GroupBy(d => d.Primary.Verdict.ScrubberEdit ?? "none")
            .Select(g => new DenialTrace(g.Key, g.Count(), g.Sum(d => d.Cents))).OrderByDescending(t => t.Claims).ToList();

        db.Audit(AuditRecords.For(caller, AuditAction.Read, "DenialAnalytics", null, null, $"denial analytics {labels[0]}..{labels[^1]}: counts and sums only", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new DenialAnalyticsReport(labels, rate, carcs, categories, adjudicated.Count, denied.Count, denied.Sum(d => d.Cents), recovered, writtenOff,
            appeals.Count, appeals.Count(o => o == AppealOutcome.Overturned), byCoder, byEdit);
    }
}
