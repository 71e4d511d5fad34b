using Claims.Audit;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Privacy;

/// <summary>
/// Finding and reading patients' identifying data. Each search and each read is a PHI access, recorded (by criterion
/// kind and pseudonym, never by value) before the data leaves (HIPAA 164.312(b)).
/// </summary>
public sealed class PatientRecords(ClaimsDbContext db)
{
    /// <summary>A patient by id (GUID) or pseudonym (PT-...).</summary>
    public async Task<Patient> FindOneAsync(string idOrPseudonym, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrPseudonym);
        var pseudonym = idOrPseudonym.Trim().ToUpperInvariant();
        var patient = Guid.TryParse(idOrPseudonym, out var id)
            ? await db.Patients.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            : await db.Patients.FirstOrDefaultAsync(p => p.Pseudonym == pseudonym, cancellationToken);
        return patient ?? throw new NotFoundException("No such patient.");
    }

    /// <summary>The patients matching one exact criterion (member id, family name with birth date, or MRN).</summary>
    public async Task<IReadOnlyList<PatientMatch>> FindAsync(PatientSearch search, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(caller);
        List<Patient> found;
        if (search.MemberId is not null)
        {
            var index = db.Phi.MemberIdIndex(search.MemberId);
            var ids = await db.Coverages.Where(c => c.MemberIdIndex == index).Select(c => c.PatientId).Distinct().ToListAsync(cancellationToken);
            found = await db.Patients.Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
        }
        else if (search.Mrn is not null)
        {
            var index = db.Phi.MrnIndex(search.Mrn);
            found = await db.Patients.Where(p => p.MrnIndex == index).ToListAsync(cancellationToken);
        }
        else
        {
            if (search.FamilyName is null || search.BirthDate is null) throw new DomainValidationException("A name search needs the family name and the birth date.");
            var index = db.Phi.NameBirthIndex(search.FamilyName, search.BirthDate);
            found = await db.Patients.Where(p => p.NameBirthIndex == index).ToListAsync(cancellationToken);
        }
        // The search itself is an access to PHI (it confirms who is a patient): on the record, by criterion kind only.
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "PatientSearch", null, null, $"patients find by={search.Kind} matches={found.Count}"));
        foreach (var p in found) db.Audit(AuditRecords.For(caller, AuditAction.Read, "Patient", p.Id.ToString(), p.Pseudonym, $"patients find by={search.Kind}"));
        await db.SaveChangesAsync(cancellationToken);
        return [.. found.OrderBy(p => p.Pseudonym, StringComparer.Ordinal).Select(p => new PatientMatch(p.Id, p.Pseudonym, p.ClinicId, p.Sex, p.BirthYear))];
    }

    /// <summary>One patient's identifying data, decrypted, with the member ids of their coverages; the read is recorded first.</summary>
    public async Task<PatientView> ShowAsync(string idOrPseudonym, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var patient = await FindOneAsync(idOrPseudonym, cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "Patient", patient.Id.ToString(), patient.Pseudonym, "patients show"));
        await db.SaveChangesAsync(cancellationToken);
        var phi = await db.Phi.RevealAsync(patient, cancellationToken);
        var coverages = await db.Coverages.Where(c => c.PatientId == patient.Id).OrderBy(c => c.Order).ToListAsync(cancellationToken);
        var members = new List<string?>();
        foreach (var c in coverages) members.Add(await db.Phi.RevealMemberIdAsync(c, cancellationToken));
        return new PatientView(patient.Id, patient.Pseudonym, patient.ClinicId, patient.Sex, patient.BirthYear, phi is null,
            phi?.FamilyName, phi?.GivenNames, phi?.BirthDate, phi?.Address, phi?.Telecom, phi?.Mrn, phi is null ? [] : [.. members.OfType<string>()]);
    }
}
