
namespace Claims.Filing;

/// <summary>
/// A claim waiting in the billers' "Past the filing limit" list: the patient by pseudonym only, the payer, the date of
/// service, the deadline it missed and by how many days (as of when the list was read).
/// </summary>
public sealed record PastFilingLimitRow(Guid Id, string ControlNumber, string Clinic, string Patient, string Payer, int TimelyFilingDays, DateOnly ServiceFrom, DateOnly FilingDeadline, int DaysPast, int Lines, long TotalCents);
