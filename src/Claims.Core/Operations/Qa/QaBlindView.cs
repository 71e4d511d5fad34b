using Claims.Intake;

namespace Claims.Operations.Qa;

/// <summary>
/// What a QA reviewer sees to re-code a claim: the encounter as the clinic sent it (clinical items, dates, place of
/// service) and never the coder's codes, so the review is independent.
/// </summary>
public sealed record QaBlindView(Guid SampleId, Guid ClaimId, string ControlNumber, string Clinic, string Patient, DateOnly ServiceFrom, DateOnly ServiceTo, string PlaceOfService, IReadOnlyList<ClinicalEntry> Encounter, bool IsReviewed);
