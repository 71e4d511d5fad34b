namespace Claims.Remittance;

/// <summary>
/// Words for the 999's error codes (005010X231A1: IK304 segment syntax errors, IK403 element syntax errors, IK5
/// transaction set and AK9 group statuses) so a rejection reason reads as a sentence. Our own short paraphrases of the
/// TR3 code lists; an unknown code shows as itself. Never carries IK404 (a copy of the bad value: it may be PHI).
/// </summary>
public static class AcknowledgmentCodes
{
    private static readonly Dictionary<string, string> Segment = new(StringComparer.Ordinal)
    {
        ["1"] = "unrecognized segment id",
        ["2"] = "unexpected segment",
        ["3"] = "required segment missing",
        ["4"] = "loop occurs over maximum times",
        ["5"] = "segment exceeds maximum use",
        ["6"] = "segment not in defined transaction set",
        ["7"] = "segment not in proper sequence",
        ["8"] = "segment has data element errors",
        ["I4"] = "implementation 'not used' segment present",
        ["I6"] = "implementation dependent segment missing",
        ["I7"] = "implementation loop occurs under minimum times",
        ["I8"] = "implementation segment below minimum use",
        ["I9"] = "implementation dependent 'not used' segment present",
    };

    private static readonly Dictionary<string, string> Element = new(StringComparer.Ordinal)
    {
        ["1"] = "required data element missing",
        ["2"] = "conditional required data element missing",
        ["3"] = "too many data elements",
        ["4"] = "data element too short",
        ["5"] = "data element too long",
        ["6"] = "invalid character in data element",
        ["7"] = "invalid code value",
        ["8"] = "invalid date",
        ["9"] = "invalid time",
        ["10"] = "exclusion condition violated",
        ["12"] = "too many repetitions",
        ["13"] = "too many components",
        ["I10"] = "implementation 'not used' data element present",
        ["I11"] = "implementation too few repetitions",
        ["I12"] = "implementation pattern match failure",
        ["I13"] = "implementation dependent 'not used' data element present",
        ["I6"] = "code value not used in implementation",
        ["I9"] = "implementation dependent data element missing",
    };

    private static readonly Dictionary<string, string> TransactionSet = new(StringComparer.Ordinal)
    {
        ["1"] = "transaction set not supported",
        ["2"] = "transaction set trailer missing",
        ["3"] = "transaction set control number in header and trailer do not match",
        ["4"] = "number of included segments does not match actual count",
        ["5"] = "one or more segments in error",
        ["6"] = "missing or invalid transaction set identifier",
        ["7"] = "missing or invalid transaction set control number",
        ["23"] = "transaction set control number not unique within the functional group",
        ["I5"] = "implementation one or more segments in error",
        ["I6"] = "implementation convention not supported",
    };

    private static readonly Dictionary<string, string> Status = new(StringComparer.Ordinal)
    {
        ["A"] = "accepted",
        ["E"] = "accepted, errors noted",
        ["P"] = "partially accepted",
        ["M"] = "rejected, message authentication code failed",
        ["R"] = "rejected",
        ["W"] = "rejected, assurance failed validity tests",
        ["X"] = "rejected, content could not be analyzed",
    };

    /// <summary>IK304 in words.</summary>
    public static string SegmentError(string? code) => code is null ? "error" : Segment.GetValueOrDefault(code, "error " + code);

    /// <summary>IK403 in words.</summary>
    public static string ElementError(string code) => Element.GetValueOrDefault(code, "error " + code);

    /// <summary>IK502-IK506 / AK905-AK909 in words.</summary>
    public static string TransactionSetError(string code) => TransactionSet.GetValueOrDefault(code, "error " + code);

    /// <summary>IK501 / AK901 in words.</summary>
    public static string StatusWords(string code) => Status.GetValueOrDefault(code, "status " + code);

    /// <summary>
    /// The reason a claim of a rejected transaction set carries: the set, its IK5 verdict and codes, and each IK3/IK4
    /// error as id, position, loop and code in words, e.g. <c>999 ST 0001 rejected (5 one or more segments in error):
    /// CLM at 23 in loop 2300: segment has data element errors; element 2 (1028): invalid code value</c>.
    /// </summary>
    public static string RejectionReason(ImplementationAcknowledgment acknowledgment, TransactionSetAcknowledgment? set)
    {
        ArgumentNullException.ThrowIfNull(acknowledgment);
        if (set is null)
        {
            var groupCodes = acknowledgment.GroupErrorCodes.Count == 0 ? "" : " (" + string.Join(", ", acknowledgment.GroupErrorCodes.Select(c => $"{c} {TransactionSetError(c)}")) + ")";
            return $"999 group {acknowledgment.AcknowledgedGroupControlNumber} {StatusWords(acknowledgment.GroupStatus)}{groupCodes}";
        }
        var codes = set.ErrorCodes.Count == 0 ? "" : " (" + string.Join(", ", set.ErrorCodes.Select(c => $"{c} {TransactionSetError(c)}")) + ")";
        var errors = set.SegmentErrors.Select(e =>
            $"{e.SegmentId} at {e.Position}{(e.LoopId is null ? "" : " in loop " + e.LoopId)}: {SegmentError(e.ErrorCode)}"
            + string.Concat(e.ElementErrors.Select(x => $"; element {x.Position}{(x.ComponentPosition is { } c ? "-" + c : "")}{(x.ElementReference is null ? "" : $" ({x.ElementReference})")}: {ElementError(x.ErrorCode)}")));
        var detail = string.Join("; ", errors);
        return $"999 ST {set.ControlNumber} {StatusWords(set.Status)}{codes}{(detail.Length == 0 ? "" : ": " + detail)}";
    }
}
