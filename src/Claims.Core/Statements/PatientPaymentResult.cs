namespace Claims.Statements;

/// <summary>What recording a patient payment did, claim by claim, and what the patient still owes in that scope.</summary>
public sealed record PatientPaymentResult(Guid PatientId, string Pseudonym, long AmountCents, IReadOnlyList<PatientPaymentApplied> Applied, long PatientBalanceAfterCents);
