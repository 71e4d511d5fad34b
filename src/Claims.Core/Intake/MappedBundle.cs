
namespace Claims.Intake;

/// <summary>What intake takes from a bundle, in our own types (no Firely type leaves Intake/).</summary>
public sealed record MappedBundle(
    string? Identifier,
    IReadOnlyList<MappedPatient> Patients,
    IReadOnlyList<MappedEncounter> Encounters,
    int ResourceCount);
