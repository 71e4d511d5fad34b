using Claims.Operations.Kpis;

namespace Claims.Operations.Invoices;

/// <summary>The BPO's invoice to one client for one month: its terms, lines and total (cents; the total is the sum of the lines).</summary>
public sealed record ClientInvoice(string Number, Guid ClinicId, string Clinic, ReportMonth Month, DateTimeOffset IssuedAt, InvoiceTerms Terms, IReadOnlyList<InvoiceLine> Lines)
{
    public long TotalCents => Lines.Sum(l => l.FeeCents);

    /// <summary>Σ of the lines' bases: collections (cents) or the number of claims.</summary>
    public long BaseTotal => Terms.FeeModel == InvoiceFeeModel.Percentage ? Lines.Sum(l => l.BaseCents) : Lines.Count;

    public string FileStem => $"invoice-{Number}";
}
