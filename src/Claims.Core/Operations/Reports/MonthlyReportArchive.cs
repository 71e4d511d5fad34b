using Claims.Audit;
using Claims.Domain;
using Claims.Operations.Kpis;
using Claims.Persistence;
using Claims.Submission;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Reports;

/// <summary>
/// The kept monthly reports. The monthly-reports job calls <see cref="KeepClosedMonthAsync"/>: once a month has
/// closed, each client clinic's report for it is made once (<see cref="MonthlyReports"/>, the figures as of the
/// month's end, so they do not move afterwards) and kept sealed (<see cref="KeptMonthlyReport"/>). The Reports page and
/// <c>claims reports monthly</c> call <see cref="DownloadAsync"/>: the kept files when there are some, else a report
/// made on demand as before. Every keeping and every download is audited.
/// </summary>
public sealed class MonthlyReportArchive(ClaimsDbContext db, TimeProvider clock, MonthlyReports reports)
{
    /// <summary>
    /// Keeps the report of the month before the current one (UTC) for every clinic that had a claim by then and has
    /// none kept; the clinics kept now and those already kept. Safe to repeat and to race: the (clinic, month) index
    /// keeps one, and a clinic another instance kept first counts as already kept.
    /// </summary>
    public async Task<(int Kept, int Already)> KeepClosedMonthAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var month = ReportMonth.Of(clock.GetUtcNow()).Previous();
        var key = month.ToString();
        var end = month.End;
        var clinics = await db.Clinics.AsNoTracking().Where(c => db.Claims.Any(x => x.ClinicId == c.Id && x.CreatedAt < end)).OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(cancellationToken);
        var already = (await db.KeptMonthlyReports.AsNoTracking().Where(r => r.Month == key).Select(r => r.ClinicId).ToListAsync(cancellationToken)).ToHashSet();
        int kept = 0, skipped = already.Count;
        foreach (var clinicId in clinics.Where(c => !already.Contains(c)))
        {
            if (await KeepAsync(clinicId, month, caller, cancellationToken)) kept++;
            else skipped++;
        }
        return (kept, skipped);
    }

    /// <summary>The kept reports of a clinic, newest month first (names and times only: no audit entry).</summary>
    public async Task<IReadOnlyList<KeptReportRow>> ListAsync(Guid clinicId, Caller caller, CancellationToken cancellationToken = default)
    {
        await new OperationsKpis(db, clock).AuthorizeAsync(clinicId, caller, cancellationToken);
        return await db.KeptMonthlyReports.AsNoTracking().Where(r => r.ClinicId == clinicId).OrderByDescending(r => r.Month)
            .Select(r => new KeptReportRow(r.Id, r.ClinicId, r.Month, r.CreatedAt, r.CreatedBy)).ToListAsync(cancellationToken);
    }

    /// <summary>The clinic's report for the month: the kept files (one audited export) or, when none is kept, made now (<see cref="MonthlyReports.CreateAsync"/>).</summary>
    public async Task<MonthlyReportDownload> DownloadAsync(Guid clinicId, ReportMonth month, Caller caller, CancellationToken cancellationToken = default)
    {
        await new OperationsKpis(db, clock).AuthorizeAsync(clinicId, caller, cancellationToken);
        var key = month.ToString();
        var kept = await db.KeptMonthlyReports.AsNoTracking().FirstOrDefaultAsync(r => r.ClinicId == clinicId && r.Month == key, cancellationToken);
        if (kept is null)
        {
            var files = await reports.CreateAsync(clinicId, month, caller, cancellationToken);
            return new MonthlyReportDownload(clinicId, month, files.Report.CreatedAt, false, files.PdfName, files.Pdf, files.WorkbookName, files.Workbook);
        }
        var pdf = kept.Pdf.Open(Keys, KeptMonthlyReport.PdfTable, kept.Id);
        var workbook = kept.Workbook.Open(Keys, KeptMonthlyReport.WorkbookTable, kept.Id);
        db.Audit(AuditRecords.For(caller, AuditAction.Export, "MonthlyReport", clinicId.ToString(), null,
            $"kept monthly client report {key} (made {kept.CreatedAt:O}; PDF {pdf.Length} bytes, workbook {workbook.Length} bytes)", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new MonthlyReportDownload(clinicId, month, kept.CreatedAt, true, kept.PdfName, pdf, kept.WorkbookName, workbook);
    }

    private async Task<bool> KeepAsync(Guid clinicId, ReportMonth month, Caller caller, CancellationToken ct)
    {
        var report = await reports.GatherAsync(clinicId, month, caller, ct);
        var pdf = MonthlyReportPdf.Write(report);
        var workbook = MonthlyReportWorkbook.Write(report);
        var row = new KeptMonthlyReport(Guid.CreateVersion7(), clinicId, month.ToString(), report.CreatedAt, caller.Actor.Id, report.FileStem + ".pdf", report.FileStem + ".xlsx");
        row.Store(SealedFile.Seal(Keys, KeptMonthlyReport.PdfTable, row.Id, pdf), SealedFile.Seal(Keys, KeptMonthlyReport.WorkbookTable, row.Id, workbook));
        db.KeptMonthlyReports.Add(row);
        db.Audit(AuditRecords.For(caller, AuditAction.Create, "MonthlyReport", clinicId.ToString(), null,
            $"monthly client report {month} kept (PDF {pdf.Length} bytes, workbook {workbook.Length} bytes)", AuditRecords.Operations));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance kept this clinic's month between our look and our insert: the index kept theirs, and
            // the entry that would have said we kept it goes too.
            db.ClearPendingAudit();
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private Security.IKeyRing Keys => db.KeyRing ?? throw new InvalidOperationException("Kept reports are sealed: a key ring is needed.");
}
