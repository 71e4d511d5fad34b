using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirCoding = Hl7.Fhir.Model.Coding;
using FhirBundle = Hl7.Fhir.Model.Bundle;

namespace Claims.Audit;

/// <summary>
/// Streams a FHIR R4 Bundle (type collection) of AuditEvent, shaped after IHE BALP: RESTful events typed
/// rest/create|read|update|delete, logins typed DICOM 110114, exports DICOM 110106; an entity with role Patient
/// (by pseudonym) on patient reads and writes. Each event also carries the chain entry it came from, so an
/// export can be verified offline.
/// </summary>
internal sealed class FhirAuditWriter(TextWriter writer)
{
    public const string ChainExtension = "https://claims.local/fhir/StructureDefinition/audit-chain-entry";
    public const string PseudonymSystem = "https://claims.local/fhir/sid/patient-pseudonym";
    public const string ActorSystem = "https://claims.local/fhir/sid/actor";

    private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
    private bool _first = true;

    public async System.Threading.Tasks.Task StartAsync(DateTimeOffset now)
    {
        var head = JsonSerializer.Serialize(new FhirBundle { Type = FhirBundle.BundleType.Collection, Timestamp = now }, FhirJson);
        // Open the bundle's object and add an "entry" array that we stream into.
        await writer.WriteAsync(head[..^1] + ",\"entry\":[");
    }

    public async System.Threading.Tasks.Task WriteAsync(AuditEntry e)
    {
        var entry = new FhirBundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = ToAuditEvent(e) };
        await writer.WriteAsync((_first ? "" : ",") + "\n" + JsonSerializer.Serialize(entry, FhirJson));
        _first = false;
    }

    public async System.Threading.Tasks.Task EndAsync() => await writer.WriteAsync("\n]}\n");

    public static AuditEvent ToAuditEvent(AuditEntry e)
    {
        var (type, subtype, action) = Classify(e.Action);
        var audit = new AuditEvent
        {
            Id = $"audit-{e.Sequence}",
            Type = type,
            Subtype = subtype is null ? [] : [subtype],
            Action = action,
            Recorded = e.Time,
            Outcome = e.Outcome == AuditOutcome.Success ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4,
            PurposeOfEvent = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActReason", e.PurposeOfUse)],
            Agent =
            [
                new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user"),
                    Role = [new CodeableConcept("https://claims.local/fhir/CodeSystem/role", e.ActorRole)],
                    Who = new ResourceReference { Identifier = new Identifier(ActorSystem, e.ActorId) },
                    Requestor = true,
                    Network = e.SourceAddress is null ? null : new AuditEvent.NetworkComponent { Address = e.SourceAddress, Type = AuditEvent.AuditEventAgentNetworkType.N2 },
                },
            ],
            Source = new AuditEvent.SourceComponent
            {
                Observer = new ResourceReference { Display = "Claims" },
                Type = [new FhirCoding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")],
            },
        };
        if (e.EntityId is not null || e.EntityType.Length > 0)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference { Identifier = new Identifier($"https://claims.local/fhir/sid/{e.EntityType.ToLowerInvariant()}", e.EntityId ?? "-"), Display = e.EntityType },
                Type = new FhirCoding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"),
                Description = e.Details,
            });
        }
        if (e.PatientPseudonym is not null)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference { Identifier = new Identifier(PseudonymSystem, e.PatientPseudonym) },
                Type = new FhirCoding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
                Role = new FhirCoding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"),
            });
        }
        audit.Extension.Add(new Extension(ChainExtension, new FhirString(JsonSerializer.Serialize(e, AuditJson.Options))));
        return audit;
    }

    private static (FhirCoding Type, FhirCoding? Subtype, AuditEvent.AuditEventAction Action) Classify(AuditAction action)
    {
        const string rest = "http://terminology.hl7.org/CodeSystem/audit-event-type";
        const string interaction = "http://hl7.org/fhir/restful-interaction";
        const string dcm = "http://dicom.nema.org/resources/ontology/DCM";
        var restType = new FhirCoding(rest, "rest", "Restful Operation");
        return action switch
        {
            AuditAction.Create or AuditAction.Upload => (restType, new FhirCoding(interaction, "create"), AuditEvent.AuditEventAction.C),
            AuditAction.Read => (restType, new FhirCoding(interaction, "read"), AuditEvent.AuditEventAction.R),
            AuditAction.Update or AuditAction.Transition => (restType, new FhirCoding(interaction, "update"), AuditEvent.AuditEventAction.U),
            AuditAction.Delete or AuditAction.GdprErase => (restType, new FhirCoding(interaction, "delete"), AuditEvent.AuditEventAction.D),
            AuditAction.Export or AuditAction.GdprExport => (new FhirCoding(dcm, "110106", "Export"), null, AuditEvent.AuditEventAction.E),
            AuditAction.Login or AuditAction.LoginFailed => (new FhirCoding(dcm, "110114", "User Authentication"), new FhirCoding(dcm, "110122", "Login"), AuditEvent.AuditEventAction.E),
            AuditAction.Logout => (new FhirCoding(dcm, "110114", "User Authentication"), new FhirCoding(dcm, "110123", "Logout"), AuditEvent.AuditEventAction.E),
            _ => (new FhirCoding(dcm, "110113", "Security Alert"), null, AuditEvent.AuditEventAction.E),
        };
    }
}
