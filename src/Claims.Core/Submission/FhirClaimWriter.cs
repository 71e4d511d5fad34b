using System.Text.Json;
using Claims.Domain;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirClaim = Hl7.Fhir.Model.Claim;
using FhirMoney = Hl7.Fhir.Model.Money;

namespace Claims.Submission;

/// <summary>What the FHIR Claim needs beside the aggregate: names the aggregate holds only by id.</summary>
public sealed record FhirClaimContext(string PatientPseudonym, string ClinicName, string? PayerName, string? PayerId);

/// <summary>
/// Writes our claim as a FHIR R4 Claim (use=claim, type=professional) with ICD-10-CM diagnoses and CPT/HCPCS items.
/// The patient appears by pseudonym only; identifying data stays out of the API response until it is asked for
/// through an audited, purpose-bound export.
/// </summary>
public static class FhirClaimWriter
{
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Cpt = "http://www.ama-assn.org/go/cpt";
    public const string Hcpcs = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    public const string Npi = "http://hl7.org/fhir/sid/us-npi";
    public const string ControlNumberSystem = "https://claims.local/fhir/sid/claim-control-number";

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static FhirClaim ToFhir(Domain.Claim claim, FhirClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        var fhir = new FhirClaim
        {
            Id = claim.Id.ToString(),
            Meta = new Meta { LastUpdated = claim.UpdatedAt },
            Identifier = [new Identifier(ControlNumberSystem, claim.ControlNumber.Value)],
            Status = claim.State == ClaimState.Voided ? FinancialResourceStatusCodes.Cancelled : FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
            Use = ClaimUseCode.Claim,
            Patient = new ResourceReference { Identifier = new Identifier("https://claims.local/fhir/sid/patient-pseudonym", context.PatientPseudonym) },
            BillablePeriod = new Period(new FhirDateTime(claim.ServiceFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), new FhirDateTime(claim.ServiceTo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))),
            Created = claim.CreatedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Provider = new ResourceReference { Identifier = new Identifier(Npi, claim.BillingProviderNpi.Value), Display = context.ClinicName },
            Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
            Insurance =
            [
                new FhirClaim.InsuranceComponent
                {
                    Sequence = 1,
                    Focal = true,
                    Coverage = new ResourceReference { Display = context.PayerName ?? "self-pay", Identifier = context.PayerId is null ? null : new Identifier("https://claims.local/fhir/sid/payer-id", context.PayerId) },
                },
            ],
            Total = new FhirMoney { Value = claim.TotalCharge.Amount, Currency = FhirMoney.Currencies.USD },
        };
        fhir.Extension.Add(new Extension("https://claims.local/fhir/StructureDefinition/claim-state", new Code(claim.State.ToString())));
        if (claim.RenderingProviderNpi is { } rendering)
        {
            fhir.CareTeam.Add(new FhirClaim.CareTeamComponent
            {
                Sequence = 1,
                Provider = new ResourceReference { Identifier = new Identifier(Npi, rendering.Value) },
                Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "primary"),
            });
        }
        foreach (var d in claim.Diagnoses.OrderBy(d => d.Sequence))
        {
            fhir.Diagnosis.Add(new FhirClaim.DiagnosisComponent { Sequence = d.Sequence, Diagnosis = new CodeableConcept(Icd10Cm, d.Code.Display) });
        }
        foreach (var l in claim.Lines.OrderBy(l => l.LineNumber))
        {
            fhir.Item.Add(new FhirClaim.ItemComponent
            {
                Sequence = l.LineNumber,
                DiagnosisSequence = [.. l.DiagnosisPointers.Select(p => (int?)p)],
                ProductOrService = new CodeableConcept(l.Code.System == ProcedureCodeSystem.Cpt ? Cpt : Hcpcs, l.Code.Value),
                Modifier = [.. l.Modifiers.Select(m => new CodeableConcept("http://terminology.hl7.org/CodeSystem/modifiers", m.Value))],
                Serviced = new Date(l.ServiceDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                Location = new CodeableConcept("https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set", claim.PlaceOfService.Code),
                Quantity = new Quantity { Value = l.Units },
                Net = new FhirMoney { Value = l.Charge.Amount, Currency = FhirMoney.Currencies.USD },
            });
        }
        return fhir;
    }

    public static string ToJson(Domain.Claim claim, FhirClaimContext context) => JsonSerializer.Serialize(ToFhir(claim, context), Json);
}
