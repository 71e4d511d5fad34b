using Claims.Domain;
using Claims.Remittance;

namespace Claims.Statements;

/// <summary>A claim that is neither closed nor voided, with its balances summed from the ledger.</summary>
public sealed record OpenPatientClaim(Guid ClaimId, string ControlNumber, Guid ClinicId, Guid PatientId, DateOnly ServiceFrom, ClaimState State, DateTimeOffset CreatedAt, ClaimBalance Balance);
