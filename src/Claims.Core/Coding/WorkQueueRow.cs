using Claims.Domain;

namespace Claims.Coding;

/// <summary>
/// One queue row: the patient by pseudonym only, the payer's name or "self-pay", and the payer's timely-filing limit
/// (days from the date of service) when there is a payer.
/// </summary>
public sealed record WorkQueueRow(Guid Id, string ControlNumber, ClaimState State, string Clinic, string Patient, string Payer, DateOnly ServiceFrom, int Lines, long TotalCents, string? AssignedTo, DateTimeOffset? LeaseExpiresAt, int? TimelyFilingDays = null, DateOnly? FilingDeadline = null)
{
    /// <summary>The last day the payer accepts the claim (the deadline set at intake, the one take-next orders by); null for self-pay.</summary>
    public DateOnly? DueDate => TimelyFilingDays is { } days ? FilingDeadline ?? ServiceFrom.AddDays(days) : null;
}
