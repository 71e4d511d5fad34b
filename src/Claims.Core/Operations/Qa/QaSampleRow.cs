namespace Claims.Operations.Qa;

/// <summary>A sample on the QA list: which claim (control number, never patient data), whose coding, why drawn, and the result once reviewed.</summary>
public sealed record QaSampleRow(Guid Id, Guid ClaimId, string ControlNumber, string Clinic, string CoderId, DateOnly WeekOf, QaSampleReason Reason, string? Detail, string? ReviewerId, DateTimeOffset? ReviewedAt, int? AccuracyBasisPoints);
