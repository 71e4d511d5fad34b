using Claims.Domain;
using Claims.Security;

namespace Claims.Intake;

/// <summary>
/// A patient: the bundle's own id for it (only ever stored hashed), administrative sex and birth year in
/// plaintext, and its identifying data (<see cref="Phi"/>), which intake stores only encrypted.
/// </summary>
public sealed record MappedPatient(string SourceId, AdministrativeSex Sex, int BirthYear)
{
    /// <summary>Names, birth date, address, telecom, identifiers: PHI, encrypted before it is stored.</summary>
    public PatientDemographics? Phi { get; init; }
}
