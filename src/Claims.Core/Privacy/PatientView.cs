using Claims.Domain;

namespace Claims.Privacy;

/// <summary>One patient's identifying data, decrypted; <see cref="Erased"/> after a GDPR erasure (then nothing is readable).</summary>
public sealed record PatientView(Guid Id, string Pseudonym, Guid ClinicId, AdministrativeSex Sex, int BirthYear, bool Erased,
    string? FamilyName, string? GivenNames, string? BirthDate, string? Address, string? Telecom, string? Mrn, IReadOnlyList<string> MemberIds);
