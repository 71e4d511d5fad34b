namespace Claims.Operations.Teams;

/// <summary>One person on the teams page: their lead (if any) and the clinics they serve, with skills.</summary>
public sealed record TeamRow(string PersonId, string? LeadId, IReadOnlyList<TeamRowClinic> Clinics);
