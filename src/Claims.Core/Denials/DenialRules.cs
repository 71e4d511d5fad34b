using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Denials;

/// <summary>
/// The admin's side of the denial rules table: list the rules in force (shipped and stored), add or change a stored rule
/// (for every payer or one payer; the same payer, group, CARC and RARC is one rule, changed in place), and remove a
/// stored rule (the shipped one, if any, applies again). Each change is one transaction with its audit entry, which
/// records the rule before and after. Shipped rules are not edited in place: an admin's rule overrides them.
/// </summary>
public sealed class DenialRules(ClaimsDbContext db, TimeProvider clock)
{
    /// <summary>Every rule: the shipped ones, then the stored ones.</summary>
    public async Task<IReadOnlyList<DenialRule>> ListAsync(CancellationToken cancellationToken = default) =>
        (await DenialRuleBook.LoadAsync(db, cancellationToken)).All.Concat(await db.DenialRules.AsNoTracking().Where(r => r.Carc == DenialRule.Any).ToListAsync(cancellationToken)).ToList();

    /// <summary>Adds the rule, or changes the stored rule with the same payer, group, CARC and RARC.</summary>
    public async Task<DenialRule> SaveAsync(DenialRuleInput input, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureAdmin(caller);
        if (input.PayerId is { } payer && !await db.Payers.AnyAsync(p => p.Id == payer, cancellationToken)) throw new NotFoundException($"Payer {payer} was not found.");
        var probe = new DenialRule(input.PayerId, input.Group, input.Carc, input.Rarc, input.Category, input.NextAction, input.Appealable, input.AppealWindowDays, input.ScrubberEdit, input.Note ?? "");
        if (probe.Carc == DenialRule.Any && (probe.PayerId is null || probe.AppealWindowDays is null))
            throw new DomainValidationException("A rule with CARC * sets one payer's appeal window: name the payer and the days.");
        var existing = await db.DenialRules.FirstOrDefaultAsync(r => r.PayerId == probe.PayerId && r.Group == probe.Group && r.Carc == probe.Carc && r.Rarc == probe.Rarc, cancellationToken);
        var before = existing is null ? "none" : Describe(existing);
        var rule = existing ?? probe;
        if (existing is null) db.DenialRules.Add(rule);
        else rule.Set(input.Group, input.Carc, input.Rarc, input.Category, input.NextAction, input.Appealable, input.AppealWindowDays, input.ScrubberEdit, input.Note ?? "");
        rule.Stamp(caller.Actor.Id, clock.GetUtcNow());
        db.Audit(AuditRecords.For(caller, existing is null ? AuditAction.Create : AuditAction.Update, "DenialRule", rule.Id.ToString(), null,
            $"denial rule saved: before [{before}] after [{Describe(rule)}]", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return rule;
    }

    /// <summary>Removes a stored rule; the shipped rule for the same codes, if any, applies again.</summary>
    public async Task RemoveAsync(Guid ruleId, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureAdmin(caller);
        var rule = await db.DenialRules.FirstOrDefaultAsync(r => r.Id == ruleId, cancellationToken) ?? throw new NotFoundException($"Denial rule {ruleId} was not found.");
        db.DenialRules.Remove(rule);
        db.Audit(AuditRecords.For(caller, AuditAction.Delete, "DenialRule", rule.Id.ToString(), null, $"denial rule removed: [{Describe(rule)}]", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Describe(DenialRule r) =>
        $"payer={r.PayerId?.ToString() ?? "*"} {r.Group}-{r.Carc}{(r.Rarc is null ? "" : "/" + r.Rarc)} {r.Category} {r.NextAction} appealable={r.Appealable} window={r.AppealWindowDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"} edit={r.ScrubberEdit ?? "-"}";

    private static void EnsureAdmin(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role != ClaimRole.Admin) throw new DomainValidationException($"Only an admin changes the denial rules (not a {caller.Actor.Role}).");
    }
}
