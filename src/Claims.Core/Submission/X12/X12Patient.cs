namespace Claims.Submission;

/// <summary>
/// Loop 2000C/2010CA: the patient when it is not the subscriber. <see cref="RelationshipCode"/> is PAT01
/// (01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner, G8 other).
/// </summary>
public sealed record X12Patient(string RelationshipCode, string LastName, string FirstName, DateOnly BirthDate, string Sex, X12Address Address);
