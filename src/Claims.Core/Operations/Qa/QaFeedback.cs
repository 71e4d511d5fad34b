namespace Claims.Operations.Qa;

/// <summary>A reviewed sample as its coder reads it: both sides' codes, the accuracy, the findings and the reviewer's words.</summary>
public sealed record QaFeedback(Guid SampleId, Guid ClaimId, string ControlNumber, string Clinic, DateOnly WeekOf, QaSampleReason Reason, string ReviewerId, DateTimeOffset ReviewedAt, QaCodes Coder, QaCodes Reviewer, int AccuracyBasisPoints, IReadOnlyList<string> Findings, string? Feedback);
