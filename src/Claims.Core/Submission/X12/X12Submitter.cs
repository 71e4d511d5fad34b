namespace Claims.Submission;

/// <summary>Loop 1000A: the submitter (us) and the contact the receiver calls about the file (PER*IC).</summary>
public sealed record X12Submitter(string Name, string Id, string ContactName, string? Phone, string? Email);
