using Claims.Domain;

namespace Claims.Intake;

/// <summary>
/// A coded fact a coder reads next to the claim: a condition, a procedure, an encounter type or a FHIR Claim
/// item, with its code system, code and the code system's display text (never the free-text <c>text</c>,
/// which may carry PHI), and for claim items the charge.
/// </summary>
public sealed record ClinicalEntry(ClinicalKind Kind, string? System, string Code, string? Display, Money? Charge);
