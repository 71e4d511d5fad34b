namespace Claims.Submission;

/// <summary>Loop 1000B: the receiver (clearinghouse or payer) and its id for us.</summary>
public sealed record X12Receiver(string Name, string Id);
