using System.Text.Json;
using Claims.Audit;
using Claims.Persistence;
using Claims.Submission;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using DomainPatient = Claims.Domain.Patient;
using FhirCoverage = Hl7.Fhir.Model.Coverage;
using FhirPatient = Hl7.Fhir.Model.Patient;

namespace Claims.Privacy;

/// <summary>
/// GDPR Art. 15/20: everything held about one data subject as a FHIR R4 Bundle (Patient, Coverage, Claim), with a
/// manifest of purposes, recipients and retention beside it. An erased patient exports without PHI (its key is gone).
/// </summary>
public static class GdprExporter
{
    private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions { WriteIndented = true }.ForFhir(ModelInfo.ModelInspector);
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private const string PseudonymSystem = "https://claims.local/fhir/sid/patient-pseudonym";

    public static async Task<GdprManifest> ExportAsync(ClaimsDbContext db, DomainPatient patient, string path, string actorId, string actorRole, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(time);
        var phi = await db.Phi.RevealAsync(patient, cancellationToken);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = time.GetUtcNow() };

        var fhirPatient = new FhirPatient
        {
            Id = patient.Id.ToString(),
            Identifier = [new Identifier(PseudonymSystem, patient.Pseudonym)],
            Gender = patient.Sex switch
            {
                Domain.AdministrativeSex.Female => AdministrativeGender.Female,
                Domain.AdministrativeSex.Male => AdministrativeGender.Male,
                _ => AdministrativeGender.Unknown,
            },
            BirthDate = phi?.BirthDate ?? patient.BirthYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (phi is not null)
        {
            if (phi.FamilyName is not null || phi.GivenNames is not null)
            {
                fhirPatient.Name = [new HumanName { Family = phi.FamilyName, Given = phi.GivenNames?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [] }];
            }
            if (phi.Address is not null) fhirPatient.Address = [new Address { Text = phi.Address }];
            if (phi.Telecom is not null) fhirPatient.Telecom = [.. phi.Telecom.Split("; ").Select(t => new ContactPoint { Value = t })];
            if (phi.Mrn is not null) fhirPatient.Identifier.Add(new Identifier { Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR"), Value = phi.Mrn });
            foreach (var other in phi.OtherIdentifiers?.Split('\n') ?? [])
            {
                var bar = other.IndexOf('|', StringComparison.Ordinal);
                fhirPatient.Identifier.Add(bar < 0 ? new Identifier { Value = other } : new Identifier(other[..bar], other[(bar + 1)..]));
            }
        }
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{patient.Id}", Resource = fhirPatient });

        var payers = await db.Payers.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        var coverages = await db.Coverages.AsNoTracking().Where(c => c.PatientId == patient.Id).OrderBy(c => c.Order).ToListAsync(cancellationToken);
        foreach (var coverage in coverages)
        {
            var payer = payers.GetValueOrDefault(coverage.PayerId);
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"urn:uuid:{coverage.Id}",
                Resource = new FhirCoverage
                {
                    Id = coverage.Id.ToString(),
                    Status = FinancialResourceStatusCodes.Active,
                    SubscriberId = await db.Phi.RevealMemberIdAsync(coverage, cancellationToken),
                    Beneficiary = new ResourceReference($"urn:uuid:{patient.Id}"),
                    Payor = [new ResourceReference { Display = payer?.Name, Identifier = payer is null ? null : new Identifier("https://claims.local/fhir/sid/payer-id", payer.PayerId) }],
                    Period = new Period { Start = coverage.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), End = coverage.End?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
                    Order = coverage.Order,
                },
            });
        }

        var clinics = await db.Clinics.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var claims = await db.Claims.AsNoTracking().Where(c => c.PatientId == patient.Id).OrderBy(c => c.ServiceFrom).ToListAsync(cancellationToken);
        foreach (var claim in claims)
        {
            var payer = claim.PayerId is { } id ? payers.GetValueOrDefault(id) : null;
            var fhir = FhirClaimWriter.ToFhir(claim, new FhirClaimContext(patient.Pseudonym, clinics.GetValueOrDefault(claim.ClinicId, ""), payer?.Name, payer?.PayerId));
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:uuid:{claim.Id}", Resource = fhir });
        }

        // Coders' queries and the clinic's answers are free text about the patient: theirs to see (Art. 15). Once the
        // patient is erased the words are unreadable, and the export has none.
        var queries = await db.ClinicQuestions.AsNoTracking().Where(q => db.Claims.Any(c => c.Id == q.ClaimId && c.PatientId == patient.Id))
            .OrderBy(q => q.AskedAt).ThenBy(q => q.Id).ToListAsync(cancellationToken);
        var exportedQueries = 0;
        foreach (var query in queries)
        {
            if (await db.Phi.RevealAsync(query, patient.Id, cancellationToken) is not { } text) continue;
            exportedQueries++;
            bundle.Entry.Add(QueryEntry(query, $"{query.Id}", text.Question, query.AskedBy, query.AskedAt, patient.Id, null));
            if (text.Answer is { } answer)
            {
                bundle.Entry.Add(QueryEntry(query, $"{query.Id}-answer", answer, query.AnsweredBy ?? "", query.AnsweredAt ?? query.AskedAt, patient.Id, $"urn:uuid:{query.Id}"));
            }
        }

        var manifest = new GdprManifest(
            patient.Pseudonym,
            time.GetUtcNow(),
            phi is null,
            coverages.Count,
            claims.Count,
            [
                "Billing the patient's health insurance for care the clinic gave (GDPR Art. 6(1)(b), 9(2)(h); HIPAA payment)",
                "Keeping an audit trail of who accessed the record (GDPR Art. 32; HIPAA 164.312(b))",
            ],
            ["The clinic that treated the patient (controller)", "The patient's health insurers named in the Coverage entries, through the clearinghouse"],
            "Claims and their pseudonymous rows: 7 years after the last service date (payer audits, tax law). Identifying data: until erasure or the end of that period. Audit trail: 6 years (HIPAA 164.316(b)(2)).",
            "Claims processor (BPO) database; identifying fields decrypted for this export only");

        // The export is on the record before the data leaves (HIPAA 164.312(b)).
        db.Audit(new AuditRecord(actorId, actorRole, AuditAction.GdprExport, "Patient", patient.Id.ToString(), patient.Pseudonym, PurposeOfUse: "HCOMPL",
            Details: $"coverages={coverages.Count} claims={claims.Count} queries={exportedQueries} erased={(phi is null ? "yes" : "no")}"));
        await db.SaveChangesAsync(cancellationToken);
        // The bundle first, then the manifest: a manifest never describes a file that is not there.
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(bundle, FhirJson), cancellationToken);
        await File.WriteAllTextAsync(GdprManifest.ManifestPath(path), JsonSerializer.Serialize(manifest, ManifestJson), cancellationToken);
        return manifest;
    }

    /// <summary>A query's question, or its answer (in response to the question), as a FHIR Communication about the claim.</summary>
    private static Bundle.EntryComponent QueryEntry(Domain.ClinicQuestion query, string id, string text, string sender, DateTimeOffset sent, Guid patientId, string? inResponseTo) => new()
    {
        FullUrl = inResponseTo is null ? $"urn:uuid:{query.Id}" : null,
        Resource = new Communication
        {
            Id = id,
            Status = EventStatus.Completed,
            Subject = new ResourceReference($"urn:uuid:{patientId}"),
            About = [new ResourceReference($"urn:uuid:{query.ClaimId}")],
            InResponseTo = inResponseTo is null ? [] : [new ResourceReference(inResponseTo)],
            Sender = new ResourceReference { Display = sender },
            Sent = new FhirDateTime(sent).Value,
            Payload = [new Communication.PayloadComponent { Content = new FhirString(text) }],
        },
    };
}
