using Claims.Domain;

namespace Claims.Intake;

/// <summary>A CPT/HCPCS service line from a FHIR Claim item.</summary>
public sealed record MappedLine(ProcedureCode Code, IReadOnlyList<Modifier> Modifiers, int Units, Money Charge, IReadOnlyList<int> DiagnosisPointers, DateOnly? ServiceDate);
