namespace Claims.Statements;

/// <summary>
/// A patient's payment to record: for one claim (<see cref="ClaimId"/>) or for the patient's open claims, oldest first
/// (<see cref="PatientId"/>). The reference is the receipt, check or card authorisation number (never a card number).
/// </summary>
public sealed record PatientPaymentRequest(long AmountCents, DateOnly PaidOn, PatientPaymentMethod Method, string? Reference, Guid? ClaimId = null, Guid? PatientId = null);
