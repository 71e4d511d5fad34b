using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Charges;

/// <summary>
/// A clinic's fee schedule (chargemaster): CPT/HCPCS code to charge, with effective dates. One use case for the admin
/// page (<c>/Admin/Fees</c>) and <c>claims fees import|list</c>: import a CSV file (all of it or, with any bad line,
/// nothing), set or remove one row; each act is saved with its audit entry in one transaction. The fees are not PHI.
/// </summary>
public sealed class FeeSchedules(ClaimsDbContext db)
{
    /// <summary>The clinic's rows, by code and then the newest effective date first.</summary>
    public async Task<IReadOnlyList<FeeRow>> ListAsync(Guid clinicId, CancellationToken cancellationToken = default)
    {
        await EnsureClinicAsync(clinicId, cancellationToken);
        var rows = await db.FeeSchedule.AsNoTracking().Where(f => f.ClinicId == clinicId)
            .Select(f => new FeeRow(f.Code, f.Charge, f.EffectiveFrom)).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Code.Value, StringComparer.Ordinal).ThenByDescending(r => r.EffectiveFrom)];
    }

    /// <summary>
    /// Imports a CSV file (<c>code,charge,effective_from</c>). A row for a code and date already in the schedule reprices
    /// it; other rows are added; rows not in the file stay. With any bad line the result lists every error (with line
    /// numbers) and nothing is stored.
    /// </summary>
    public async Task<FeeImportResult> ImportAsync(Guid clinicId, TextReader csv, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(caller);
        await EnsureClinicAsync(clinicId, cancellationToken);
        var (rows, errors) = FeeScheduleCsv.Read(csv);
        if (errors.Count > 0) return new FeeImportResult(errors, 0, 0, 0);
        var existing = (await db.FeeSchedule.Where(f => f.ClinicId == clinicId).ToListAsync(cancellationToken))
            .ToDictionary(f => (f.Code.Value, f.EffectiveFrom));
        int added = 0, repriced = 0, unchanged = 0;
        foreach (var row in rows)
        {
            if (existing.TryGetValue((row.Code.Value, row.EffectiveFrom), out var entry))
            {
                if (entry.Charge == row.Charge)
                {
                    unchanged++;
                    continue;
                }
                entry.Reprice(row.Charge);
                repriced++;
            }
            else
            {
                db.FeeSchedule.Add(new FeeScheduleEntry(clinicId, row.Code, row.Charge, row.EffectiveFrom));
                added++;
            }
        }
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "FeeSchedule", clinicId.ToString(), null,
            string.Create(CultureInfo.InvariantCulture, $"fee schedule import rows={rows.Count} added={added} repriced={repriced} unchanged={unchanged}"), AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new FeeImportResult([], added, repriced, unchanged);
    }

    /// <summary>Sets the fee for a code from a date (adds the row, or reprices the one for that code and date).</summary>
    public async Task<FeeRow> SetAsync(Guid clinicId, string? code, string? charge, DateOnly effectiveFrom, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await EnsureClinicAsync(clinicId, cancellationToken);
        var procedure = ParseCode(code);
        var fee = FeeScheduleCsv.ParseCharge(charge) ?? throw new DomainValidationException("A fee is an amount above 0.00 and at most 99,999,999.99, such as 125.00.");
        if (effectiveFrom.Year < 1900) throw new DomainValidationException("An effective date lies after 1900.");
        var entry = await db.FeeSchedule.FirstOrDefaultAsync(f => f.ClinicId == clinicId && f.Code == procedure && f.EffectiveFrom == effectiveFrom, cancellationToken);
        if (entry is null) db.FeeSchedule.Add(new FeeScheduleEntry(clinicId, procedure, fee, effectiveFrom));
        else entry.Reprice(fee);
        db.Audit(AuditRecords.For(caller, AuditAction.Update, "FeeSchedule", clinicId.ToString(), null,
            $"fee set code={procedure.Value} from={effectiveFrom:yyyy-MM-dd} charge={fee}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return new FeeRow(procedure, fee, effectiveFrom);
    }

    /// <summary>Removes the fee for a code from a date; earlier rows for the code apply again.</summary>
    public async Task RemoveAsync(Guid clinicId, string? code, DateOnly effectiveFrom, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await EnsureClinicAsync(clinicId, cancellationToken);
        var procedure = ParseCode(code);
        var entry = await db.FeeSchedule.FirstOrDefaultAsync(f => f.ClinicId == clinicId && f.Code == procedure && f.EffectiveFrom == effectiveFrom, cancellationToken)
            ?? throw new NotFoundException($"The fee schedule has no row for {procedure.Value} from {effectiveFrom:yyyy-MM-dd}.");
        db.FeeSchedule.Remove(entry);
        db.Audit(AuditRecords.For(caller, AuditAction.Delete, "FeeSchedule", clinicId.ToString(), null,
            $"fee removed code={procedure.Value} from={effectiveFrom:yyyy-MM-dd}", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static ProcedureCode ParseCode(string? code) =>
        ProcedureCode.TryParse((code ?? "").Trim().ToUpperInvariant(), out var parsed)
            ? parsed
            : throw new DomainValidationException("A fee is for a CPT or HCPCS code (five digits, or a letter and four digits).");

    private async Task EnsureClinicAsync(Guid clinicId, CancellationToken ct)
    {
        if (!await db.Clinics.AnyAsync(c => c.Id == clinicId, ct)) throw new NotFoundException($"Clinic {clinicId} does not exist.");
    }
}
