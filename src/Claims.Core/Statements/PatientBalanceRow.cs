namespace Claims.Statements;

/// <summary>One patient of a clinic who owes something: by id and pseudonym only (names are asked for separately, audited).</summary>
public sealed record PatientBalanceRow(Guid PatientId, string Pseudonym, int Claims, long PatientBalanceCents, DateOnly OldestServiceDate, long InsurancePaidCents);
