namespace Claims.Submission;

/// <summary>
/// One claim adjustment as a payer reported it (835 CAS) and as an 837P repeats it to the next payer (2320 or 2430 CAS):
/// group (CO, PR, OA, PI), CARC, amount in cents, and the units adjusted when the payer gave them.
/// </summary>
public sealed record X12Adjustment(string Group, string Reason, long AmountCents, decimal? Quantity = null);
