using System.Globalization;
using System.Text;
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
internal sealed class BundleMapper
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

    private readonly M.Bundle _bundle;
    private readonly List<IntakeIssue> _issues;
    private readonly BundleReferences _references;
    private readonly HashSet<string> _warnedPractitioners = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    private BundleMapper(M.Bundle bundle, List<IntakeIssue> issues)
    {
        _bundle = bundle;
        _issues = issues;
        _references = new BundleReferences(bundle);
    }

    /// <summary>Maps a parsed resource; returns null when the bundle has errors (all of them are in <paramref name="issues"/>).</summary>
    public static MappedBundle? Map(M.Resource? resource, List<IntakeIssue> issues)
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
        var mapped = new BundleMapper(bundle, issues).Map();
        return issues.Any(i => i.IsError) ? null : mapped;
    }

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

        var encounters = new List<MappedEncounter>();
        foreach (var (encounter, index) in All<M.Encounter>())
        {
            var mapped = MapEncounter(encounter, index, patients);
            if (mapped is not null) encounters.Add(mapped);
        }

        var identifier = _bundle.Identifier is { Value: { Length: > 0 } value } id ? $"{id.System}|{value}" : null;
        return new MappedBundle(identifier, patients.Values.ToList(), encounters, resources);
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

    private readonly HashSet<M.Patient> _patientsTried = [];

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
        var sex = patient.Gender switch
        {
            M.AdministrativeGender.Female => AdministrativeSex.Female,
            M.AdministrativeGender.Male => AdministrativeSex.Male,
            _ => AdministrativeSex.Unknown,
        };
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
        return new MappedPatient(SourceId(patient, index, _bundle), sex, year) { Phi = Demographics(patient) };
    }

    private MappedEncounter? MapEncounter(M.Encounter encounter, int index, Dictionary<M.Patient, MappedPatient> patients)
    {
        var status = encounter.Status;
        if (status is not (null or M.Encounter.EncounterStatus.Finished))
        {
            _issues.Add(IntakeIssue.Information(IssueCodes.Informational, At(index, ".status"), $"Encounter status '{status.GetLiteral()}' is not billable; no claim is made for it."));
            return null;
        }

        var subject = Resolve(encounter.Subject, At(index, ".subject"), required: true);
        if (subject is not null && subject.Value.Resource is not M.Patient)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Invalid, At(index, ".subject"), "The encounter's subject is not a Patient."));
        }
        var patient = subject?.Resource as M.Patient;
        var mappedPatient = patient is null ? null : PatientFor(patient, subject!.Value.Index, patients);

        DateOnly from = default, to = default;
        var datesOk = false;
        if (encounter.Period is null || string.IsNullOrEmpty(encounter.Period.Start))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Required, At(index, ".period"), "The encounter has no period start; a claim needs a date of service."));
        }
        else if (!FhirDates.TryParseDate(encounter.Period.Start, out from))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".period.start"), "The encounter's period start is not a valid date."));
        }
        else if (!string.IsNullOrEmpty(encounter.Period.End) && !FhirDates.TryParseDate(encounter.Period.End, out to))
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".period.end"), "The encounter's period end is not a valid date."));
        }
        else
        {
            if (string.IsNullOrEmpty(encounter.Period.End)) to = from;
            if (to < from)
            {
                _issues.Add(IntakeIssue.Error(IssueCodes.Value, At(index, ".period"), "The encounter's period ends before it starts."));
            }
            else
            {
                // Real exports do this (a Synthea bundle has a visit 14 years before birth): the claim can still be
                // worked, and the scrubber's age edits will stop it before it reaches a payer.
                if (mappedPatient is not null && from.Year < mappedPatient.BirthYear)
                {
                    _issues.Add(IntakeIssue.Warning(IssueCodes.Value, At(index, ".period.start"), "The encounter starts before the patient's birth year; check the dates."));
                }
                datesOk = true;
            }
        }

        var placeOfService = PlaceOfServiceFor(encounter, index);
        var rendering = RenderingProvider(encounter, index);
        var fhirClaims = ClaimsFor(encounter);

        var context = new List<ClinicalEntry>();
        foreach (var type in encounter.Type) AddCodings(context, ClinicalKind.EncounterType, type, null);

        var diagnoses = new List<Icd10Code>();
        var diagnosisPosition = new Dictionary<(M.Claim, int), int>();
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
                if (Icd10(concept) is { } code && diagnosis.Sequence is { } seq)
                {
                    var position = diagnoses.FindIndex(d => d == code);
                    if (position < 0)
                    {
                        diagnoses.Add(code);
                        position = diagnoses.Count - 1;
                    }
                    diagnosisPosition[(claim, seq)] = position + 1;
                }
            }
        }

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

        if (diagnoses.Count > Claim.MaxDiagnoses)
        {
            _issues.Add(IntakeIssue.Warning(IssueCodes.Incomplete, At(index),
                $"The encounter has {diagnoses.Count.ToString(CultureInfo.InvariantCulture)} ICD-10-CM diagnoses; the claim keeps the first {Claim.MaxDiagnoses.ToString(CultureInfo.InvariantCulture)}."));
            diagnoses = diagnoses.Take(Claim.MaxDiagnoses).ToList();
        }

        var lines = new List<MappedLine>();
        foreach (var (claim, claimIndex) in fhirClaims)
        {
            for (var i = 0; i < claim.Item.Count; i++)
            {
                var item = claim.Item[i];
                var path = At(claimIndex, $".item[{i.ToString(CultureInfo.InvariantCulture)}]");
                var charge = Charge(item, path);
                AddCodings(context, ClinicalKind.ClaimItem, item.ProductOrService, charge);
                var code = ProcedureFrom(item.ProductOrService);
                if (code is null) continue;
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
                if (datesOk && serviced is { } s && (s < from || s > to)) serviced = null;
                lines.Add(new MappedLine(code, modifiers, units, charge ?? Money.Zero, pointers, serviced));
            }
        }

        var (payer, relationship, memberId) = PayerFor(patient, from, fhirClaims);
        if (payer is null)
        {
            _issues.Add(IntakeIssue.Warning(IssueCodes.Incomplete, At(index), "No payer found for the encounter (no Coverage, Claim.insurance or ExplanationOfBenefit names one): the claim is self-pay."));
        }

        if (!datesOk || mappedPatient is null) return null;
        return new MappedEncounter(SourceId(encounter, index, _bundle), mappedPatient.SourceId, At(index), from, to, placeOfService, payer, relationship, rendering, diagnoses, lines, context) { MemberId = memberId };
    }

    private PlaceOfService PlaceOfServiceFor(M.Encounter encounter, int index)
    {
        var code = encounter.Class?.Code;
        if (code is not null && PlaceOfServiceByClass.TryGetValue(code, out var pos)) return PlaceOfService.Parse(pos);
        _issues.Add(IntakeIssue.Warning(IssueCodes.Value, At(index, ".class"), $"Encounter class '{code ?? "(none)"}' has no place-of-service mapping; 11 (office) is assumed."));
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
                    : IntakeIssue.Warning(IssueCodes.Value, At(resolved.Value.Index, ".identifier"), $"The practitioner's NPI '{Icd10Code.Shorten(npiText)}' is not a valid NPI (ten digits with a check digit); the rendering provider is left empty."));
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
        return text.Length > 200 ? text[..200] : text;
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
                    if (RefersTo(reference, encounter, At(claimIndex, $".item[{i.ToString(CultureInfo.InvariantCulture)}].encounter"))) refers = true;
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
        payer = PayerNamed(name ?? payerId!, payerId);
        return true;
    }

    private static MappedPayer PayerNamed(string name, string? payerId)
    {
        name = name.Trim();
        if (name.Length > 200) name = name[..200];
        if (!string.IsNullOrWhiteSpace(payerId))
        {
            var id = payerId.Trim();
            return new MappedPayer(id.Length > 80 ? id[..80] : id, name);
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

    private Money? Charge(M.Claim.ItemComponent item, string path)
    {
        var amount = item.Net?.Value;
        if (amount is null && item.UnitPrice?.Value is { } price) amount = price * (item.Quantity?.Value ?? 1m) * (item.Factor ?? 1m);
        if (amount is null) return null;
        var rounded = decimal.Round(amount.Value, 2, MidpointRounding.AwayFromZero);
        if (rounded < 0 || rounded > Money.Limit)
        {
            _issues.Add(IntakeIssue.Error(IssueCodes.Value, path + ".net", "The item's charge is negative or above 99,999,999.99."));
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

    private static string? Clip(string? text, int max) => text is null ? null : text.Length <= max ? text : text[..max];

    private bool RefersTo(M.ResourceReference? reference, M.Resource target, string path) =>
        reference is not null && Resolve(reference, path, required: true)?.Resource == target;

    /// <summary>Resolves a <c>urn:uuid:</c> full URL, a relative <c>Type/id</c> or an absolute URL ending in one.</summary>
    private (M.Resource Resource, int Index)? Resolve(M.ResourceReference? reference, string path, bool required)
    {
        if (_references.Find(reference) is { } hit) return hit;
        var text = reference?.Reference;
        if (string.IsNullOrEmpty(text) || text.StartsWith('#')) return null;
        if (required)
        {
            // A conditional reference (Type?search) can carry identifiers; name it without echoing it.
            var shown = text.Contains('?', StringComparison.Ordinal) ? "(a conditional reference)" : $"'{Icd10Code.Shorten(text)}'";
            if (_reported.Add(path)) _issues.Add(IntakeIssue.Error(IssueCodes.NotFound, path, $"Reference {shown} does not resolve to a resource in the bundle."));
        }
        return null;
    }
}
