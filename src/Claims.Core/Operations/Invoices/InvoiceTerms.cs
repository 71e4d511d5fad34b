namespace Claims.Operations.Invoices;

/// <summary>
/// The fee terms an invoice is computed with. They mirror the client contract's fee model (FeeModel, FeePercentBasisPoints,
/// FeePerClaimCents on ClientContract, from the SLA work): connect <see cref="IInvoiceTermsSource"/> to the contracts
/// when both are merged.
/// </summary>
public sealed record InvoiceTerms(InvoiceFeeModel FeeModel, int FeePercentBasisPoints, long FeePerClaimCents)
{
    /// <summary>The demo default: 6% of collections (DOMAIN.md gives 4-9% as usual).</summary>
    public static InvoiceTerms Default { get; } = Percent(600);

    public static InvoiceTerms Percent(int basisPoints) =>
        basisPoints is > 0 and <= 10_000 ? new(InvoiceFeeModel.Percentage, basisPoints, 0) : throw new DomainValidationException("A fee percentage is between 0.01% and 100%.");

    public static InvoiceTerms PerClaim(long cents) =>
        cents is > 0 and <= 100_000_00 ? new(InvoiceFeeModel.PerClaim, 0, cents) : throw new DomainValidationException("A fee per claim is between $0.01 and $100,000.");

    /// <summary>The terms in words, as the invoice prints them.</summary>
    public string Describe => FeeModel == InvoiceFeeModel.Percentage
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{FeePercentBasisPoints / 100m:0.00}% of collections posted in the month")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"${FeePerClaimCents / 100m:0.00} per claim first submitted in the month");
}
