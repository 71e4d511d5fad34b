using Claims.Domain;

namespace Claims.Coding;

/// <summary>
/// What an E/M suggestion is decided from: where the encounter happened, what kind it was, the patient's age at the
/// date of service, whether the patient is new at the clinic, and how much the encounter documents.
/// </summary>
/// <param name="PlaceOfService">From the encounter's class (AMB 11, EMER 23, IMP 21).</param>
/// <param name="Types">The encounter's SNOMED CT types (code, display).</param>
/// <param name="AgeYears">Whole years at the date of service.</param>
/// <param name="AgeExact">False when only the birth year was known: the age may be one year too high.</param>
/// <param name="NewPatient">No visit at the clinic in the three years before the date of service.</param>
/// <param name="Conditions">Distinct conditions (problems) the encounter addresses.</param>
/// <param name="Procedures">Distinct procedures and tests the encounter documents (vaccines not counted).</param>
public sealed record EncounterFacts(
    PlaceOfService PlaceOfService,
    IReadOnlyList<(string Code, string? Display)> Types,
    int AgeYears,
    bool AgeExact,
    bool NewPatient,
    int Conditions,
    int Procedures)
{
    /// <summary>The clinical item the E/M suggestion belongs to (the encounter's type item, e.g. <c>EncounterType/1</c>), if any.</summary>
    public string? TypeResource { get; init; }
}
