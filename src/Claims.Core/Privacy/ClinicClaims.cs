using System.Globalization;
using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Privacy;

/// <summary>
/// A clinic's own claims for its staff, newest service date first, with their patients' names: the clinic is the
/// covered entity that sent them, so it reads its patients' names, and each patient shown is an audited read
/// (HIPAA 164.312(b)), as is a search by name (recorded by criterion kind, never by value). Another clinic's claims
/// are never in the list. One transaction for the page's audit entries.
/// </summary>
public sealed class ClinicClaims(ClaimsDbContext db)
{
    public const int PageSize = 50;

    public async Task<ClinicClaimPage> ReadAsync(Guid clinicId, ClinicClaimQuery query, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(caller);
        var claims = db.Claims.AsNoTracking().Where(c => c.ClinicId == clinicId);
        if (query.State is { } state) claims = claims.Where(c => c.State == state);
        if (query.ServedFrom is { } from) claims = claims.Where(c => c.ServiceFrom >= from);
        if (query.ServedTo is { } to) claims = claims.Where(c => c.ServiceFrom <= to);
        if (!string.IsNullOrWhiteSpace(query.ControlNumber))
        {
            var number = ClaimControlNumber.Parse(query.ControlNumber);
            claims = claims.Where(c => c.ControlNumber == number);
        }
        if (query.ByName)
        {
            if (string.IsNullOrWhiteSpace(query.FamilyName) || !DateOnly.TryParseExact(query.BirthDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
            {
                throw new DomainValidationException("To find a patient, give the family name and the birth date (YYYY-MM-DD) together: names are matched through a keyed index of both, never stored in plaintext.");
            }
            var index = db.Phi.NameBirthIndex(query.FamilyName, born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            var patients = db.Patients.Where(p => p.ClinicId == clinicId && p.NameBirthIndex == index).Select(p => p.Id);
            claims = claims.Where(c => patients.Contains(c.PatientId));
        }
        var total = await claims.CountAsync(cancellationToken);
        if (TryCursor(query.After, out var afterDate, out var afterId))
        {
            claims = claims.Where(c => c.ServiceFrom < afterDate || (c.ServiceFrom == afterDate && c.Id.CompareTo(afterId) < 0));
        }
        var page = await (from c in claims
                          join p in db.Patients on c.PatientId equals p.Id
                          join py in db.Payers on c.PayerId equals py.Id into payers
                          from py in payers.DefaultIfEmpty()
                          orderby c.ServiceFrom descending, c.Id descending
                          select new { c.Id, Number = c.ControlNumber.Value, Patient = p, c.ServiceFrom, c.State, Payer = py == null ? "self-pay" : py.Name, Cents = c.TotalCharge.Cents,
                              Open = db.ClinicQuestions.Any(q => q.ClaimId == c.Id && q.Status == QuestionStatus.Open) })
                         .Take(PageSize + 1).ToListAsync(cancellationToken);
        var shown = page.Take(PageSize).ToList();

        // The reads are recorded before any name is decrypted: the list, the search by kind, each patient once.
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "ClaimList", null, null, $"clinic claims rows={shown.Count}"));
        if (query.ByName) db.Audit(AuditRecords.For(caller, AuditAction.Read, "PatientSearch", null, null, $"clinic claims by=name-birth-date matches={total}"));
        foreach (var patient in shown.Select(r => r.Patient).DistinctBy(p => p.Id))
        {
            db.Audit(AuditRecords.For(caller, AuditAction.Read, "Patient", patient.Id.ToString(), patient.Pseudonym, "clinic claims name"));
        }
        await db.SaveChangesAsync(cancellationToken);

        var names = new Dictionary<Guid, string?>();
        foreach (var patient in shown.Select(r => r.Patient).DistinctBy(p => p.Id))
        {
            var phi = await db.Phi.RevealAsync(patient, cancellationToken);
            names[patient.Id] = phi is null ? null : $"{phi.FamilyName}, {phi.GivenNames}".Trim(' ', ',');
        }
        var rows = shown.Select(r => new ClinicClaimRow(r.Id, r.Number, r.Patient.Id, r.Patient.Pseudonym, names[r.Patient.Id], r.ServiceFrom, r.State, r.Payer, r.Cents, r.Open)).ToList();
        var next = page.Count > PageSize ? string.Create(CultureInfo.InvariantCulture, $"{rows[^1].ServiceFrom:yyyy-MM-dd}_{rows[^1].Id}") : null;
        return new ClinicClaimPage(rows, total, next);
    }

    private static bool TryCursor(string? cursor, out DateOnly date, out Guid id)
    {
        date = default;
        id = default;
        var parts = cursor?.Split('_');
        return parts is { Length: 2 }
            && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && Guid.TryParse(parts[1], out id);
    }
}
