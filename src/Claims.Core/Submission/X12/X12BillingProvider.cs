namespace Claims.Submission;

/// <summary>
/// Loop 2000A/2010AA: the billing provider, an organization. <see cref="TaxId"/> is the nine-digit EIN (REF*EI);
/// the address must be a street address with a nine-digit ZIP (TR3 2010AA N3/N4 notes: no post office box).
/// </summary>
public sealed record X12BillingProvider(string Npi, string TaxId, string OrganizationName, X12Address Address, string? Taxonomy = null);
