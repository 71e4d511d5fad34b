namespace Claims.Operations.Invoices;

/// <summary>
/// Fee terms per clinic from a fixed table, with a fallback (6% of collections). A stand-in until the client contracts
/// (ClientContract's fee model) are connected: then the source reads the clinic's contract instead.
/// </summary>
public sealed class DefaultInvoiceTermsSource(IReadOnlyDictionary<Guid, InvoiceTerms>? perClinic = null, InvoiceTerms? fallback = null) : IInvoiceTermsSource
{
    public Task<InvoiceTerms> ForClinicAsync(Guid clinicId, CancellationToken cancellationToken = default) =>
        Task.FromResult(perClinic?.GetValueOrDefault(clinicId) ?? fallback ?? InvoiceTerms.Default);
}
