using System.Globalization;
using System.Security.Cryptography;
using Claims.Audit;
using Claims.Coding;
using Claims.Domain;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Statements;

/// <summary>
/// Patient statements per clinic (issue 14 item 4): who owes what (by pseudonym), the names a biller needs (an audited
/// read), and the statement itself, made on demand as a PDF: the clinic (name, address, NPI), the patient (name and
/// address, decrypted), each service (date, code, words, charge), insurance paid, adjustments, patient payments, the
/// amount due and its aging. A statement is PHI: each one is an audited export whose entry keeps the amount due and the
/// PDF's SHA-256, never its content; nothing is stored. One use case for the Statements page and <c>claims statements</c>.
/// </summary>
public sealed class PatientStatements(ClaimsDbContext db, TimeProvider clock, CodeSets? codeSets = null)
{
    /// <summary>The clinic's patients who owe something, largest balance first, with no names.</summary>
    public async Task<IReadOnlyList<PatientBalanceRow>> BalancesAsync(Guid clinicId, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        await ClinicAsync(clinicId, cancellationToken);
        var owed = await PatientAccounts.OwedAsync(db, db.Claims.Where(c => c.ClinicId == clinicId), cancellationToken);
        var patientIds = owed.Select(c => c.PatientId).Distinct().ToList();
        var pseudonyms = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Pseudonym, cancellationToken);
        // Who owes how much is about patients even without names: on the record, by clinic.
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "PatientBalances", clinicId.ToString(), null, $"patient balances listed patients={patientIds.Count}"));
        await db.SaveChangesAsync(cancellationToken);
        return [.. owed.GroupBy(c => c.PatientId)
            .Select(g => new PatientBalanceRow(g.Key, pseudonyms.GetValueOrDefault(g.Key, "?"), g.Count(), g.Sum(c => c.Balance.PatientBalanceCents), g.Min(c => c.ServiceFrom), g.Sum(c => c.Balance.PaidCents)))
            .OrderByDescending(r => r.PatientBalanceCents).ThenBy(r => r.Pseudonym, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The names of some of a clinic's patients, decrypted for a biller who must tell them apart (at the desk, on the
    /// phone). Each patient's read is recorded before the names leave; an erased patient has no name.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(Guid clinicId, IReadOnlyCollection<Guid> patientIds, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        EnsureBiller(caller);
        var patients = await db.Patients.AsNoTracking().Where(p => p.ClinicId == clinicId && patientIds.Contains(p.Id)).ToListAsync(cancellationToken);
        foreach (var p in patients) db.Audit(AuditRecords.For(caller, AuditAction.Read, "Patient", p.Id.ToString(), p.Pseudonym, "patient balances: name shown"));
        await db.SaveChangesAsync(cancellationToken);
        var names = new Dictionary<Guid, string>();
        foreach (var p in patients)
        {
            if (await db.Phi.RevealAsync(p, cancellationToken) is { } phi) names[p.Id] = FullName(phi.GivenNames, phi.FamilyName);
        }
        db.ForgetDataKeys();
        return names;
    }

    /// <summary>One patient's statement (audited export). Refused when the patient owes nothing or the patient's data was erased.</summary>
    public async Task<StatementDocument> StatementAsync(Guid clinicId, Guid patientId, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var clinic = await ClinicAsync(clinicId, cancellationToken);
        var patient = await db.Patients.AsNoTracking().FirstOrDefaultAsync(p => p.Id == patientId && p.ClinicId == clinicId, cancellationToken)
            ?? throw new NotFoundException("No such patient at this clinic.");
        var documents = await RenderAsync(clinic, [patient], caller, cancellationToken);
        if (documents.Statements.Count == 0)
            throw new DomainValidationException(documents.Erased > 0 ? $"Patient {patient.Pseudonym}'s data was erased: no statement can name them." : $"Patient {patient.Pseudonym} owes nothing at this clinic: no statement.");
        return documents.Statements[0];
    }

    /// <summary>A statement for every patient of the clinic who owes something (each an audited export).</summary>
    public async Task<StatementRun> ClinicStatementsAsync(Guid clinicId, Caller caller, CancellationToken cancellationToken = default)
    {
        EnsureBiller(caller);
        var clinic = await ClinicAsync(clinicId, cancellationToken);
        var owed = await PatientAccounts.OwedAsync(db, db.Claims.Where(c => c.ClinicId == clinicId), cancellationToken);
        var ids = owed.Select(c => c.PatientId).Distinct().ToList();
        var patients = await db.Patients.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
        // The run itself is on the record, even when nobody owes anything; each statement adds its own export entry.
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "PatientBalances", clinicId.ToString(), null, $"statement run patients={patients.Count}"));
        return await RenderAsync(clinic, [.. patients.OrderBy(p => p.Pseudonym, StringComparer.Ordinal)], caller, cancellationToken);
    }

    private async Task<StatementRun> RenderAsync(Clinic clinic, IReadOnlyList<Patient> patients, Caller caller, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var ids = patients.Select(p => p.Id).ToList();
        var owed = (await PatientAccounts.OwedAsync(db, db.Claims.Where(c => c.ClinicId == clinic.Id && ids.Contains(c.PatientId)), ct)).ToLookup(c => c.PatientId);
        var claimIds = owed.SelectMany(g => g).Select(c => c.ClaimId).ToList();
        var claims = await db.Claims.AsNoTracking().Where(c => claimIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var documents = new List<StatementDocument>();
        var erased = 0;
        foreach (var patient in patients)
        {
            var open = owed[patient.Id].ToList();
            if (open.Count == 0) continue;
            var phi = await db.Phi.RevealAsync(patient, ct);
            if (phi is null)
            {
                erased++;
                continue;
            }
            var statement = new PatientStatement(
                clinic.Name, clinic.BillingAddress?.ToString() ?? "", clinic.Npi.Value, patient.Id, patient.Pseudonym,
                FullName(phi.GivenNames, phi.FamilyName), phi.Address ?? "", today,
                [.. open.Select(c => Describe(claims[c.ClaimId], c))],
                StatementAging.Of(open.Select(c => (c.ServiceFrom, c.Balance.PatientBalanceCents)), today));
            var pdf = StatementPdf.Render(statement);
            var hash = Convert.ToHexStringLower(SHA256.HashData(pdf));
            var name = string.Create(CultureInfo.InvariantCulture, $"statement-{patient.Pseudonym}-{today:yyyyMMdd}.pdf");
            documents.Add(new StatementDocument(patient.Id, patient.Pseudonym, name, today, statement.Claims.Count, statement.Claims.Sum(c => c.Services.Count), statement.AmountDueCents, hash, pdf));
            db.Audit(AuditRecords.For(caller, AuditAction.Export, "PatientStatement", patient.Id.ToString(), patient.Pseudonym,
                string.Create(CultureInfo.InvariantCulture, $"patient statement {today:yyyy-MM-dd} clinic={clinic.Id} claims={statement.Claims.Count} amount-due={PatientBilling.Dollars(statement.AmountDueCents)} sha256={hash}")));
        }
        db.ForgetDataKeys();
        // The exports are on the record before a single statement leaves this method.
        await db.SaveChangesAsync(ct);
        return new StatementRun(clinic.Id, clinic.Name, documents, erased);
    }

    private StatementClaim Describe(Claim claim, OpenPatientClaim open)
    {
        var b = open.Balance;
        var services = claim.Lines.OrderBy(l => l.LineNumber)
            .Select(l => new StatementService(l.ServiceDate, l.Code.Value, Words(l.Code.Value), l.Charge.Cents)).ToList();
        return new StatementClaim(claim.ControlNumber.Value, claim.ServiceFrom, claim.IsSelfPay, services,
            b.ChargeCents, b.PaidCents, b.ContractualCents + b.WrittenOffCents, b.PatientPaidCents, b.PatientBalanceCents);
    }

    /// <summary>The code's words for a patient: our CPT label or the HCPCS short description; the code alone when unknown.</summary>
    private string Words(string code)
    {
        if (codeSets is null) return "";
        if (codeSets.Cpt.Codes.TryGetValue(code, out var cpt)) return cpt.Label;
        return codeSets.Hcpcs.Codes.TryGetValue(code, out var hcpcs) ? hcpcs.ShortDescription : "";
    }

    private async Task<Clinic> ClinicAsync(Guid clinicId, CancellationToken ct) =>
        await db.Clinics.AsNoTracking().FirstOrDefaultAsync(c => c.Id == clinicId, ct) ?? throw new NotFoundException($"Clinic {clinicId} was not found.");

    private static string FullName(string? given, string? family) => string.Join(' ', new[] { given, family }.Where(s => !string.IsNullOrWhiteSpace(s)));

    private static void EnsureBiller(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role != ClaimRole.Biller) throw new DomainValidationException($"A {caller.Actor.Role} may not see patient balances or statements; a biller does.");
    }
}
