namespace Claims.Operations.Teams;

/// <summary>A clinic a person serves, by id and name, with the skill they bring to it.</summary>
public sealed record TeamRowClinic(Guid ClinicId, string Clinic, string? Skill);
