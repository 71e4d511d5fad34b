using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Claims.Domain;
using Claims.Security;

namespace Claims.Intake;

/// <summary>What intake takes from a bundle, in our own types (no Firely type leaves Intake/).</summary>
public sealed record MappedBundle(
    string? Identifier,
    IReadOnlyList<MappedPatient> Patients,
    IReadOnlyList<MappedEncounter> Encounters,
    int ResourceCount);

/// <summary>
/// A patient: the bundle's own id for it (only ever stored hashed), administrative sex and birth year in
/// plaintext, and its identifying data (<see cref="Phi"/>), which intake stores only encrypted.
/// </summary>
public sealed record MappedPatient(string SourceId, AdministrativeSex Sex, int BirthYear)
{
    /// <summary>Names, birth date, address, telecom, identifiers: PHI, encrypted before it is stored.</summary>
    public PatientDemographics? Phi { get; init; }
}

/// <summary>A payer named by a bundle: its electronic id when the bundle gives one, else one derived from its name.</summary>
public sealed record MappedPayer(string PayerId, string Name);

/// <summary>A rendering practitioner with a valid NPI (a professional's name is not patient PHI).</summary>
public sealed record MappedProvider(Npi Npi, string Name);

/// <summary>A CPT/HCPCS service line from a FHIR Claim item.</summary>
public sealed record MappedLine(ProcedureCode Code, IReadOnlyList<Modifier> Modifiers, int Units, Money Charge, IReadOnlyList<int> DiagnosisPointers, DateOnly? ServiceDate);

/// <summary>What a piece of clinical context is.</summary>
public enum ClinicalKind
{
    EncounterType,
    Condition,
    Procedure,
    ClaimItem,
}

/// <summary>
/// A coded fact a coder reads next to the claim: a condition, a procedure, an encounter type or a FHIR Claim
/// item, with its code system, code and the code system's display text (never the free-text <c>text</c>,
/// which may carry PHI), and for claim items the charge.
/// </summary>
public sealed record ClinicalEntry(ClinicalKind Kind, string? System, string Code, string? Display, Money? Charge);

/// <summary>One billable encounter, ready to become (or update) a claim.</summary>
public sealed record MappedEncounter(
    string SourceId,
    string PatientSourceId,
    string Expression,
    DateOnly ServiceFrom,
    DateOnly ServiceTo,
    PlaceOfService PlaceOfService,
    MappedPayer? Payer,
    SubscriberRelationship Relationship,
    MappedProvider? Rendering,
    IReadOnlyList<Icd10Code> Diagnoses,
    IReadOnlyList<MappedLine> Lines,
    IReadOnlyList<ClinicalEntry> Context)
{
    /// <summary>The member (subscriber) id of the coverage that pays, when the bundle gives one: PHI, stored encrypted.</summary>
    public string? MemberId { get; init; }

    /// <summary>
    /// A SHA-256 over everything that becomes part of the claim, to tell a changed encounter from a repeated one.
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"{ServiceFrom:yyyy-MM-dd}|{ServiceTo:yyyy-MM-dd}|{PlaceOfService.Code}|{Payer?.PayerId}|{Payer?.Name}|{Relationship}|{Rendering?.Npi.Value}\n");
        foreach (var d in Diagnoses) text.Append(c, $"D|{d.Value}\n");
        foreach (var l in Lines)
        {
            text.Append(c, $"L|{l.Code.Value}|{string.Join(',', l.Modifiers.Select(m => m.Value))}|{l.Units}|{l.Charge.Cents}|{string.Join(',', l.DiagnosisPointers)}|{l.ServiceDate:yyyy-MM-dd}\n");
        }
        foreach (var e in Context) text.Append(c, $"C|{e.Kind}|{e.System}|{e.Code}|{e.Display}|{e.Charge?.Cents}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
