using Claims.Domain;

namespace Claims.Statements;

/// <summary>What billing the patient (or closing a patient-billed claim) did: the claim as it is now, the state it left, the amount moved and why.</summary>
public sealed record PatientBillingResult(Claim Claim, ClaimState From, long AmountCents, string Reason, string Message);
