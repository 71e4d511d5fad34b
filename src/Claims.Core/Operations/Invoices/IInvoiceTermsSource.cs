namespace Claims.Operations.Invoices;

/// <summary>Where a clinic's fee terms come from: the client contract once connected; <see cref="DefaultInvoiceTermsSource"/> until then.</summary>
public interface IInvoiceTermsSource
{
    Task<InvoiceTerms> ForClinicAsync(Guid clinicId, CancellationToken cancellationToken = default);
}
