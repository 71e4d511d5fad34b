namespace Claims.Submission;

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
