namespace Claims.Operations.Invoices;

/// <summary>
/// One invoice line: the claim it is for (our control number), what the fee is charged on (collected cents for a
/// percentage fee; one claim for a per-claim fee) and the fee in cents.
/// </summary>
public sealed record InvoiceLine(string ClaimControlNumber, string Description, long BaseCents, long FeeCents);
