namespace Claims.Operations.Contracts;

/// <summary>
/// What an admin sets on a client's contract: SLA targets, the client's business calendar and the fee model.
/// Durations are whole numbers because that is how contracts state them ("coded within 24 business hours").
/// </summary>
public sealed record ContractTerms(
    int CodingTurnaroundHours,
    int SubmissionDays,
    int RejectionFixHours,
    int DenialWorkDays,
    string TimeZoneId,
    TimeOnly Opens,
    TimeOnly Closes,
    IReadOnlyList<DayOfWeek> WorkDays,
    IReadOnlyList<DateOnly> Holidays,
    FeeModel FeeModel,
    int FeePercentBasisPoints,
    long FeePerClaimCents);
