namespace Claims.Submission;

/// <summary>
/// The trading-partner settings of an interchange (ISA/GS): who sends, who receives, test or production.
/// ISA06/ISA08 are padded to 15 characters by the writer; GS02/GS03 default to the trimmed ISA ids.
/// </summary>
/// <param name="SenderQualifier">ISA05, e.g. <c>ZZ</c> (mutually defined) or <c>30</c> (federal tax id).</param>
/// <param name="SenderId">ISA06, 1 to 15 characters.</param>
/// <param name="ReceiverQualifier">ISA07.</param>
/// <param name="ReceiverId">ISA08, 1 to 15 characters.</param>
/// <param name="UsageIndicator">ISA15: <c>T</c> test or <c>P</c> production.</param>
public sealed record InterchangeSettings(string SenderQualifier, string SenderId, string ReceiverQualifier, string ReceiverId, char UsageIndicator)
{
    public X12Separators Separators { get; init; } = X12Separators.Default;

    /// <summary>ISA14: ask the receiver for a TA1 interchange acknowledgment.</summary>
    public bool AcknowledgmentRequested { get; init; }

    /// <summary>GS02; the trimmed ISA06 when not set.</summary>
    public string? ApplicationSenderCode { get; init; }

    /// <summary>GS03; the trimmed ISA08 when not set.</summary>
    public string? ApplicationReceiverCode { get; init; }

    /// <summary>
    /// Writes a line feed after each segment terminator. Receivers strip it (it is not part of the data), and it
    /// makes files readable in a diff; the default is the compact single-line form.
    /// </summary>
    public bool LineBreakAfterSegment { get; init; }
}
