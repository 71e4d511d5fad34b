using Claims.Domain;

namespace Claims.Intake;

/// <summary>A CPT/HCPCS service line from a FHIR Claim item.</summary>
public sealed record MappedLine(ProcedureCode Code, IReadOnlyList<Modifier> Modifiers, int Units, Money Charge, IReadOnlyList<int> DiagnosisPointers, DateOnly? ServiceDate)
{
    /// <summary>Whether the item stated its charge (net, or unit price); a line without one takes the clinic's fee.</summary>
    public bool Priced { get; init; } = true;
}
