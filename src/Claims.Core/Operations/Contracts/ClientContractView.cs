namespace Claims.Operations.Contracts;

/// <summary>A clinic's contract for the contracts page: stored, or the defaults (<see cref="IsDefault"/>) until an admin sets one.</summary>
public sealed record ClientContractView(Guid ClinicId, string Clinic, ClientContract Contract, bool IsDefault);
