namespace Claims.Submission;

/// <summary>
/// Everything one 837P interchange needs: trading-partner settings, control numbers, the creation time written
/// in ISA09/10, GS04/05 and BHT04/05 (the caller's clock, so the writer stays pure), the BHT03 batch reference,
/// submitter, receiver and the claims. The writer makes one transaction set per payer (at most 5,000 claims each).
/// </summary>
public sealed record Professional837Batch(
    InterchangeSettings Interchange,
    X12ControlNumbers ControlNumbers,
    DateTime CreatedAt,
    string BatchReference,
    X12Submitter Submitter,
    X12Receiver Receiver,
    IReadOnlyList<Professional837Claim> Claims);
