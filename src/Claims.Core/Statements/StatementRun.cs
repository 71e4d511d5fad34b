namespace Claims.Statements;

/// <summary>The statements of a clinic run, and how many patients with a balance could not get one (their data was erased).</summary>
public sealed record StatementRun(Guid ClinicId, string ClinicName, IReadOnlyList<StatementDocument> Statements, int Erased);
