using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Claims.Domain;

namespace Claims.Intake;

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
