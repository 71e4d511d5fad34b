using Claims.Domain;
using Claims.Intake;
using Claims.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Claims.Coding;

/// <summary>
/// A coder's work on one claim, shared by the CLI (<c>codes for-claim|accept|reject</c>) and the web workbench:
/// the suggestion sources read from the encounter's clinical items, and a verdict recorded as a
/// <see cref="CodingDecision"/> that, when accepted while the claim is being coded, also puts the code on the claim.
/// </summary>
public static class ClaimCoding
{
    /// <summary>The encounter's conditions, procedures and FHIR Claim items (not its type, which the E/M entry covers) as suggestion sources.</summary>
    public static async Task<IReadOnlyList<CodingSource>> SourcesAsync(ClaimsDbContext db, Guid claimId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var items = await db.ClaimClinicalItems.AsNoTracking()
            .Where(i => i.ClaimId == claimId && i.Kind != ClinicalKind.EncounterType)
            .OrderBy(i => i.Sequence)
            .ToListAsync(cancellationToken);
        return items.Select(Source).ToList();
    }

    /// <summary>An item as the suggestion engine reads it: its SNOMED code when it has one, its code-system text.</summary>
    public static CodingSource Source(ClaimClinicalItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new CodingSource(
            $"{item.Kind}/{item.Sequence}",
            item.System is not null && item.System.Contains("snomed", StringComparison.OrdinalIgnoreCase) ? item.Code : null,
            item.Display ?? item.Code,
            item.Kind != ClinicalKind.Condition,
            item.System is not null && item.System.Contains("cvx", StringComparison.OrdinalIgnoreCase) ? item.Code : null);
    }

    /// <summary>How many years before the date of service a visit at the clinic makes the patient established (CPT: three).</summary>
    public const int EstablishedYears = 3;

    /// <summary>
    /// What the E/M suggestion needs to know about the claim's encounter: place of service, type, the patient's age at the
    /// date of service (from the full <paramref name="birthDate"/> when the caller has decrypted it, else the birth year),
    /// new or established at the clinic (another claim of the patient at the clinic in the three years before), and the
    /// number of distinct conditions and procedures documented.
    /// </summary>
    public static async Task<EncounterFacts> EncounterFactsAsync(ClaimsDbContext db, Claim claim, DateOnly? birthDate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claim);
        var items = await db.ClaimClinicalItems.AsNoTracking().Where(i => i.ClaimId == claim.Id).OrderBy(i => i.Sequence).ToListAsync(cancellationToken);
        var birthYear = await db.Patients.Where(p => p.Id == claim.PatientId).Select(p => p.BirthYear).SingleAsync(cancellationToken);
        var since = claim.ServiceFrom.AddYears(-EstablishedYears);
        var seenBefore = await db.Claims.AsNoTracking().AnyAsync(c =>
            c.PatientId == claim.PatientId && c.ClinicId == claim.ClinicId && c.Id != claim.Id && c.Id != claim.OriginalClaimId
            && c.OriginalClaimId != claim.Id && c.ServiceFrom < claim.ServiceFrom && c.ServiceFrom >= since, cancellationToken);
        var types = items.Where(i => i.Kind == ClinicalKind.EncounterType).ToList();
        var conditions = items.Where(i => i.Kind == ClinicalKind.Condition).Select(i => i.Code).Distinct(StringComparer.Ordinal).Count();
        var procedures = items.Where(i => i.Kind == ClinicalKind.Procedure).Select(i => i.Code).Distinct(StringComparer.Ordinal).Count();
        return new EncounterFacts(
            claim.PlaceOfService,
            types.Select(t => (t.Code, t.Display)).ToList(),
            AgeAt(claim.ServiceFrom, birthDate, birthYear),
            birthDate is not null,
            !seenBefore,
            Math.Max(conditions, claim.Diagnoses.Count),
            procedures)
        {
            TypeResource = types.Count > 0 ? $"{types[0].Kind}/{types[0].Sequence}" : null,
        };
    }

    /// <summary>Whole years at <paramref name="day"/>; from the birth year alone the age a person reaches that year.</summary>
    public static int AgeAt(DateOnly day, DateOnly? birthDate, int birthYear)
    {
        if (birthDate is not { } born) return Math.Max(0, day.Year - birthYear);
        var age = day.Year - born.Year;
        if (day < born.AddYears(age)) age--;
        return Math.Max(0, age);
    }

    /// <summary>
    /// Normalises a code as typed (upper case, no dot). Without a system, a CPT shape means CPT and anything else
    /// ICD-10-CM: "E1165" is both a HCPCS shape and an ICD-10-CM code, so HCPCS must be said.
    /// </summary>
    public static (string Code, CodeSystemKind System) Normalise(string code, CodeSystemKind? system = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        var clean = code.Trim().ToUpperInvariant().Replace(".", "", StringComparison.Ordinal);
        var cptShape = ProcedureCode.TryParse(clean, out var procedure) && procedure.System == ProcedureCodeSystem.Cpt;
        return (clean, system ?? (cptShape ? CodeSystemKind.Cpt : CodeSystemKind.Icd10Cm));
    }

    /// <summary>
    /// Records the coder's verdict on a suggested code. Accepted while the claim is editable, an ICD-10-CM code is
    /// appended to the diagnoses and a CPT/HCPCS code becomes a line when <paramref name="lineCharge"/> is given
    /// (the charge the clinic stated for the item). Nothing is saved: the caller saves with its audit entry.
    /// </summary>
    public static VerdictEffect Record(
        ClaimsDbContext db, Claim claim, string code, CodeSystemKind system, CodingVerdict verdict, string? evidence, double? score, string actorId, DateTimeOffset at, Money? lineCharge = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claim);
        db.CodingDecisions.Add(new CodingDecision(claim.Id, system, code, verdict, evidence, score, actorId, at));
        if (verdict != CodingVerdict.Accepted || !claim.IsEditable) return VerdictEffect.RecordedOnly;
        if (system == CodeSystemKind.Icd10Cm)
        {
            if (claim.Diagnoses.Any(d => d.Code.Value == code)) return VerdictEffect.RecordedOnly;
            claim.SetDiagnoses([.. claim.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code), Icd10Code.Parse(code)]);
            return VerdictEffect.DiagnosisAdded;
        }
        if (lineCharge is not { } charge || claim.Lines.Any(l => l.Code.Value == code)) return VerdictEffect.RecordedOnly;
        claim.AddLine(ProcedureCode.Parse(code), [], 1, charge, claim.Diagnoses.Count > 0 ? [1] : []);
        return VerdictEffect.LineAdded;
    }
}
