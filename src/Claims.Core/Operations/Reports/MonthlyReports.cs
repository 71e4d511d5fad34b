using Claims.Audit;
using Claims.Domain;
using Claims.Operations.Kpis;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Reports;

/// <summary>
/// The monthly client report use case (<c>claims reports monthly</c> and the Reports page): gathers one clinic's
/// month from the same KPI use case as the dashboard and from the ledger, writes the PDF and the workbook, and audits
/// the export. The files are made on demand and never stored.
/// </summary>
public sealed class MonthlyReports(ClaimsDbContext db, TimeProvider clock, ICodingAccuracySource? accuracy = null, ISlaAttainmentSource? sla = null)
{
    private readonly OperationsKpis _kpis = new(db, clock, accuracy);
    private readonly ISlaAttainmentSource _sla = sla ?? new SlaClockAttainmentSource(db, clock);

    /// <summary>The report's data for a clinic's month (no files, no audit entry: <see cref="CreateAsync"/> exports).</summary>
    internal async Task<MonthlyReport> GatherAsync(Guid clinicId, ReportMonth month, Caller caller, CancellationToken ct)
    {
        var scope = await _kpis.AuthorizeAsync(clinicId, caller, ct);
        var kpis = await _kpis.ComputeAsync(clinicId, scope, month, ct);
        var claims = db.Claims.AsNoTracking().Where(c => c.ClinicId == clinicId).Select(c => c.Id);
        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(l => l.ClaimId != null && claims.Contains(l.ClaimId.Value) && l.PostedAt >= month.Start && l.PostedAt < kpis.AsOf)
            .Select(l => new { ClaimId = l.ClaimId!.Value, l.Kind, l.Group, l.Reason, l.AmountCents })
            .ToListAsync(ct);
        long Sum(LedgerEntryKind kind) => rows.Where(r => r.Kind == kind).Sum(r => r.AmountCents);
        var collections = new CollectionsSummary(Sum(LedgerEntryKind.Charge), Sum(LedgerEntryKind.Payment), Sum(LedgerEntryKind.PatientPayment),
            Sum(LedgerEntryKind.Contractual), Sum(LedgerEntryKind.PatientResponsibility), Sum(LedgerEntryKind.Denied), Sum(LedgerEntryKind.WriteOff), Sum(LedgerEntryKind.PatientTransfer));
        var denials = rows.Where(r => r.Kind == LedgerEntryKind.Denied)
            .GroupBy(r => (Group: r.Group ?? "", Carc: r.Reason ?? ""))
            .Select(g => new DenialLine(CarcCategories.Of(g.Key.Carc), g.Key.Group, g.Key.Carc, RemarkCodes.Carc(g.Key.Carc) ?? "", g.Select(r => r.ClaimId).Distinct().Count(), g.Sum(r => r.AmountCents)))
            .Where(d => d.AmountCents != 0)
            .OrderBy(d => d.Category, StringComparer.Ordinal).ThenByDescending(d => d.AmountCents)
            .ToList();
        var sla = await _sla.ForMonthAsync(clinicId, month, ct);
        return new MonthlyReport(scope, month, clock.GetUtcNow(), kpis, collections, denials, sla);
    }

    /// <summary>Writes the clinic's monthly report as a PDF and a workbook; one audited export.</summary>
    public async Task<MonthlyReportFiles> CreateAsync(Guid clinicId, ReportMonth month, Caller caller, CancellationToken cancellationToken = default)
    {
        var report = await GatherAsync(clinicId, month, caller, cancellationToken);
        var pdf = MonthlyReportPdf.Write(report);
        var workbook = MonthlyReportWorkbook.Write(report);
        db.Audit(AuditRecords.For(caller, AuditAction.Export, "MonthlyReport", clinicId.ToString(), null,
            $"monthly client report {month} (PDF {pdf.Length} bytes, workbook {workbook.Length} bytes)", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new MonthlyReportFiles(report, report.FileStem + ".pdf", pdf, report.FileStem + ".xlsx", workbook);
    }
}
