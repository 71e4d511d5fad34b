using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Claims.Domain;
using Claims.Security;
using Hl7.Fhir.Utility;
using M = Hl7.Fhir.Model;
using Money = Claims.Domain.Money;

namespace Claims.Intake;

/// <summary>
/// Maps a parsed FHIR R4 Bundle to <see cref="MappedBundle"/>: one entry per billable encounter, with the payer,
/// rendering provider, ICD-10-CM diagnoses, CPT/HCPCS lines and the coded clinical context. Collects every
/// problem instead of stopping at the first, so a clinic can fix a bundle in one round trip.
/// </summary>
internal sealed partial class BundleMapper
{
    public const string Icd10CmSystem = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string CptSystem = "http://www.ama-assn.org/go/cpt";
    public const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";

    internal static readonly HashSet<string> HcpcsSystems = new(StringComparer.OrdinalIgnoreCase)
    {
        "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
        "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
        "https://bluebutton.cms.gov/resources/codesystem/hcpcs",
    };

    private static readonly HashSet<string> SelfPayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "no_insurance", "no insurance", "self-pay", "self pay", "selfpay", "uninsured", "none",
    };

    /// <summary>Encounter.class (v3 ActCode) to CMS place of service; anything else falls back to 11 with a warning.</summary>
    private static readonly Dictionary<string, string> PlaceOfServiceByClass = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AMB"] = "11",
        ["EMER"] = "23",
        ["IMP"] = "21",
        ["ACUTE"] = "21",
        ["NONAC"] = "21",
        ["OBSENC"] = "22",
        ["PRENC"] = "11",
        ["SS"] = "24",
        ["HH"] = "12",
        ["VR"] = "02",
        ["FLD"] = "15",
    };

    /// <summary>The most a single line may charge: anything above is a typo or a unit error, not a bill.</summary>
    public const decimal MaxLineCharge = 10_000_000m;

    /// <summary>A professional claim (837P loop 2400) has at most 50 service lines.</summary>
    public const int MaxLines = 50;

    private readonly M.Bundle _bundle;
    private readonly List<IntakeIssue> _issues;
    private readonly DateOnly _today;
    private readonly BundleReferences _references;
    private readonly HashSet<string> _warnedPractitioners = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    private BundleMapper(M.Bundle bundle, List<IntakeIssue> issues, DateOnly today)
    {
        _bundle = bundle;
        _issues = issues;
        _today = today;
        _references = new BundleReferences(bundle);
    }

    /// <summary>
    /// Maps a parsed resource; returns null when the bundle has errors (all of them are in <paramref name="issues"/>).
    /// <paramref name="today"/> is the clinic's calendar date give or take a day: nothing may happen after it.
    /// </summary>
    public static MappedBundle? Map(M.Resource? resource, List<IntakeIssue> issues, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (resource is null)
        {
            if (!issues.Any(i => i.IsError)) issues.Add(IntakeIssue.Error(IssueCodes.Structure, "Bundle", "The body is not a FHIR resource."));
            return null;
        }
        if (resource is not M.Bundle bundle)
        {
            issues.Add(IntakeIssue.Error(IssueCodes.Invalid, "resourceType", $"Expected a Bundle, got a {resource.TypeName}."));
            return null;
        }
        AcceptLenientGenders(bundle, issues);
        // What Firely could not read faithfully is not mapped: every check after it would only bury the first cause
        // under problems that follow from it (and Firely throws when a broken element is read).
        if (issues.Any(i => i.IsError)) return null;
        if (!BundleReferences.AreDistinct(bundle, issues)) return null;
        var mapped = new BundleMapper(bundle, issues, today).Map();
        return issues.Any(i => i.IsError) ? null : mapped;
    }

    /// <summary>
    /// Senders write M/F/U, Male or FEMALE where FHIR wants male/female/unknown. Firely reports those as invalid
    /// codes; when such codes are all that is wrong, they are read leniently with a warning instead of refusing the bundle.
    /// </summary>
    private static void AcceptLenientGenders(M.Bundle bundle, List<IntakeIssue> issues)
    {
        var errors = issues.Where(i => i.IsError).ToList();
        if (errors.Count == 0 || !errors.All(i => GenderPath().IsMatch(i.Expression))) return;
        foreach (var error in errors)
        {
            var index = int.Parse(GenderPath().Match(error.Expression).Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            if (index >= bundle.Entry.Count || bundle.Entry[index]?.Resource is not M.Patient patient || LenientSex(patient) is null) continue;
            issues.Remove(error);
            issues.Add(IntakeIssue.Warning(IssueCodes.Value, error.Expression,
                "The gender is not one of FHIR's codes (male, female, other, unknown); it was read leniently (M, F, U and any letter case are understood)."));
        }
    }

    [GeneratedRegex(@"^Bundle\.entry\[(\d{1,9})\]\.resource\.gender$", RegexOptions.CultureInvariant)]
    private static partial Regex GenderPath();

    /// <summary>The patient's administrative sex from the gender literal as sent (never through Firely's enum, which throws on M or F).</summary>
    private static AdministrativeSex? LenientSex(M.Patient patient) =>
        patient.GenderElement?.JsonValue switch
        {
            null => AdministrativeSex.Unknown,
            string literal => LenientSex(literal),
            _ => null,
        };

    private static AdministrativeSex? LenientSex(string literal) =>
        literal.Trim().ToLowerInvariant() switch
        {
            "" => AdministrativeSex.Unknown,
            "male" or "m" => AdministrativeSex.Male,
            "female" or "f" => AdministrativeSex.Female,
            "unknown" or "u" or "other" or "o" => AdministrativeSex.Unknown,
            _ => null,
        };

    private MappedBundle? Map()
    {
        if (_bundle.Type is not (M.Bundle.BundleType.Transaction or M.Bundle.BundleType.Batch or M.Bundle.BundleType.Collection))
        {
            var type = _bundle.Type?.GetLiteral() ?? "(none)";
            _issues.Add(IntakeIssue.Error(IssueCodes.NotSupported, "Bundle.type", $"Bundle type '{type}' is not accepted: send a transaction, batch or collection."));
        }

        var resources = _references.ResourceCount;

        // Patients are mapped when a billable encounter needs them: a Patient entry with no encounter (a
        // demographics update) makes no claim, so its missing birth date is no reason to refuse the bundle.
        var patients = new Dictionary<M.Patient, MappedPatient>();
        if (!All<M.Patient>().Any())
        {
            // A provider directory (Synthea's hospitalInformation*.json) makes no claim and is accepted as such;
            // anything else without a Patient, an empty bundle included, cannot be billed.
            if (resources > 0 && _bundle.Entry.All(e => e.Resource is null or M.Organization or M.Practitioner or M.PractitionerRole or M.Location))
            {
                _issues.Add(IntakeIssue.Information(IssueCodes.Informational, "Bundle.entry", "The bundle holds only organizations and practitioners: no claim is made."));
            }
            else
            {
                _issues.Add(IntakeIssue.Error(IssueCodes.Required, "Bundle.entry", "The bundle has no Patient resource."));
            }
        }
        if (!All<M.Coverage>().Any() && All<M.Encounter>().Any())
        {
            _issues.Add(IntakeIssue.Information(IssueCodes.Informational, "Bundle.entry",
                "The bundle has no Coverage resource: payers are taken from Claim.insurance and ExplanationOfBenefit, else the claim is self-pay."));
        }
        foreach (var (claim, index) in All<M.Claim>()) CheckClaimReferences(claim, index);

        var encounters = new List<MappedEncounter>();
        foreach (var (encounter, index) in All<M.Encounter>())
        {
            var mapped = MapEncounter(encounter, index, patients);
            if (mapped is not null) encounters.Add(mapped);
        }

        // A fullUrl "Encounter/x" and an id "x" name the same encounter twice: the claim would not know which it is.
        foreach (var twice in encounters.GroupBy(e => e.SourceId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Invalid, twice.Last().Expression, $"The encounter has the same identity as the one at {twice.First().Expression}."));
        }
        if (patients.Values.GroupBy(p => p.SourceId, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Invalid, "Bundle.entry", "Two patients have the same identity (a fullUrl Patient/x and a Patient with id x): say which one is meant."));
        }

        var identifier = _bundle.Identifier is { Value: { Length: > 0 } value } id ? $"{id.System}|{value}" : null;
        return new MappedBundle(identifier, patients.Values.ToList(), encounters, resources) { Today = _today };
    }

    private IEnumerable<(T Resource, int Index)> All<T>() where T : M.Resource
    {
        for (var i = 0; i < _bundle.Entry.Count; i++)
        {
            if (_bundle.Entry[i].Resource is T r) yield return (r, i);
        }
    }

    private static string At(int index, string path = "") => $"Bundle.entry[{index.ToString(CultureInfo.InvariantCulture)}].resource{path}";

    internal static string SourceId(M.Resource resource, int index, M.Bundle bundle) =>
        !string.IsNullOrEmpty(resource.Id) ? $"{resource.TypeName}/{resource.Id}"
        : !string.IsNullOrEmpty(bundle.Entry[index].FullUrl) ? bundle.Entry[index].FullUrl!
        : $"{resource.TypeName}#{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Every reference a FHIR Claim (use = claim) makes into the bundle must resolve, whichever encounter it bills:
    /// a Claim whose patient, provider, coverage or encounter is missing cannot be trusted for any of its lines.
    /// </summary>
    private void CheckClaimReferences(M.Claim claim, int index)
    {
        if (claim.Use is not (null or M.ClaimUseCode.Claim)) return;
        Resolve(claim.Patient, At(index, ".patient"), required: true);
        Resolve(claim.Provider, At(index, ".provider"), required: true);
        for (var i = 0; i < claim.Insurance.Count; i++)
        {
            Resolve(claim.Insurance[i].Coverage, At(index, $".insurance[{i.ToString(CultureInfo.InvariantCulture)}].coverage"), required: true);
        }
        for (var i = 0; i < claim.Item.Count; i++)
        {
            for (var e = 0; e < claim.Item[i].Encounter.Count; e++)
            {
                Resolve(claim.Item[i].Encounter[e], At(index, $".item[{i.ToString(CultureInfo.InvariantCulture)}].encounter[{e.ToString(CultureInfo.InvariantCulture)}]"), required: true);
            }
        }
    }

    private readonly HashSet<M.Patient> _patientsTried = [];

    // Full birth dates by patient source id, kept only while mapping (PHI: stored encrypted in Phi, never in plaintext).
    private readonly Dictionary<string, DateOnly> _birthDates = new(StringComparer.Ordinal);

    private MappedPatient? PatientFor(M.Patient patient, int index, Dictionary<M.Patient, MappedPatient> patients)
    {
        if (patients.TryGetValue(patient, out var known)) return known;
        if (!_patientsTried.Add(patient)) return null; // already failed, its issues are listed once
        var mapped = MapPatient(patient, index);
        if (mapped is not null) patients[patient] = mapped;
        return mapped;
    }

    private MappedPatient? MapPatient(M.Patient patient, int index)
    {
        var birth = patient.BirthDate;
        if (string.IsNullOrEmpty(birth))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Required, At(index, ".birthDate"), "The patient has no birth date; a claim needs one."));
            return null;
        }
        if (!FhirDates.TryParseBirthYear(birth, out var year))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".birthDate"), "The patient's birth date is not a valid date."));
            return null;
        }
        if (year < 1890)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".birthDate"), "The patient's birth year is before 1890."));
            return null;
        }
        var birthDate = FhirDates.TryParseDate(birth, out var day) ? day : (DateOnly?)null;
        if (year > _today.Year || birthDate > _today)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".birthDate"), "The patient's birth date is in the future."));
            return null;
        }
        var sourceId = SourceId(patient, index, _bundle);
        if (birthDate is { } known) _birthDates[sourceId] = known;
        return new MappedPatient(sourceId, LenientSex(patient) ?? AdministrativeSex.Unknown, year) { Phi = Demographics(patient) };
    }

    /// <summary>The dates of service of an encounter, checked.</summary>
    private readonly record struct ServicePeriod(DateOnly From, DateOnly To);

    private MappedEncounter? MapEncounter(M.Encounter encounter, int index, Dictionary<M.Patient, MappedPatient> patients)
    {
        if (!IsBillable(encounter, index)) return null;
        var (patient, mappedPatient) = SubjectOf(encounter, index, patients);
        var period = ServicePeriodOf(encounter, index, mappedPatient);
        var placeOfService = PlaceOfServiceFor(encounter, index);
        var rendering = RenderingProvider(encounter, index);
        var fhirClaims = ClaimsFor(encounter);

        var context = new List<ClinicalEntry>();
        foreach (var type in encounter.Type) AddCodings(context, ClinicalKind.EncounterType, type, null);
        var (diagnoses, diagnosisPosition) = ClaimDiagnoses(fhirClaims);
        AddConditionsAndProcedures(encounter, context, diagnoses);
        diagnoses = DiagnosesAClaimHolds(diagnoses, index);
        var lines = ServiceLines(fhirClaims, diagnosisPosition, period, context);
        CheckLineCountAndTotal(lines, index);

        var (payer, relationship, memberId) = PayerFor(patient, period?.From ?? default, fhirClaims);
        if (payer is null)
        {
            _issues.Add(IntakeIssue.Warning(IssueCodes.Incomplete, At(index), "No payer found for the encounter (no Coverage, Claim.insurance or ExplanationOfBenefit names one): the claim is self-pay."));
        }

        if (period is not { } dates || mappedPatient is null) return null;
        return new MappedEncounter(SourceId(encounter, index, _bundle), mappedPatient.SourceId, At(index), dates.From, dates.To, placeOfService, payer, relationship, rendering, diagnoses, lines, context) { MemberId = memberId };
    }

    /// <summary>Only a finished encounter (or one without a status) is billed; others are noted and skipped.</summary>
    private bool IsBillable(M.Encounter encounter, int index)
    {
        var status = encounter.Status;
        if (status is null or M.Encounter.EncounterStatus.Finished) return true;
        _issues.Add(IntakeIssue.Information(IssueCodes.Informational, At(index, ".status"), $"Encounter status '{status.GetLiteral()}' is not billable; no claim is made for it."));
        return false;
    }

    private (M.Patient? Patient, MappedPatient? Mapped) SubjectOf(M.Encounter encounter, int index, Dictionary<M.Patient, MappedPatient> patients)
    {
        var subject = Resolve(encounter.Subject, At(index, ".subject"), required: true);
        if (subject is not null && subject.Value.Resource is not M.Patient)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Invalid, At(index, ".subject"), "The encounter's subject is not a Patient."));
        }
        var patient = subject?.Resource as M.Patient;
        return (patient, patient is null ? null : PatientFor(patient, subject!.Value.Index, patients));
    }

    /// <summary>
    /// The encounter's period as real calendar dates that end no earlier than they start, fall after the patient's
    /// birth and no later than today; null (with the error) when any of that fails.
    /// </summary>
    private ServicePeriod? ServicePeriodOf(M.Encounter encounter, int index, MappedPatient? patient)
    {
        var period = encounter.Period;
        if (period is null || string.IsNullOrEmpty(period.Start))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Required, At(index, ".period"), "The encounter has no period start; a claim needs a date of service."));
            return null;
        }
        if (!FhirDates.TryParseDate(period.Start, out var from))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".period.start"), "The encounter's period start is not a valid date."));
            return null;
        }
        var to = from;
        if (!string.IsNullOrEmpty(period.End) && !FhirDates.TryParseDate(period.End, out to))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".period.end"), "The encounter's period end is not a valid date."));
            return null;
        }
        if (to < from)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".period"), "The encounter's period ends before it starts."));
            return null;
        }
        // A day of slack: the date is written in the clinic's own offset, which can be a day ahead of ours.
        if (to > _today.AddDays(1))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, from > _today.AddDays(1) ? ".period.start" : ".period.end"), "The encounter's period is in the future: only services already given are billed."));
            return null;
        }
        if (patient is not null && (_birthDates.TryGetValue(patient.SourceId, out var birth) ? from < birth : from.Year < patient.BirthYear))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".period.start"), "The encounter starts before the patient's birth date; check the dates."));
            return null;
        }
        return new ServicePeriod(from, to);
    }

    /// <summary>
    /// The ICD-10-CM diagnoses of the FHIR Claims, in sequence order without repeats, and for each (claim, sequence)
    /// the diagnosis's 1-based position, which line pointers refer to.
    /// </summary>
    private (List<Icd10Code> Diagnoses, Dictionary<(M.Claim, int), int> Positions) ClaimDiagnoses(List<(M.Claim Claim, int Index)> fhirClaims)
    {
        var diagnoses = new List<Icd10Code>();
        var positions = new Dictionary<(M.Claim, int), int>();
        foreach (var (claim, claimIndex) in fhirClaims)
        {
            foreach (var diagnosis in claim.Diagnosis.OrderBy(d => d.Sequence ?? int.MaxValue))
            {
                var concept = diagnosis.Diagnosis switch
                {
                    M.CodeableConcept cc => cc,
                    M.ResourceReference rr => Resolve(rr, At(claimIndex, ".diagnosis.diagnosisReference"), required: true)?.Resource is M.Condition c ? c.Code : null,
                    _ => null,
                };
                if (Icd10(concept) is not { } code || diagnosis.Sequence is not { } seq) continue;
                var position = diagnoses.FindIndex(d => d == code);
                if (position < 0)
                {
                    diagnoses.Add(code);
                    position = diagnoses.Count - 1;
                }
                positions[(claim, seq)] = position + 1;
            }
        }
        return (diagnoses, positions);
    }

    /// <summary>Conditions and procedures of the encounter are context for the coder; ICD-10-CM conditions are also diagnoses.</summary>
    private void AddConditionsAndProcedures(M.Encounter encounter, List<ClinicalEntry> context, List<Icd10Code> diagnoses)
    {
        foreach (var (condition, conditionIndex) in All<M.Condition>())
        {
            if (!RefersTo(condition.Encounter, encounter, At(conditionIndex, ".encounter"))) continue;
            AddCodings(context, ClinicalKind.Condition, condition.Code, null);
            if (Icd10(condition.Code) is { } code && !diagnoses.Contains(code)) diagnoses.Add(code);
        }
        foreach (var (procedure, procedureIndex) in All<M.Procedure>())
        {
            if (!RefersTo(procedure.Encounter, encounter, At(procedureIndex, ".encounter"))) continue;
            AddCodings(context, ClinicalKind.Procedure, procedure.Code, null);
        }
    }

    private List<Icd10Code> DiagnosesAClaimHolds(List<Icd10Code> diagnoses, int index)
    {
        if (diagnoses.Count <= Claim.MaxDiagnoses) return diagnoses;
        _issues.Add(IntakeIssue.Warning(IssueCodes.Incomplete, At(index),
            $"The encounter has {diagnoses.Count.ToString(CultureInfo.InvariantCulture)} ICD-10-CM diagnoses; the claim keeps the first {Claim.MaxDiagnoses.ToString(CultureInfo.InvariantCulture)}."));
        return diagnoses.Take(Claim.MaxDiagnoses).ToList();
    }

    /// <summary>
    /// One line per FHIR Claim item coded in CPT or HCPCS (units, charge, modifiers, pointers, date); every item,
    /// whatever its code system, is also context with its charge.
    /// </summary>
    private List<MappedLine> ServiceLines(List<(M.Claim Claim, int Index)> fhirClaims, Dictionary<(M.Claim, int), int> diagnosisPosition, ServicePeriod? period, List<ClinicalEntry> context)
    {
        var lines = new List<MappedLine>();
        foreach (var (claim, claimIndex) in fhirClaims)
        {
            for (var i = 0; i < claim.Item.Count; i++)
            {
                var item = claim.Item[i];
                var charge = Charge(item, At(claimIndex, $".item[{i.ToString(CultureInfo.InvariantCulture)}]"));
                AddCodings(context, ClinicalKind.ClaimItem, item.ProductOrService, charge);
                if (ProcedureFrom(item.ProductOrService) is not { } code) continue;
                var pointers = item.DiagnosisSequence
                    .Where(s => s is not null && diagnosisPosition.ContainsKey((claim, s.Value)))
                    .Select(s => diagnosisPosition[(claim, s!.Value)])
                    .Where(p => p <= Claim.MaxDiagnoses)
                    .Distinct().Take(ServiceLine.MaxPointers).ToList();
                var modifiers = item.Modifier.SelectMany(m => m.Coding).Select(c => c.Code).Where(c => c is not null && c.Trim().Length == 2 && c.Trim().All(char.IsAsciiLetterOrDigit))
                    .Select(c => Modifier.Parse(c!)).Take(ServiceLine.MaxModifiers).ToList();
                var units = item.Quantity?.Value is { } q ? (int)Math.Clamp(Math.Round(q, MidpointRounding.AwayFromZero), 1, 9999) : 1;
                DateOnly? serviced = item.Serviced switch
                {
                    M.Date d when FhirDates.TryParseDate(d.Value, out var day) => day,
                    M.Period p when FhirDates.TryParseDate(p.Start, out var day) => day,
                    _ => null,
                };
                if (period is { } dates && serviced is { } s && (s < dates.From || s > dates.To)) serviced = null;
                lines.Add(new MappedLine(code, modifiers, units, charge ?? Money.Zero, pointers, serviced) { Priced = charge is not null });
            }
        }
        return lines;
    }

    /// <summary>An 837P claim has at most 50 lines, and its total must fit the largest amount a claim system takes.</summary>
    private void CheckLineCountAndTotal(List<MappedLine> lines, int index)
    {
        if (lines.Count > MaxLines)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index),
                $"The encounter bills {lines.Count.ToString(CultureInfo.InvariantCulture)} CPT/HCPCS lines; a professional claim has at most {MaxLines.ToString(CultureInfo.InvariantCulture)}: split the visit's items over several claims."));
        }
        if (lines.Sum(l => l.Charge.Cents) > Money.Limit * 100m)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index), "The lines of the encounter add up to more than 99,999,999.99."));
        }
    }

    private PlaceOfService PlaceOfServiceFor(M.Encounter encounter, int index)
    {
        var code = encounter.Class?.Code;
        if (code is not null && PlaceOfServiceByClass.TryGetValue(code, out var pos)) return PlaceOfService.Parse(pos);
        _issues.Add(IntakeIssue.Warning(IssueCodes.Value, At(index, ".class"), code is null
            ? "The encounter has no class; place of service 11 (office) is assumed."
            : "The encounter's class has no place-of-service mapping; 11 (office) is assumed."));
        return PlaceOfService.Office;
    }

    private MappedProvider? RenderingProvider(M.Encounter encounter, int index)
    {
        for (var i = 0; i < encounter.Participant.Count; i++)
        {
            var participant = encounter.Participant[i];
            if (participant.Individual is null) continue;
            var resolved = Resolve(participant.Individual, At(index, $".participant[{i.ToString(CultureInfo.InvariantCulture)}].individual"), required: true);
            if (resolved?.Resource is not M.Practitioner practitioner) continue;
            var npiText = practitioner.Identifier.FirstOrDefault(id => id.System == NpiSystem)?.Value;
            var key = SourceId(practitioner, resolved.Value.Index, _bundle);
            if (Npi.TryParse(npiText, out var npi)) return new MappedProvider(npi, ProviderName(practitioner));
            if (_warnedPractitioners.Add(key))
            {
                _issues.Add(npiText is null
                    ? IntakeIssue.Warning(IssueCodes.Incomplete, At(resolved.Value.Index, ".identifier"), "The practitioner has no NPI; the rendering provider is left empty.")
                    : IntakeIssue.Warning(IssueCodes.Value, At(resolved.Value.Index, ".identifier"), "The practitioner's NPI is not a valid NPI (ten digits with a check digit); the rendering provider is left empty."));
            }
            return null;
        }
        return null;
    }

    private static string ProviderName(M.Practitioner practitioner)
    {
        var name = practitioner.Name.FirstOrDefault();
        var text = name is null ? "" : string.Join(' ', name.Given.Append(name.Family).Where(s => !string.IsNullOrWhiteSpace(s)));
        text = text.Trim();
        if (text.Length == 0) text = "(unnamed practitioner)";
        return Clip(text, 200)!;
    }

    private List<(M.Claim Claim, int Index)> ClaimsFor(M.Encounter encounter)
    {
        var result = new List<(M.Claim, int)>();
        foreach (var (claim, claimIndex) in All<M.Claim>())
        {
            if (claim.Use is not (null or M.ClaimUseCode.Claim)) continue;
            var refers = false;
            for (var i = 0; i < claim.Item.Count; i++)
            {
                foreach (var reference in claim.Item[i].Encounter)
                {
                    // Unresolved item.encounter references are reported once, by CheckClaimReferences.
                    if (Resolve(reference, "", required: false)?.Resource == encounter) refers = true;
                }
            }
            if (refers) result.Add((claim, claimIndex));
        }
        return result;
    }

    private (MappedPayer? Payer, SubscriberRelationship Relationship, string? MemberId) PayerFor(M.Patient? patient, DateOnly serviceDate, List<(M.Claim Claim, int Index)> fhirClaims)
    {
        // 1. A Coverage resource in the bundle for this patient, active on the date of service, lowest order first.
        var coverages = All<M.Coverage>()
            .Where(c => patient is not null && Resolve(c.Resource.Beneficiary, At(c.Index, ".beneficiary"), required: false)?.Resource == patient)
            .Where(c => c.Resource.Status is null or M.FinancialResourceStatusCodes.Active)
            .Where(c => CoversDate(c.Resource.Period, serviceDate))
            .OrderBy(c => c.Resource.Order ?? int.MaxValue)
            .ToList();
        foreach (var (coverage, coverageIndex) in coverages)
        {
            if (PayerFromCoverage(coverage, At(coverageIndex), out var payer)) return (payer, Relationship(coverage), MemberId(coverage));
        }

        // 2. The FHIR Claim's focal insurance: a referenced Coverage, a contained one, or just a display name.
        foreach (var (claim, claimIndex) in fhirClaims)
        {
            var insurance = claim.Insurance.FirstOrDefault(i => i.Focal == true) ?? claim.Insurance.OrderBy(i => i.Sequence ?? int.MaxValue).FirstOrDefault();
            if (insurance?.Coverage is null) continue;
            var reference = insurance.Coverage.Reference;
            M.Coverage? coverage = null;
            if (!string.IsNullOrEmpty(reference))
            {
                coverage = reference.StartsWith('#')
                    ? claim.Contained.OfType<M.Coverage>().FirstOrDefault(c => "#" + c.Id == reference)
                    : Resolve(insurance.Coverage, At(claimIndex, ".insurance.coverage"), required: true)?.Resource as M.Coverage;
            }
            if (coverage is not null && PayerFromCoverage(coverage, At(claimIndex, ".insurance.coverage"), out var fromCoverage)) return (fromCoverage, Relationship(coverage), MemberId(coverage));

            // 3. Synthea: the ExplanationOfBenefit for this claim carries a contained Coverage with the payer's name.
            foreach (var (eob, eobIndex) in All<M.ExplanationOfBenefit>())
            {
                if (eob.Claim is null || Resolve(eob.Claim, At(eobIndex, ".claim"), required: false)?.Resource != claim) continue;
                var eobInsurance = eob.Insurance.FirstOrDefault(i => i.Focal == true) ?? eob.Insurance.FirstOrDefault();
                var contained = eobInsurance?.Coverage?.Reference is { } r && r.StartsWith('#')
                    ? eob.Contained.OfType<M.Coverage>().FirstOrDefault(c => "#" + c.Id == r)
                    : null;
                if (contained is not null && PayerFromCoverage(contained, At(eobIndex, ".contained"), out var fromEob)) return (fromEob, Relationship(contained), MemberId(contained));
            }

            var display = insurance.Coverage.Display;
            if (!string.IsNullOrWhiteSpace(display)) return (SelfPayNames.Contains(display.Trim()) ? null : PayerNamed(display, null), SubscriberRelationship.Self, null);
        }
        return (null, SubscriberRelationship.Self, null);
    }

    private bool PayerFromCoverage(M.Coverage coverage, string path, out MappedPayer? payer)
    {
        payer = null;
        var payor = coverage.Payor.FirstOrDefault();
        if (payor is null) return false;
        string? name = payor.Display;
        string? payerId = payor.Identifier?.Value;
        if (!string.IsNullOrEmpty(payor.Reference) && !payor.Reference.StartsWith('#'))
        {
            if (Resolve(payor, path + ".payor", required: true)?.Resource is M.Organization organization)
            {
                name = organization.Name ?? name;
                payerId ??= organization.Identifier.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value))?.Value;
            }
        }
        if (string.IsNullOrWhiteSpace(name) && string.IsNullOrWhiteSpace(payerId)) return false;
        if (name is not null && SelfPayNames.Contains(name.Trim())) return true; // an explicit "no insurance": self-pay
        payer = PayerNamed(string.IsNullOrWhiteSpace(name) ? payerId! : name, payerId);
        return true;
    }

    private static MappedPayer PayerNamed(string name, string? payerId)
    {
        name = Clip(name.Trim(), 200)!;
        if (!string.IsNullOrWhiteSpace(payerId))
        {
            var id = payerId.Trim();
            return new MappedPayer(Clip(id, 80)!, name);
        }
        // No electronic payer id in the bundle: a stable stand-in from the name, to be mapped to a real one by billing.
        var slug = new StringBuilder("NAME-");
        foreach (var ch in name.ToUpperInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch)) slug.Append(ch);
            else if (slug[^1] != '-') slug.Append('-');
        }
        var text = slug.ToString().TrimEnd('-');
        return new MappedPayer(text.Length > 80 ? text[..80] : text, name);
    }

    /// <summary>The member id on the card: Coverage.subscriberId, else an identifier typed MB (member number), else the first one.</summary>
    private static string? MemberId(M.Coverage coverage)
    {
        if (!string.IsNullOrWhiteSpace(coverage.SubscriberId)) return coverage.SubscriberId.Trim();
        var typed = coverage.Identifier.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code == "MB") == true && !string.IsNullOrWhiteSpace(i.Value));
        return (typed ?? coverage.Identifier.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value)))?.Value?.Trim();
    }

    /// <summary>
    /// The identifying data of a Patient, flattened for encrypted storage: the official (else first) name, the
    /// birth date, the home (else first) address, telecom, the MRN (identifier typed MR) and every other identifier.
    /// </summary>
    private static PatientDemographics Demographics(M.Patient patient)
    {
        static string? Text(IEnumerable<string?> parts, string separator)
        {
            var text = string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
            return text.Length == 0 ? null : text;
        }
        var name = patient.Name.FirstOrDefault(n => n.Use == M.HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var address = patient.Address.FirstOrDefault(a => a.Use == M.Address.AddressUse.Home) ?? patient.Address.FirstOrDefault();
        var telecom = Text(patient.Telecom.Select(t => t.Value is null ? null : $"{t.System?.GetLiteral()}:{t.Value}"), "; ");
        var mrn = patient.Identifier.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code == "MR") == true && !string.IsNullOrWhiteSpace(i.Value));
        var others = Text(patient.Identifier.Where(i => !ReferenceEquals(i, mrn) && !string.IsNullOrWhiteSpace(i.Value)).Select(i => $"{i.System}|{i.Value}"), "\n");
        return new PatientDemographics(
            name?.Family?.Trim() is { Length: > 0 } family ? family : null,
            name is null ? null : Text(name.Given, " "),
            patient.BirthDate,
            address is null ? null : Text([.. address.Line, address.City, address.State, address.PostalCode, address.Country], ", "),
            telecom,
            mrn?.Value?.Trim(),
            others);
    }

    private static SubscriberRelationship Relationship(M.Coverage coverage) =>
        coverage.Relationship?.Coding.FirstOrDefault()?.Code switch
        {
            "spouse" => SubscriberRelationship.Spouse,
            "child" => SubscriberRelationship.Child,
            null or "self" => SubscriberRelationship.Self,
            _ => SubscriberRelationship.Other,
        };

    private static bool CoversDate(M.Period? period, DateOnly date)
    {
        if (period is null) return true;
        if (FhirDates.TryParseDate(period.Start, out var start) && date < start) return false;
        if (FhirDates.TryParseDate(period.End, out var end) && date > end) return false;
        return true;
    }

    /// <summary>The item's net charge, else unit price x quantity x factor; negative or over $10,000,000 is an error.</summary>
    private Money? Charge(M.Claim.ItemComponent item, string path)
    {
        decimal amount;
        string where;
        if (item.Net?.Value is { } net)
        {
            (amount, where) = (net, ".net");
        }
        else if (item.UnitPrice?.Value is { } price)
        {
            var quantity = item.Quantity?.Value ?? 1m;
            var factor = item.Factor ?? 1m;
            // Bounded before multiplying, so no decimal overflow: anything beyond these is absurd anyway.
            if (Math.Abs(price) > MaxLineCharge || Math.Abs(quantity) > 1_000_000m || Math.Abs(factor) > 1_000_000m)
            {
                _issues.Add(IntakeIssue.Error(IssueCodes.Value, path + ".unitPrice", "The item's unit price, quantity or factor is out of range."));
                return null;
            }
            (amount, where) = (price * quantity * factor, ".unitPrice");
        }
        else
        {
            return null;
        }
        var rounded = decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
        if (rounded < 0 || rounded > MaxLineCharge)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, path + where, "The item's charge is negative or above 10,000,000.00."));
            return null;
        }
        return Money.Of(rounded);
    }

    private static Icd10Code? Icd10(M.CodeableConcept? concept) =>
        concept?.Coding.Where(c => c.System == Icd10CmSystem).Select(c => Icd10Code.TryParse(c.Code, out var code) ? code : null).FirstOrDefault(c => c is not null);

    private static ProcedureCode? ProcedureFrom(M.CodeableConcept? concept)
    {
        if (concept is null) return null;
        foreach (var coding in concept.Coding)
        {
            var isProcedureSystem = coding.System == CptSystem || (coding.System is not null && HcpcsSystems.Contains(coding.System));
            if (isProcedureSystem && ProcedureCode.TryParse(coding.Code, out var code)) return code;
        }
        return null;
    }

    private static void AddCodings(List<ClinicalEntry> context, ClinicalKind kind, M.CodeableConcept? concept, Money? charge)
    {
        if (concept is null) return;
        var coding = concept.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Code));
        if (coding is null) return;
        context.Add(new ClinicalEntry(kind, Clip(coding.System, 200), Clip(coding.Code, 64)!, Clip(coding.Display, 500), charge));
    }

    /// <summary>Cuts a text to a column's length, never between the two halves of a surrogate pair.</summary>
    private static string? Clip(string? text, int max)
    {
        if (text is null || text.Length <= max) return text;
        return text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];
    }

    private bool RefersTo(M.ResourceReference? reference, M.Resource target, string path) =>
        reference is not null && Resolve(reference, path, required: true)?.Resource == target;

    /// <summary>Resolves a <c>urn:uuid:</c> full URL, a relative <c>Type/id</c> or an absolute URL ending in one.</summary>
    private (M.Resource Resource, int Index)? Resolve(M.ResourceReference? reference, string path, bool required)
    {
        if (_references.Find(reference) is { } hit) return hit;
        var text = reference?.Reference;
        if (string.IsNullOrEmpty(text) || text.StartsWith('#')) return null;
        // The reference's text is never quoted: an id or a conditional search can carry identifiers.
        if (required && _reported.Add(path)) _issues.Add(IntakeIssue.Error(IssueCodes.NotFound, path, "The reference does not resolve to a resource in the bundle."));
        return null;
    }
}
