using System.Text.Json;

namespace Claims.Remittance;

/// <summary>One CAS adjustment as stored with a posting: group, CARC, cents, quantity.</summary>
public sealed record EobAdjustment(string Group, string Reason, long AmountCents, decimal? Quantity);

/// <summary>One SVC as stored with a posting, with the line of ours it was matched to.</summary>
public sealed record EobLine(
    int? LineNumber,
    string Code,
    IReadOnlyList<string> Modifiers,
    decimal? Units,
    long? ChargeCents,
    long? AllowedCents,
    long? PaidCents,
    IReadOnlyList<EobAdjustment> Adjustments,
    IReadOnlyList<string> Remarks);

/// <summary>
/// What the payer said about one claim in one CLP loop, as posted (no names: CLP/CAS/SVC/LQ/MOA values only). Stored as
/// JSON beside the posting so the explanation of benefits shows the payer's own words after the file is gone.
/// </summary>
public sealed record EobClaim(
    string ControlNumber,
    string StatusCode,
    long ChargeCents,
    long PaidCents,
    long? PatientResponsibilityCents,
    string? PayerClaimNumber,
    IReadOnlyList<EobAdjustment> Adjustments,
    IReadOnlyList<string> Remarks,
    IReadOnlyList<EobLine> Lines)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    internal static EobClaim From(ClaimPayment payment, IReadOnlyList<int?> lineNumbers) => new(
        payment.ClaimControlNumber, payment.StatusCode, payment.ChargeCents, payment.PaidCents, payment.PatientResponsibilityCents,
        payment.PayerClaimNumber, [.. payment.Adjustments.Select(Of)], payment.RemarkCodes,
        [.. payment.Lines.Select((l, i) => new EobLine(lineNumbers[i], l.Procedure.Code, l.Procedure.Modifiers, l.Units, l.ChargeCents,
            l.AllowedCents, l.PaidCents, [.. l.Adjustments.Select(Of)], l.RemarkCodes))]);

    internal string ToJson() => JsonSerializer.Serialize(this, Options);

    internal static EobClaim FromJson(string json) => JsonSerializer.Deserialize<EobClaim>(json, Options)
        ?? throw new InvalidOperationException("A posting's detail is empty.");

    private static EobAdjustment Of(Adjustment a) => new(a.Group, a.Reason, a.AmountCents, a.Quantity);
}
