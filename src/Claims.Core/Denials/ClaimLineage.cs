using System.Globalization;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Denials;

/// <summary>
/// A claim's lineage for its page: every time it went to the payer (original 1, replacement 7, void 8 with REF*F8 =
/// the payer's claim number), the corrections and voids that re-framed it, and any separate claim that replaces it or
/// that it replaces. A correction re-frames the same claim as frequency 7 (one claim, one ledger), so original and
/// replacement are the same page; its lines here say which send was which. PHI-free: numbers, dates, codes.
/// </summary>
public static class ClaimLineage
{
    public static async Task<IReadOnlyList<string>> ForAsync(ClaimsDbContext db, Guid claimId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == claimId).Select(c => new { c.PayerClaimNumber, c.OriginalClaimId }).FirstOrDefaultAsync(cancellationToken);
        if (claim is null) return [];
        var lines = new List<(DateTimeOffset At, string Text)>();
        var sends = await (from s in db.SubmissionBatchClaims.AsNoTracking()
                           join b in db.SubmissionBatches on s.BatchId equals b.Id
                           where s.ClaimId == claimId
                           select new { b.CreatedAt, b.InterchangeControlNumber, s.Frequency }).ToListAsync(cancellationToken);
        foreach (var s in sends)
        {
            var kind = s.Frequency switch { 7 => "replacement (7)", 8 => "void (8)", _ => "original (1)" };
            var f8 = s.Frequency is 7 or 8 && claim.PayerClaimNumber is not null ? $" with REF*F8 {claim.PayerClaimNumber}" : "";
            lines.Add((s.CreatedAt, string.Create(CultureInfo.InvariantCulture, $"{s.CreatedAt:yyyy-MM-dd}: sent as {kind}{f8} in batch ISA13 {s.InterchangeControlNumber}")));
        }
        var events = await db.ClaimEvents.AsNoTracking().Where(e => e.ClaimId == claimId && (e.Trigger == ClaimTrigger.Correct || e.Trigger == ClaimTrigger.Void))
            .Select(e => new { e.At, e.Trigger, e.ActorId }).ToListAsync(cancellationToken);
        foreach (var e in events)
            lines.Add((e.At, string.Create(CultureInfo.InvariantCulture, $"{e.At:yyyy-MM-dd}: {(e.Trigger == ClaimTrigger.Correct ? "corrected, to go out as a replacement of" : "voided, to go out as a void of")} payer claim {claim.PayerClaimNumber ?? "(none yet)"} by {e.ActorId}")));
        if (claim.OriginalClaimId is { } original)
        {
            var number = await db.Claims.AsNoTracking().Where(c => c.Id == original).Select(c => c.ControlNumber).FirstOrDefaultAsync(cancellationToken);
            lines.Add((DateTimeOffset.MinValue, $"replaces claim {number?.Value ?? original.ToString()}"));
        }
        var replacements = await db.Claims.AsNoTracking().Where(c => c.OriginalClaimId == claimId).Select(c => c.ControlNumber).ToListAsync(cancellationToken);
        foreach (var r in replacements) lines.Add((DateTimeOffset.MaxValue, $"replaced by claim {r.Value}"));
        return [.. lines.OrderBy(l => l.At).Select(l => l.Text)];
    }
}
