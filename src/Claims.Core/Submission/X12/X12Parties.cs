namespace Claims.Submission;

/// <summary>A postal address (N3/N4). <see cref="PostalCode"/> is digits only: five or nine (nine for 2010AA).</summary>
public sealed record X12Address(string Line1, string? Line2, string City, string State, string PostalCode);

/// <summary>Loop 1000A: the submitter (us) and the contact the receiver calls about the file (PER*IC).</summary>
public sealed record X12Submitter(string Name, string Id, string ContactName, string? Phone, string? Email);

/// <summary>Loop 1000B: the receiver (clearinghouse or payer) and its id for us.</summary>
public sealed record X12Receiver(string Name, string Id);

/// <summary>
/// Loop 2000A/2010AA: the billing provider, an organization. <see cref="TaxId"/> is the nine-digit EIN (REF*EI);
/// the address must be a street address with a nine-digit ZIP (TR3 2010AA N3/N4 notes: no post office box).
/// </summary>
public sealed record X12BillingProvider(string Npi, string TaxId, string OrganizationName, X12Address Address, string? Taxonomy = null);

/// <summary>
/// Loop 2000B/2010BA: the subscriber and the coverage. <see cref="PayerResponsibility"/> is SBR01 (P/S/T);
/// <see cref="ClaimFilingIndicator"/> is SBR09 (MB Medicare B, MC Medicaid, CI commercial, BL Blue Cross, HM HMO ...).
/// Address, birth date and sex are required when the subscriber is the patient (2010BA N3/N4/DMG).
/// </summary>
public sealed record X12Subscriber(
    string MemberId,
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    string? Sex,
    X12Address? Address,
    string PayerResponsibility,
    string? GroupNumber,
    string ClaimFilingIndicator);

/// <summary>
/// Loop 2000C/2010CA: the patient when it is not the subscriber. <see cref="RelationshipCode"/> is PAT01
/// (01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner, G8 other).
/// </summary>
public sealed record X12Patient(string RelationshipCode, string LastName, string FirstName, DateOnly BirthDate, string Sex, X12Address Address);

/// <summary>Loop 2010BB: the payer and its electronic payer id (NM1*PR ... PI).</summary>
public sealed record X12Payer(string Name, string PayerId, X12Address? Address = null);

/// <summary>Loop 2310B: the rendering provider, a person, when it differs from the billing provider.</summary>
public sealed record X12RenderingProvider(string Npi, string LastName, string FirstName, string? Taxonomy = null);
