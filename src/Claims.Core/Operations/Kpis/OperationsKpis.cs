using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Kpis;

/// <summary>
/// The KPI use case for the dashboard, the clinic portal, <c>claims kpis</c> and the monthly report: one month's
/// figures for one clinic or all of them (formulas in <see cref="KpiCalculator"/>), a run of months for the charts,
/// the clinics side by side, and the claims behind any figure. Reading figures is audited (operations purpose); the
/// figures carry no patient data.
/// </summary>
public sealed class OperationsKpis(ClaimsDbContext db, TimeProvider clock, ICodingAccuracySource? accuracy = null)
{
    /// <summary>The aging drill-down's key: <c>ar-aging</c> with a payer and a bucket.</summary>
    public const string AgingKey = "ar-aging";

    private readonly ICodingAccuracySource _accuracy = accuracy ?? new Qa.QaCodingAccuracySource(db);

    /// <summary>One month's KPIs for a clinic (or every clinic when <paramref name="clinicId"/> is null).</summary>
    public async Task<KpiReport> ForMonthAsync(Guid? clinicId, ReportMonth month, Caller caller, CancellationToken cancellationToken = default)
    {
        var scope = await AuthorizeAsync(clinicId, caller, cancellationToken);
        var report = await ComputeAsync(clinicId, scope, month, cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "KpiReport", clinicId?.ToString(), null, $"KPIs {month} {scope}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    /// <summary>The KPIs of the <paramref name="months"/> months ending with <paramref name="last"/>, oldest first (the charts).</summary>
    public async Task<IReadOnlyList<KpiReport>> TrendAsync(Guid? clinicId, ReportMonth last, int months, Caller caller, CancellationToken cancellationToken = default)
    {
        if (months is < 1 or > 36) throw new DomainValidationException("A trend covers 1 to 36 months.");
        var scope = await AuthorizeAsync(clinicId, caller, cancellationToken);
        var asOf = last.AsOf(clock.GetUtcNow());
        var facts = await KpiFacts.LoadAsync(db, clinicId, asOf, cancellationToken);
        var payers = await PayerNamesAsync(cancellationToken);
        var reports = new List<KpiReport>();
        for (var i = months - 1; i >= 0; i--)
        {
            var month = last.Previous(i);
            reports.Add(await ComputeAsync(facts, clinicId, scope, month, payers, cancellationToken));
        }
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "KpiReport", clinicId?.ToString(), null, $"KPI trend {reports[0].Month}..{last} {scope}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return reports;
    }

    /// <summary>Every clinic's KPIs for the month, side by side (admins and billers only).</summary>
    public async Task<IReadOnlyList<KpiReport>> ByClinicAsync(ReportMonth month, Caller caller, CancellationToken cancellationToken = default)
    {
        await AuthorizeAsync(null, caller, cancellationToken);
        var asOf = month.AsOf(clock.GetUtcNow());
        var facts = await KpiFacts.LoadAsync(db, null, asOf, cancellationToken);
        var payers = await PayerNamesAsync(cancellationToken);
        var clinics = await db.Clinics.AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var reports = new List<KpiReport>();
        foreach (var clinic in clinics)
        {
            reports.Add(await ComputeAsync([.. facts.Where(f => f.ClinicId == clinic.Id)], clinic.Id, clinic.Name, month, payers, cancellationToken));
        }
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "KpiReport", null, null, $"KPIs {month} by clinic", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return reports;
    }

    /// <summary>
    /// The claims behind a figure: a KPI's numerator or denominator, or (key <see cref="AgingKey"/>) the AR of one payer
    /// (<paramref name="payer"/>: its id, or empty for self-pay) in one bucket. The list is an audited read of claim rows.
    /// </summary>
    public async Task<KpiDrillDown> DrillDownAsync(Guid? clinicId, ReportMonth month, string key, KpiSide side, string? payer, int? bucket, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var scope = await AuthorizeAsync(clinicId, caller, cancellationToken);
        var report = await ComputeAsync(clinicId, scope, month, cancellationToken);
        string title, formula;
        IReadOnlyList<Guid> ids;
        if (key == AgingKey)
        {
            if (bucket is not { } b || b < 0 || b >= ArAgingRow.Buckets.Count) throw new DomainValidationException($"An aging bucket is 0 to {ArAgingRow.Buckets.Count - 1}.");
            var payerId = string.IsNullOrEmpty(payer) ? (Guid?)null : Guid.TryParse(payer, out var p) ? p : throw new DomainValidationException("The payer is an id.");
            var row = report.Aging.FirstOrDefault(r => r.PayerId == payerId);
            ids = row?.BucketClaims[b] ?? [];
            title = $"AR {ArAgingRow.Buckets[b]} days, {row?.Payer ?? "payer"}";
            formula = "claims with an open balance at the as-of date, aged from the date of service";
        }
        else
        {
            var kpi = report.Kpis.FirstOrDefault(k => k.Key == key) ?? throw new NotFoundException($"There is no KPI '{Icd10Code.Shorten(key)}'.");
            ids = side == KpiSide.Numerator ? kpi.NumeratorClaims : kpi.DenominatorClaims;
            title = $"{kpi.Name}: {(side == KpiSide.Numerator ? kpi.NumeratorLabel : kpi.DenominatorLabel)}";
            formula = kpi.Formula;
        }
        var rows = await RowsAsync(ids, cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "ClaimList", clinicId?.ToString(), null, $"KPI drill-down {key} {side} {month} rows={rows.Count}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new KpiDrillDown(title, formula, month, clinicId, rows);
    }

    internal async Task<KpiReport> ComputeAsync(Guid? clinicId, string scope, ReportMonth month, CancellationToken ct)
    {
        var asOf = month.AsOf(clock.GetUtcNow());
        var facts = await KpiFacts.LoadAsync(db, clinicId, asOf, ct);
        return await ComputeAsync(facts, clinicId, scope, month, await PayerNamesAsync(ct), ct);
    }

    private async Task<KpiReport> ComputeAsync(IReadOnlyList<ClaimFact> facts, Guid? clinicId, string scope, ReportMonth month, IReadOnlyDictionary<Guid, string> payers, CancellationToken ct)
    {
        var asOf = month.AsOf(clock.GetUtcNow());
        var qa = await _accuracy.ForPeriodAsync(clinicId, month.Start, asOf, ct);
        var (kpis, aging) = KpiCalculator.Compute(facts, month, asOf, payers, qa);
        return new KpiReport(month, clinicId, scope, asOf, kpis, aging);
    }

    /// <summary>The scope's name; refuses roles that do not see operations figures, and a clinic user without a clinic.</summary>
    internal async Task<string> AuthorizeAsync(Guid? clinicId, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role is not (ClaimRole.Admin or ClaimRole.Biller or ClaimRole.Clinic))
            throw new DomainValidationException($"A {caller.Actor.Role} does not see the operations figures.");
        if (caller.Actor.Role == ClaimRole.Clinic && clinicId is null) throw new DomainValidationException("A clinic sees its own clinic's figures only.");
        if (clinicId is not { } id) return "all clinics";
        return await db.Clinics.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"Clinic {id} was not found.");
    }

    private async Task<IReadOnlyDictionary<Guid, string>> PayerNamesAsync(CancellationToken ct) =>
        await db.Payers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);

    private async Task<IReadOnlyList<KpiClaimRow>> RowsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var rows = new List<KpiClaimRow>();
        foreach (var chunk in ids.Chunk(500))
        {
            rows.AddRange(await (from c in db.Claims.AsNoTracking()
                                 where chunk.Contains(c.Id)
                                 join k in db.Clinics on c.ClinicId equals k.Id
                                 join p in db.Payers on c.PayerId equals p.Id into payers
                                 from p in payers.DefaultIfEmpty()
                                 select new KpiClaimRow(c.Id, c.ControlNumber.Value, k.Name, p == null ? "Self-pay" : p.Name, c.ServiceFrom, c.State, c.TotalCharge.Cents)).ToListAsync(ct));
        }
        return [.. rows.OrderBy(r => r.ServiceFrom).ThenBy(r => r.ControlNumber, StringComparer.Ordinal)];
    }
}
