using Claims.Operations.Contracts;
using Claims.Persistence;

namespace Claims.Operations.Invoices;

/// <summary>
/// A clinic's invoice terms from its client contract (the contract's defaults when none is stored): the fee model the
/// admin set on the Contracts page is the one its invoice is computed with.
/// </summary>
public sealed class ContractInvoiceTermsSource(ClaimsDbContext db, TimeProvider clock) : IInvoiceTermsSource
{
    /// <inheritdoc />
    public async Task<InvoiceTerms> ForClinicAsync(Guid clinicId, CancellationToken cancellationToken = default)
    {
        var contract = (await new ClientContracts(db, clock).GetAsync(clinicId, cancellationToken)).Contract;
        return contract.FeeModel == FeeModel.PerClaim
            ? InvoiceTerms.PerClaim(contract.FeePerClaimCents)
            : InvoiceTerms.Percent(contract.FeePercentBasisPoints);
    }
}
