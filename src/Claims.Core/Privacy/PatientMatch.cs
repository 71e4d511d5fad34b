using Claims.Domain;

namespace Claims.Privacy;

/// <summary>A patient found by a search: ids and what is not identifying on its own.</summary>
public sealed record PatientMatch(Guid Id, string Pseudonym, Guid ClinicId, AdministrativeSex Sex, int BirthYear);
