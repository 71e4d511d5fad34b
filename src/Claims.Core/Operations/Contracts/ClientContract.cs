using System.Globalization;
using Claims.Operations.Calendar;

namespace Claims.Operations.Contracts;

/// <summary>
/// The service a client clinic bought: SLA targets (coding turnaround in the client's business hours from receipt;
/// submission within N calendar days of the date of service; rejections fixed within N business hours; denials worked
/// within N calendar days), the client's business calendar, and how the BPO bills it. One per clinic; a clinic
/// without one is served on <see cref="Default"/> terms.
/// </summary>
public sealed class ClientContract
{
    /// <summary>The most holidays a calendar keeps (a few years of a client's closures).</summary>
    public const int MaxHolidays = 60;

    private ClientContract() { } // EF Core

    public ClientContract(Guid clinicId, ContractTerms terms, string changedBy, DateTimeOffset at)
    {
        ClinicId = clinicId;
        Apply(terms, changedBy, at);
    }

    public Guid ClinicId { get; private set; }

    /// <summary>Business hours from receipt until coding is done (the claim passes verification), waiting on the clinic excluded.</summary>
    public int CodingTurnaroundHours { get; private set; }

    /// <summary>Calendar days from the date of service until the claim is submitted.</summary>
    public int SubmissionDays { get; private set; }

    /// <summary>Business hours from a payer's or clearinghouse's rejection until the corrected claim is resubmitted.</summary>
    public int RejectionFixHours { get; private set; }

    /// <summary>Calendar days from a denial until a biller works it (corrects, appeals, closes or voids the claim).</summary>
    public int DenialWorkDays { get; private set; }

    /// <summary>The client's IANA time zone.</summary>
    public string TimeZoneId { get; private set; } = "";

    public TimeOnly Opens { get; private set; }

    public TimeOnly Closes { get; private set; }

    /// <summary>Working days as three-letter names, comma-separated (Mon,Tue,Wed,Thu,Fri).</summary>
    public string WorkDayList { get; private set; } = "";

    /// <summary>Holidays as ISO dates, comma-separated.</summary>
    public string HolidayList { get; private set; } = "";

    public FeeModel FeeModel { get; private set; }

    /// <summary>The share of collections for <see cref="FeeModel.Percentage"/>, in basis points (550 = 5.50%).</summary>
    public int FeePercentBasisPoints { get; private set; }

    /// <summary>The fee per submitted claim for <see cref="FeeModel.PerClaim"/>, in cents.</summary>
    public long FeePerClaimCents { get; private set; }

    public string ChangedBy { get; private set; } = "";

    public DateTimeOffset ChangedAt { get; private set; }

    public IReadOnlyList<DayOfWeek> WorkDays => [.. WorkDayList.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseDay)];

    public IReadOnlyList<DateOnly> Holidays =>
        [.. HolidayList.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))];

    /// <summary>The client's business calendar.</summary>
    public BusinessCalendar Calendar => new(TimeZoneId, Opens, Closes, WorkDays, Holidays);

    public ContractTerms Terms => new(CodingTurnaroundHours, SubmissionDays, RejectionFixHours, DenialWorkDays, TimeZoneId, Opens, Closes, WorkDays, Holidays, FeeModel, FeePercentBasisPoints, FeePerClaimCents);

    /// <summary>
    /// The terms a clinic gets until an admin sets its own: the service levels BPOs commonly sell (coding within 24
    /// business hours, submission within 3 days of the visit, rejections fixed within 24 hours, denials worked within 30
    /// days), US Eastern office hours Monday to Friday 08:00-17:00, and 5% of collections.
    /// </summary>
    public static ContractTerms DefaultTerms { get; } = new(24, 3, 24, 30, "America/New_York", new TimeOnly(8, 0), new TimeOnly(17, 0),
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], [], FeeModel.Percentage, 500, 0);

    /// <summary>An unsaved contract on <see cref="DefaultTerms"/>.</summary>
    public static ClientContract Default(Guid clinicId) => new(clinicId, DefaultTerms, "default", DateTimeOffset.UnixEpoch);

    /// <summary>Replaces the terms after checking them; a bad term is a validation error that names it.</summary>
    public void Apply(ContractTerms terms, string changedBy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Check(terms.CodingTurnaroundHours, 1, 24 * 30, "The coding turnaround is 1 to 720 business hours.");
        Check(terms.SubmissionDays, 1, 365, "Submission is due 1 to 365 days after the date of service.");
        Check(terms.RejectionFixHours, 1, 24 * 30, "Rejections are fixed within 1 to 720 business hours.");
        Check(terms.DenialWorkDays, 1, 365, "Denials are worked within 1 to 365 days.");
        Check(terms.FeePercentBasisPoints, 0, 10_000, "The fee percentage is between 0 and 100%.");
        if (terms.FeePerClaimCents is < 0 or > 100_000_00) throw new DomainValidationException("The fee per claim is between 0.00 and 100,000.00.");
        if (terms.FeeModel == FeeModel.Percentage && terms.FeePercentBasisPoints == 0) throw new DomainValidationException("A percentage contract needs a percentage above zero.");
        if (terms.FeeModel == FeeModel.PerClaim && terms.FeePerClaimCents == 0) throw new DomainValidationException("A per-claim contract needs a fee above zero.");
        if (terms.Holidays.Count > MaxHolidays) throw new DomainValidationException($"A calendar keeps at most {MaxHolidays} holidays.");
        var calendar = new BusinessCalendar(terms.TimeZoneId, terms.Opens, terms.Closes, terms.WorkDays, terms.Holidays); // validates zone, hours, days
        CodingTurnaroundHours = terms.CodingTurnaroundHours;
        SubmissionDays = terms.SubmissionDays;
        RejectionFixHours = terms.RejectionFixHours;
        DenialWorkDays = terms.DenialWorkDays;
        TimeZoneId = calendar.TimeZone.Id;
        Opens = terms.Opens;
        Closes = terms.Closes;
        WorkDayList = string.Join(',', terms.WorkDays.Distinct().Order().Select(d => d.ToString()[..3]));
        HolidayList = string.Join(',', terms.Holidays.Distinct().Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        FeeModel = terms.FeeModel;
        FeePercentBasisPoints = terms.FeePercentBasisPoints;
        FeePerClaimCents = terms.FeePerClaimCents;
        ChangedBy = changedBy;
        ChangedAt = at;
    }

    /// <summary>A day by its English name or first three letters (Mon, monday).</summary>
    public static DayOfWeek ParseDay(string text)
    {
        var t = (text ?? "").Trim();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString();
            if (t.Equals(name, StringComparison.OrdinalIgnoreCase) || (t.Length == 3 && name.StartsWith(t, StringComparison.OrdinalIgnoreCase))) return day;
        }
        throw new DomainValidationException($"Unknown day '{t}' (use Mon, Tue, Wed, Thu, Fri, Sat, Sun).");
    }

    private static void Check(int value, int min, int max, string message)
    {
        if (value < min || value > max) throw new DomainValidationException(message);
    }
}
