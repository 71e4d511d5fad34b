using Claims.Domain;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Kpis;

/// <summary>One claim's dates, money and workflow events, as the KPIs need them (no PHI).</summary>
internal sealed record ClaimFact(Guid Id, Guid ClinicId, Guid? PayerId, DateOnly ServiceFrom, DateTimeOffset CreatedAt, long TotalChargeCents)
{
    public List<(ClaimTrigger Trigger, DateTimeOffset At)> Events { get; } = [];

    public List<(LedgerEntryKind Kind, long Cents, DateTimeOffset At)> Ledger { get; } = [];

    public DateTimeOffset? FirstAt(ClaimTrigger trigger, DateTimeOffset before) =>
        Events.Where(e => e.Trigger == trigger && e.At < before).Select(e => (DateTimeOffset?)e.At).Min();

    /// <summary>The first of <paramref name="triggers"/> at or after <paramref name="after"/> and before <paramref name="before"/>.</summary>
    public (ClaimTrigger Trigger, DateTimeOffset At)? FirstOf(IReadOnlySet<ClaimTrigger> triggers, DateTimeOffset after, DateTimeOffset before)
    {
        var hit = Events.Where(e => triggers.Contains(e.Trigger) && e.At >= after && e.At < before).OrderBy(e => e.At).ToList();
        return hit.Count == 0 ? null : hit[0];
    }

    public long Sum(LedgerEntryKind kind, DateTimeOffset from, DateTimeOffset before) =>
        Ledger.Where(l => l.Kind == kind && l.At >= from && l.At < before).Sum(l => l.Cents);
}

/// <summary>Loads the facts of a clinic's (or every) claim once; the KPIs of any month up to a given instant come from them.</summary>
internal static class KpiFacts
{
    internal static readonly ClaimTrigger[] Triggers =
    [
        ClaimTrigger.Submit, ClaimTrigger.VerificationFailed, ClaimTrigger.Accept, ClaimTrigger.Reject,
        ClaimTrigger.Pay, ClaimTrigger.PayPartially, ClaimTrigger.Deny, ClaimTrigger.Void,
    ];

    public static async Task<IReadOnlyList<ClaimFact>> LoadAsync(ClaimsDbContext db, Guid? clinicId, DateTimeOffset before, CancellationToken ct)
    {
        var claims = db.Claims.AsNoTracking();
        if (clinicId is { } id) claims = claims.Where(c => c.ClinicId == id);
        var facts = (await claims.Select(c => new { c.Id, c.ClinicId, c.PayerId, c.ServiceFrom, c.CreatedAt, c.TotalCharge }).ToListAsync(ct))
            .Select(c => new ClaimFact(c.Id, c.ClinicId, c.PayerId, c.ServiceFrom, c.CreatedAt, c.TotalCharge.Cents))
            .ToDictionary(c => c.Id);

        var events = await (from e in db.ClaimEvents.AsNoTracking()
                            join c in claims on e.ClaimId equals c.Id
                            where Triggers.Contains(e.Trigger) && e.At < before
                            select new { e.ClaimId, e.Trigger, e.At }).ToListAsync(ct);
        foreach (var e in events) facts[e.ClaimId].Events.Add((e.Trigger, e.At));

        var rows = await (from l in db.LedgerEntries.AsNoTracking()
                          join c in claims on l.ClaimId equals c.Id
                          where l.PostedAt < before
                          select new { ClaimId = l.ClaimId!.Value, l.Kind, l.AmountCents, l.PostedAt }).ToListAsync(ct);
        foreach (var r in rows) facts[r.ClaimId].Ledger.Add((r.Kind, r.AmountCents, r.PostedAt));
        return [.. facts.Values];
    }
}
