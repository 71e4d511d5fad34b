using Claims.Domain;

namespace Claims.Privacy;

/// <summary>One claim of the clinic's list, with the patient's name decrypted for the clinic (null when erased).</summary>
public sealed record ClinicClaimRow(Guid Id, string ControlNumber, Guid PatientId, string Pseudonym, string? PatientName, DateOnly ServiceFrom, ClaimState State, string Payer, long TotalCents, bool OpenQuery);
