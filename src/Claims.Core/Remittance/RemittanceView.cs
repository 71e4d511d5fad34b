namespace Claims.Remittance;

/// <summary>
/// The JSON shape of one claim payment for <c>claims remit --dry-run --json</c>: amounts as decimal dollars (cents
/// inside the reader), status code and words. Serialize with <c>JsonSerializerDefaults.Web</c> for camelCase names.
/// Carries no patient names: the dry run shows money, not PHI.
/// </summary>
public sealed record ClaimPaymentView(
    string Claim,
    string Status,
    string StatusText,
    decimal Charge,
    decimal Paid,
    decimal? PatientResponsibility,
    string? PayerClaimNumber,
    IReadOnlyList<AdjustmentView> Adjustments,
    IReadOnlyList<string> Remarks,
    IReadOnlyList<ServiceLineView> Lines)
{
    public static ClaimPaymentView From(ClaimPayment claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new ClaimPaymentView(
            claim.ClaimControlNumber, claim.StatusCode, claim.StatusText, Dollars(claim.ChargeCents), Dollars(claim.PaidCents),
            Dollars(claim.PatientResponsibilityCents), claim.PayerClaimNumber, claim.Adjustments.Select(AdjustmentView.From).ToArray(),
            claim.RemarkCodes, claim.Lines.Select(ServiceLineView.From).ToArray());
    }

    /// <summary>Every claim payment of an 835, in file order.</summary>
    public static IReadOnlyList<ClaimPaymentView> From(RemittanceAdvice remittance)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        return remittance.Claims.Select(From).ToArray();
    }

    // Exact, and always two places: decimal multiplication adds scales, so 123450 * 0.01m is 1234.50, not 1234.5.
    internal static decimal Dollars(long cents) => cents * 0.01m;

    internal static decimal? Dollars(long? cents) => cents is { } c ? Dollars(c) : null;
}

/// <summary>A CAS adjustment in the JSON view.</summary>
public sealed record AdjustmentView(string Group, string Reason, decimal Amount, decimal? Quantity)
{
    public static AdjustmentView From(Adjustment adjustment)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        return new(adjustment.Group, adjustment.Reason, ClaimPaymentView.Dollars(adjustment.AmountCents), adjustment.Quantity);
    }
}

/// <summary>A service line in the JSON view; remarks are its LQ*HE RARCs.</summary>
public sealed record ServiceLineView(
    string Code,
    IReadOnlyList<string> Modifiers,
    decimal? Units,
    decimal? Charge,
    decimal? Allowed,
    decimal? Paid,
    IReadOnlyList<AdjustmentView> Adjustments,
    IReadOnlyList<string> Remarks)
{
    public static ServiceLineView From(ServicePayment line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new ServiceLineView(line.Procedure.Code, line.Procedure.Modifiers, line.Units, ClaimPaymentView.Dollars(line.ChargeCents),
            ClaimPaymentView.Dollars(line.AllowedCents), ClaimPaymentView.Dollars(line.PaidCents),
            line.Adjustments.Select(AdjustmentView.From).ToArray(), line.RemarkCodes);
    }
}
