namespace Claims.Security;

/// <summary>A patient's identifying data in plaintext: only ever held in memory, stored encrypted.</summary>
public sealed record PatientDemographics(
    string? FamilyName,
    string? GivenNames,
    string? BirthDate,
    string? Address,
    string? Telecom,
    string? Mrn,
    string? OtherIdentifiers);
