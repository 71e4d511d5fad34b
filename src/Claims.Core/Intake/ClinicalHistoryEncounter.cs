using System.Text.Json;

namespace Claims.Intake;

/// <summary>
/// An encounter before the clinic's bill-from date: kept as clinical history the coder reads beside the patient's
/// claims (earlier diagnoses, procedures, whether the patient is new or established), never billed. Coded facts with
/// code-system display text only, like <see cref="ClaimClinicalItem"/> (no free text, no PHI beyond the date).
/// </summary>
public sealed class ClinicalHistoryEncounter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ClinicalHistoryEncounter() { } // EF Core

    internal ClinicalHistoryEncounter(Guid clinicId, Guid patientId, string sourceKeyHash, MappedEncounter encounter)
    {
        Id = Guid.CreateVersion7();
        ClinicId = clinicId;
        PatientId = patientId;
        SourceKeyHash = sourceKeyHash;
        ServiceFrom = encounter.ServiceFrom;
        ServiceTo = encounter.ServiceTo;
        PlaceOfService = encounter.PlaceOfService.Code;
        ItemsJson = JsonSerializer.Serialize(
            encounter.Context.Select(e => new HistoryItem(e.Kind, e.System, e.Code, e.Display))
                .Concat(encounter.Diagnoses.Select(d => new HistoryItem(ClinicalKind.Condition, "http://hl7.org/fhir/sid/icd-10-cm", d.Display, null)))
                .DistinctBy(i => (i.Kind, i.System, i.Code)).Take(200).ToList(), Json);
    }

    public Guid Id { get; private set; }

    public Guid ClinicId { get; private set; }

    public Guid PatientId { get; private set; }

    /// <summary>The encounter's source key (as <see cref="IntakeSourceKey"/> hashes it), so a bundle sent again adds no copy.</summary>
    public string SourceKeyHash { get; private set; } = "";

    public DateOnly ServiceFrom { get; private set; }

    public DateOnly ServiceTo { get; private set; }

    /// <summary>CMS place-of-service code (11 office, 23 emergency ...).</summary>
    public string PlaceOfService { get; private set; } = "";

    /// <summary>The coded facts as JSON (kind, system, code, display).</summary>
    public string ItemsJson { get; private set; } = "[]";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The coded facts: encounter types, conditions, procedures, claim items (without charges).</summary>
    public IReadOnlyList<HistoryItem> Items() => JsonSerializer.Deserialize<List<HistoryItem>>(ItemsJson, Json) ?? [];
}
