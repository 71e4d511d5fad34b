using System.Globalization;
using Claims.Domain;
using Claims.Scrubbing;
using Hl7.Fhir.Utility;
using M = Hl7.Fhir.Model;

namespace Claims.Intake;

/// <summary>
/// What a bundle gives the scrubber: one <see cref="ScrubClaim"/> per FHIR Claim (use = claim), in bundle order,
/// and the problems that kept the bundle from being read. <see cref="Claims"/> is empty when any issue is an error.
/// </summary>
public sealed record ScrubBundle(IReadOnlyList<ScrubClaim> Claims, IReadOnlyList<IntakeIssue> Issues)
{
    public bool IsReadable => !Issues.Any(i => i.IsError);
}

/// <summary>
/// Maps the FHIR Claims of a bundle to the scrubber's input for a dry run (<c>claims scrub --fhir</c>): parsed by
/// <see cref="FhirBundleReader"/>, references resolved by <see cref="BundleReferences"/> like intake does. Unlike
/// <see cref="BundleMapper"/> it keeps codes, modifiers and NPIs as the raw strings the bundle sent: a malformed
/// one is the scrubber's finding to report, not a reason to drop the line or refuse the bundle.
/// </summary>
public static class ScrubBundleMapper
{
    /// <summary>Payer Organization extension carrying that payer's timely filing limit in days.</summary>
    public const string TimelyFilingExtension = "https://claims.example.org/fhir/StructureDefinition/timely-filing-days";

    /// <summary>Reads a FHIR R4 JSON bundle from a stream, refusing it once it exceeds the size limit.</summary>
    public static async Task<ScrubBundle> ReadAsync(Stream json, IntakeLimits? limits = null, CancellationToken cancellationToken = default)
    {
        limits ??= IntakeLimits.Default;
        var (bytes, tooLarge) = await FhirBundleReader.ReadAllAsync(json, limits, cancellationToken);
        return bytes is null ? new ScrubBundle([], [tooLarge!]) : Read(bytes, limits);
    }

    /// <summary>Reads a FHIR R4 JSON bundle (UTF-8) into scrubber input.</summary>
    public static ScrubBundle Read(ReadOnlySpan<byte> utf8, IntakeLimits? limits = null)
    {
        limits ??= IntakeLimits.Default;
        if (utf8.Length > limits.MaxBundleBytes) return new ScrubBundle([], [FhirBundleReader.TooLarge(limits)]);
        var (resource, issues) = FhirBundleReader.Parse(utf8, limits);
        if (issues.Any(i => i.IsError)) return new ScrubBundle([], issues);
        if (resource is not M.Bundle bundle)
        {
            issues.Add(resource is null
                ? IntakeIssue.Error(IssueCodes.Structure, "Bundle", "The body is not a FHIR resource.")
                : IntakeIssue.Error(IssueCodes.Invalid, "resourceType", $"Expected a Bundle, got a {resource.TypeName}."));
            return new ScrubBundle([], issues);
        }
        if (bundle.Type is not (M.Bundle.BundleType.Transaction or M.Bundle.BundleType.Batch or M.Bundle.BundleType.Collection))
        {
            var type = bundle.Type?.GetLiteral() ?? "(none)";
            issues.Add(IntakeIssue.Error(IssueCodes.NotSupported, "Bundle.type", $"Bundle type '{type}' is not accepted: send a transaction, batch or collection."));
            return new ScrubBundle([], issues);
        }

        if (!BundleReferences.AreDistinct(bundle, issues)) return new ScrubBundle([], issues);
        var references = new BundleReferences(bundle);
        var claims = new List<ScrubClaim>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is not M.Claim claim) continue;
            if (claim.Use is not (null or M.ClaimUseCode.Claim))
            {
                issues.Add(IntakeIssue.Information(IssueCodes.Informational, $"Bundle.entry[{i.ToString(CultureInfo.InvariantCulture)}].resource.use",
                    $"Claim use '{claim.Use.GetLiteral()}' is not a claim for payment; it is not scrubbed."));
                continue;
            }
            claims.Add(Map(bundle, references, claim, i));
        }
        if (claims.Count == 0 && !issues.Any(i => i.IsError))
        {
            issues.Add(IntakeIssue.Error(IssueCodes.Required, "Bundle.entry", "The bundle has no Claim resource (use = claim): there is nothing to scrub."));
        }
        return issues.Any(i => i.IsError) ? new ScrubBundle([], issues) : new ScrubBundle(claims, issues);
    }

    private static ScrubClaim Map(M.Bundle bundle, BundleReferences references, M.Claim claim, int index)
    {
        var patient = references.Find(claim.Patient) is { Resource: M.Patient p } found ? (Patient: p, found.Index) : ((M.Patient Patient, int Index)?)null;
        var coverage = CoverageOf(claim, references);
        var payer = coverage?.Payor.FirstOrDefault() is { } payor ? references.Find(payor)?.Resource as M.Organization : null;
        var rendering = claim.CareTeam.OrderBy(t => t.Sequence ?? int.MaxValue).FirstOrDefault()?.Provider;

        // Pointers name diagnosis.sequence values; the scrubber reads positions in the ordered list. A sequence that
        // names no diagnosis stays as sent, so DX-POINTER reports it.
        var diagnoses = claim.Diagnosis.OrderBy(d => d.Sequence ?? int.MaxValue).ToList();
        var position = new Dictionary<int, int>();
        for (var d = 0; d < diagnoses.Count; d++)
        {
            if (diagnoses[d].Sequence is { } seq) position.TryAdd(seq, d + 1);
        }

        var lines = claim.Item.Select(item => new ScrubLine(
            item.Sequence ?? 0,
            ProcedureCode(item.ProductOrService) ?? "",
            item.Modifier.Select(m => FirstCode(m, null)).OfType<string>().ToArray(),
            item.Quantity?.Value is { } q ? (int)Math.Round(q, MidpointRounding.AwayFromZero) : 1,
            Charge(item),
            item.DiagnosisSequence.OfType<int>().Select(s => position.GetValueOrDefault(s, s)).ToArray(),
            item.Serviced switch
            {
                M.Date date when FhirDates.TryParseDate(date.Value, out var day) => day,
                M.Period period when FhirDates.TryParseDate(period.Start, out var day) => day,
                _ => null,
            })).ToArray();

        DateOnly? from = null, to = null;
        if (FhirDates.TryParseDate(claim.BillablePeriod?.Start, out var start)) from = start;
        if (FhirDates.TryParseDate(claim.BillablePeriod?.End, out var end)) to = end;
        from ??= lines.Min(l => l.ServiceDate);
        to ??= claim.BillablePeriod is null ? lines.Max(l => l.ServiceDate) : from;

        DateOnly? birthDate = null;
        int? birthYear = null;
        if (patient?.Patient.BirthDate is { } birth)
        {
            if (birth.Length == 10 && FhirDates.TryParseDate(birth, out var born)) birthDate = born;
            else if (FhirDates.TryParseBirthYear(birth, out var year)) birthYear = year;
        }

        return new ScrubClaim
        {
            ClaimId = !string.IsNullOrEmpty(claim.Id) ? claim.Id : BundleMapper.SourceId(claim, index, bundle),
            PatientKey = patient is { } pt ? BundleMapper.SourceId(pt.Patient, pt.Index, bundle) : null,
            Sex = patient?.Patient.Gender switch
            {
                M.AdministrativeGender.Female => AdministrativeSex.Female,
                M.AdministrativeGender.Male => AdministrativeSex.Male,
                _ => AdministrativeSex.Unknown,
            },
            BirthDate = birthDate,
            BirthYear = birthYear ?? birthDate?.Year,
            PayerId = PayerId(coverage, payer),
            TimelyFilingDays = payer?.Extension.Where(e => e.Url == TimelyFilingExtension).Select(e => (e.Value as M.Integer)?.Value).FirstOrDefault(v => v is not null),
            HasCoverage = coverage is not null,
            HasSubscriberId = !string.IsNullOrWhiteSpace(coverage?.SubscriberId),
            CoverageStart = FhirDates.TryParseDate(coverage?.Period?.Start, out var coverageStart) ? coverageStart : null,
            CoverageEnd = FhirDates.TryParseDate(coverage?.Period?.End, out var coverageEnd) ? coverageEnd : null,
            BillingProviderNpi = Npi(claim.Provider, references),
            RenderingProviderNpi = Npi(rendering, references),
            ServiceFrom = from,
            ServiceTo = to,
            PlaceOfService = claim.Item.Select(i => FirstCode(i.Location as M.CodeableConcept, null)).FirstOrDefault(c => c is not null),
            TotalCharge = claim.Total?.Value,
            Diagnoses = diagnoses.Select(d => DiagnosisCode(d, references)).OfType<string>().ToArray(),
            Lines = lines,
        };
    }

    /// <summary>The focal insurance's Coverage (else the first by sequence): in the bundle or contained in the Claim.</summary>
    private static M.Coverage? CoverageOf(M.Claim claim, BundleReferences references)
    {
        var insurance = claim.Insurance.FirstOrDefault(i => i.Focal == true) ?? claim.Insurance.OrderBy(i => i.Sequence ?? int.MaxValue).FirstOrDefault();
        var reference = insurance?.Coverage?.Reference;
        if (string.IsNullOrEmpty(reference)) return null;
        return reference.StartsWith('#')
            ? claim.Contained.OfType<M.Coverage>().FirstOrDefault(c => "#" + c.Id == reference)
            : references.Find(insurance!.Coverage)?.Resource as M.Coverage;
    }

    /// <summary>The payer's electronic id: the payor Organization's identifier, else a logical payor identifier. A name alone is no payer id.</summary>
    private static string? PayerId(M.Coverage? coverage, M.Organization? payer) =>
        payer?.Identifier.Select(i => i.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
        ?? coverage?.Payor.FirstOrDefault()?.Identifier?.Value;

    /// <summary>The raw us-npi identifier of the referenced Organization, Practitioner or PractitionerRole, or of a logical reference.</summary>
    private static string? Npi(M.ResourceReference? reference, BundleReferences references)
    {
        if (reference is null) return null;
        var identifiers = references.Find(reference)?.Resource switch
        {
            M.Organization o => o.Identifier,
            M.Practitioner p => p.Identifier,
            M.PractitionerRole r => r.Identifier.Concat(references.Find(r.Practitioner)?.Resource is M.Practitioner rp ? rp.Identifier : []).ToList(),
            _ => reference.Identifier is { } logical ? [logical] : [],
        };
        return identifiers.Where(i => i.System == BundleMapper.NpiSystem).Select(i => i.Value).FirstOrDefault(v => v is not null);
    }

    private static string? DiagnosisCode(M.Claim.DiagnosisComponent diagnosis, BundleReferences references) => diagnosis.Diagnosis switch
    {
        M.CodeableConcept concept => FirstCode(concept, BundleMapper.Icd10CmSystem),
        M.ResourceReference reference => FirstCode((references.Find(reference)?.Resource as M.Condition)?.Code, BundleMapper.Icd10CmSystem),
        _ => null,
    };

    private static string? ProcedureCode(M.CodeableConcept? concept) =>
        concept?.Coding.FirstOrDefault(c => c.Code is not null && (c.System == BundleMapper.CptSystem || (c.System is not null && BundleMapper.HcpcsSystems.Contains(c.System))))?.Code
        ?? FirstCode(concept, null);

    /// <summary>The code of the coding in <paramref name="system"/>, else of the first coding with a code (so a wrong-system code is still scrubbed).</summary>
    private static string? FirstCode(M.CodeableConcept? concept, string? system) =>
        concept is null ? null
        : (system is null ? null : concept.Coding.FirstOrDefault(c => c.System == system && c.Code is not null)?.Code)
          ?? concept.Coding.Select(c => c.Code).FirstOrDefault(c => c is not null);

    private static decimal Charge(M.Claim.ItemComponent item) =>
        item.Net?.Value ?? (item.UnitPrice?.Value is { } price ? price * (item.Quantity?.Value ?? 1m) * (item.Factor ?? 1m) : 0m);
}
