namespace Claims.Statements;

/// <summary>The part of a patient payment applied to one claim, the patient balance left on it, and whether it closed.</summary>
public sealed record PatientPaymentApplied(Guid ClaimId, string ControlNumber, long AmountCents, long PatientBalanceAfterCents, bool Closed);
