using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Denials;

/// <summary>
/// Reads denied claims into <see cref="ClaimDenial"/>s: the latest payment posting that no reversal undid (the payer's
/// words, stored as JSON with the posting), its refused adjustments (any CAS the ledger keeps open: not PR, not CO-45/253)
/// classified by the rules, the payer balance from the ledger, the coder, the biller's lease and the appeals so far.
/// Claims are read 500 at a time so the id lists stay within every database's parameter limits.
/// </summary>
internal static class DenialReader
{
    private const int Chunk = 500;

    public static async Task<List<ClaimDenial>> ReadAsync(ClaimsDbContext db, DenialRuleBook book, IQueryable<Claim> claims, DateTimeOffset now, CancellationToken ct)
    {
        var heads = await (from c in claims.AsNoTracking()
                           join cl in db.Clinics on c.ClinicId equals cl.Id
                           join p in db.Patients on c.PatientId equals p.Id
                           join py in db.Payers on c.PayerId equals py.Id into payers
                           from py in payers.DefaultIfEmpty()
                           select new Head(c.Id, c.ControlNumber.Value, c.State, c.ClinicId, cl.Name, c.PayerId, py == null ? "self-pay" : py.Name,
                               py == null ? null : py.ClaimFilingIndicator, py == null ? null : (int?)py.TimelyFilingDays, p.Pseudonym, c.PatientId,
                               c.ServiceFrom, c.PayerClaimNumber, (int)c.Frequency, c.TotalCharge.Cents)).ToListAsync(ct);
        var asOf = DateOnly.FromDateTime(now.UtcDateTime);
        var result = new List<ClaimDenial>(heads.Count);
        foreach (var chunk in heads.Chunk(Chunk))
        {
            var ids = chunk.Select(h => h.Id).ToList();
            var patientIds = chunk.Select(h => h.PatientId).Distinct().ToList();
            var postings = await db.ClaimPaymentPostings.AsNoTracking().Where(p => ids.Contains(p.ClaimId))
                .Select(p => new { p.Id, p.ClaimId, p.ReversesId, p.PostedAt, p.Detail }).ToListAsync(ct);
            var reversed = postings.Where(p => p.ReversesId != null).Select(p => p.ReversesId!.Value).ToHashSet();
            var latest = postings.Where(p => p.ReversesId == null && !reversed.Contains(p.Id))
                .GroupBy(p => p.ClaimId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.PostedAt).ThenBy(p => p.Id).Last());
            var sums = (await db.LedgerEntries.AsNoTracking().Where(e => e.ClaimId != null && ids.Contains(e.ClaimId.Value))
                    .GroupBy(e => new { e.ClaimId, e.Kind }).Select(g => new { g.Key.ClaimId, g.Key.Kind, Cents = g.Sum(e => e.AmountCents) }).ToListAsync(ct))
                .ToLookup(s => s.ClaimId!.Value);
            var coders = (await db.ClaimEvents.AsNoTracking().Where(e => ids.Contains(e.ClaimId) && e.Trigger == ClaimTrigger.CompleteCoding)
                    .Select(e => new { e.ClaimId, e.Id, e.ActorId }).ToListAsync(ct))
                .GroupBy(e => e.ClaimId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Id)!.ActorId);
            var leases = await db.DenialAssignments.AsNoTracking().Where(a => ids.Contains(a.ClaimId)).ToDictionaryAsync(a => a.ClaimId, ct);
            var appeals = (await db.Appeals.AsNoTracking().Where(a => ids.Contains(a.ClaimId)).ToListAsync(ct)).ToLookup(a => a.ClaimId);
            var secondaries = (await db.Coverages.AsNoTracking().Where(c => patientIds.Contains(c.PatientId) && c.Order > 1)
                .Select(c => c.PatientId).Distinct().ToListAsync(ct)).ToHashSet();
            foreach (var head in chunk)
            {
                var eob = latest.TryGetValue(head.Id, out var posting) ? EobClaim.FromJson(posting.Detail) : null;
                var balance = ClaimBalance.From(sums[head.Id].Select(s => (s.Kind, s.Cents)));
                var amount = balance.ChargeCents == 0 ? head.TotalCents : balance.PayerBalanceCents;
                result.Add(Build(book, head, eob, posting is null ? null : DateOnly.FromDateTime(posting.PostedAt.UtcDateTime), amount,
                    coders.GetValueOrDefault(head.Id), leases.GetValueOrDefault(head.Id), [.. appeals[head.Id]], secondaries.Contains(head.PatientId), asOf, now));
            }
        }
        return result;
    }

    /// <summary>The refused adjustments of a posting, claim level and line level, with the remark codes beside each.</summary>
    public static List<(int? Line, string Group, string Carc, long Cents, List<string> Remarks)> Refused(EobClaim eob)
    {
        var list = new List<(int?, string, string, long, List<string>)>();
        foreach (var a in eob.Adjustments.Where(IsRefused)) list.Add((null, a.Group, a.Reason, a.AmountCents, [.. eob.Remarks]));
        foreach (var line in eob.Lines)
            foreach (var a in line.Adjustments.Where(IsRefused)) list.Add((line.LineNumber, a.Group, a.Reason, a.AmountCents, [.. line.Remarks.Concat(eob.Remarks).Distinct()]));
        return list;
    }

    private static bool IsRefused(EobAdjustment a) =>
        a.AmountCents != 0 && LedgerEntry.Classify(new Adjustment(a.Group, a.Reason, a.AmountCents, a.Quantity)) == LedgerEntryKind.Denied;

    private static ClaimDenial Build(DenialRuleBook book, Head head, EobClaim? eob, DateOnly? remitted, long amount, string? coder, DenialAssignment? lease, List<Appeal> appeals, bool hasSecondary, DateOnly asOf, DateTimeOffset now)
    {
        var medicare = AppealWindows.IsMedicare(head.FilingIndicator);
        var codes = eob is null ? [] : Refused(eob).Select(r =>
        {
            var rarcs = r.Remarks;
            var verdict = book.Classify(head.PayerId, medicare, r.Group, r.Carc, rarcs);
            return new DenialCode(r.Line, r.Group, r.Carc, rarcs, r.Cents, RemarkCodes.Carc(r.Carc) ?? $"CARC {r.Carc}",
                [.. rarcs.Select(x => $"{x}: {RemarkCodes.Rarc(x) ?? "remark code " + x}")], verdict);
        }).ToList();
        var primary = codes.OrderByDescending(c => c.AmountCents).ThenBy(c => c.LineNumber ?? 0).FirstOrDefault();
        var action = primary?.Verdict.NextAction ?? DenialAction.Review;
        // "Bill the secondary payer, then the patient": with no second coverage on file the patient is next.
        if (action == DenialAction.BillSecondary && !hasSecondary) action = DenialAction.BillPatient;

        var upheld = appeals.Where(a => a.Outcome == AppealOutcome.Upheld).MaxBy(a => a.Level);
        var nextLevel = (appeals.Count == 0 ? 0 : appeals.Max(a => a.Level)) + (appeals.Any(a => a.Status != AppealStatus.Decided) ? 0 : 1);
        nextLevel = Math.Max(1, nextLevel);
        DateOnly? deadline = null;
        string? kind = null;
        if (action == DenialAction.CorrectAndResubmit && head.TimelyFilingDays is { } limit)
        {
            // A replacement claim must reach the payer within its filing limit, counted from the date of service.
            deadline = head.ServiceFrom.AddDays(limit);
            kind = "Corrected claim (filing limit)";
        }
        else if (action is DenialAction.Appeal or DenialAction.Review && (primary?.Verdict.Appealable ?? true))
        {
            var window = primary?.Verdict.AppealWindowDays ?? book.PayerAppealWindow(head.PayerId);
            if (upheld is { NextLevelDeadline: { } next }) deadline = next;
            else if (remitted is { } notice) deadline = AppealWindows.Deadline(notice, nextLevel, medicare, window);
            kind = deadline is null ? null : $"Appeal: {DenialWords.AppealLevel(nextLevel, medicare)}";
        }
        var live = lease is not null && lease.LeaseExpiresAt > now ? lease : null;
        return new ClaimDenial(head.Id, head.ControlNumber, head.State, head.ClinicId, head.Clinic, head.PayerId, head.Payer, medicare, head.Pseudonym,
            head.ServiceFrom, head.PayerClaimNumber, head.Frequency, remitted, codes, primary, action, amount, deadline, kind, asOf, coder, nextLevel,
            live?.AssignedTo, live?.LeaseExpiresAt);
    }

    private sealed record Head(Guid Id, string ControlNumber, ClaimState State, Guid ClinicId, string Clinic, Guid? PayerId, string Payer, string? FilingIndicator,
        int? TimelyFilingDays, string Pseudonym, Guid PatientId, DateOnly ServiceFrom, string? PayerClaimNumber, int Frequency, long TotalCents);
}
