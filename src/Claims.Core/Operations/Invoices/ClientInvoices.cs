using System.Globalization;
using System.Text;
using Claims.Audit;
using Claims.Documents;
using Claims.Domain;
using Claims.Operations.Kpis;
using Claims.Persistence;
using Claims.Remittance;
using Microsoft.EntityFrameworkCore;

namespace Claims.Operations.Invoices;

/// <summary>
/// The BPO's monthly invoice per client (<c>claims invoices</c> and the Invoices page). A percentage fee is charged
/// per claim on what was collected on it in the month (payer and patient payments posted, reversals netted), each
/// line rounded half away from zero to the cent; a per-claim fee on every claim first submitted in the month. The
/// total is the sum of the lines. Made on demand as CSV and PDF, audited as an export, never stored.
/// </summary>
public sealed class ClientInvoices(ClaimsDbContext db, TimeProvider clock, IInvoiceTermsSource? terms = null)
{
    private readonly IInvoiceTermsSource _terms = terms ?? new DefaultInvoiceTermsSource();

    /// <summary>The invoice of a clinic's month (admins and billers); one audited read.</summary>
    public async Task<ClientInvoice> CreateAsync(Guid clinicId, ReportMonth month, Caller caller, CancellationToken cancellationToken = default)
    {
        var invoice = await ComputeAsync(clinicId, month, caller, cancellationToken);
        db.Audit(AuditRecords.For(caller, AuditAction.Read, "ClientInvoice", clinicId.ToString(), null, $"invoice {invoice.Number} {month}: {invoice.Lines.Count} lines, total {invoice.TotalCents} cents", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return invoice;
    }

    /// <summary>The invoice as CSV and PDF files; one audited export.</summary>
    public async Task<(ClientInvoice Invoice, byte[] Csv, byte[] Pdf)> ExportAsync(Guid clinicId, ReportMonth month, Caller caller, CancellationToken cancellationToken = default)
    {
        var invoice = await ComputeAsync(clinicId, month, caller, cancellationToken);
        var csv = Csv(invoice);
        var pdf = Pdf(invoice);
        db.Audit(AuditRecords.For(caller, AuditAction.Export, "ClientInvoice", clinicId.ToString(), null, $"invoice {invoice.Number} {month} exported (CSV, PDF), total {invoice.TotalCents} cents", AuditRecords.Operations));
        await db.SaveChangesAsync(cancellationToken);
        return (invoice, csv, pdf);
    }

    private async Task<ClientInvoice> ComputeAsync(Guid clinicId, ReportMonth month, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Actor.Role is not (ClaimRole.Admin or ClaimRole.Biller)) throw new DomainValidationException($"A {caller.Actor.Role} does not see the BPO's invoices.");
        var clinic = await db.Clinics.AsNoTracking().Where(c => c.Id == clinicId).Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Clinic {clinicId} was not found.");
        var terms = await _terms.ForClinicAsync(clinicId, ct);
        var asOf = month.AsOf(clock.GetUtcNow());
        var lines = terms.FeeModel == InvoiceFeeModel.Percentage
            ? await CollectionLinesAsync(clinicId, month, asOf, terms, ct)
            : await SubmissionLinesAsync(clinicId, month, asOf, terms, ct);
        var number = string.Create(CultureInfo.InvariantCulture, $"{month.Year:0000}{month.Month:00}-{clinicId.ToString("N")[..8].ToUpperInvariant()}");
        return new ClientInvoice(number, clinicId, clinic.Name, month, clock.GetUtcNow(), terms, lines);
    }

    /// <summary>The fee on an amount at a rate in basis points, rounded half away from zero to the cent.</summary>
    public static long Fee(long baseCents, int basisPoints) => (long)Math.Round(baseCents * (decimal)basisPoints / 10_000m, 0, MidpointRounding.AwayFromZero);

    private async Task<List<InvoiceLine>> CollectionLinesAsync(Guid clinicId, ReportMonth month, DateTimeOffset asOf, InvoiceTerms terms, CancellationToken ct)
    {
        var rows = await (from l in db.LedgerEntries.AsNoTracking()
                          join c in db.Claims on l.ClaimId equals c.Id
                          where c.ClinicId == clinicId && l.PostedAt >= month.Start && l.PostedAt < asOf
                                && (l.Kind == LedgerEntryKind.Payment || l.Kind == LedgerEntryKind.PatientPayment)
                          select new { Control = c.ControlNumber.Value, l.AmountCents }).ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Control, StringComparer.Ordinal)
            .Select(g => (Control: g.Key, Cents: g.Sum(r => r.AmountCents)))
            .Where(x => x.Cents != 0)
            .OrderBy(x => x.Control, StringComparer.Ordinal)
            .Select(x => new InvoiceLine(x.Control, "Collections posted", x.Cents, Fee(x.Cents, terms.FeePercentBasisPoints)))];
    }

    private async Task<List<InvoiceLine>> SubmissionLinesAsync(Guid clinicId, ReportMonth month, DateTimeOffset asOf, InvoiceTerms terms, CancellationToken ct)
    {
        var submits = await (from e in db.ClaimEvents.AsNoTracking()
                             join c in db.Claims on e.ClaimId equals c.Id
                             where c.ClinicId == clinicId && e.Trigger == ClaimTrigger.Submit && e.At < asOf
                             select new { Control = c.ControlNumber.Value, e.At }).ToListAsync(ct);
        return [.. submits.GroupBy(e => e.Control, StringComparer.Ordinal)
            .Where(g => g.Min(e => e.At) >= month.Start)
            .Select(g => g.Key)
            .Order(StringComparer.Ordinal)
            .Select(control => new InvoiceLine(control, "Claim submitted", 0, terms.FeePerClaimCents))];
    }

    /// <summary>The invoice as CSV (RFC 4180, invariant culture, dollars with two decimals; a total row last).</summary>
    public static byte[] Csv(ClientInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var text = new StringBuilder();
        text.Append("invoice,clinic,month,terms\r\n");
        text.Append(CultureInfo.InvariantCulture, $"{Field(invoice.Number)},{Field(invoice.Clinic)},{invoice.Month},{Field(invoice.Terms.Describe)}\r\n");
        text.Append("line,claim,description,base,fee\r\n");
        var n = 0;
        foreach (var line in invoice.Lines)
        {
            var basis = invoice.Terms.FeeModel == InvoiceFeeModel.Percentage ? Dollars(line.BaseCents) : "1";
            text.Append(CultureInfo.InvariantCulture, $"{++n},{line.ClaimControlNumber},{Field(line.Description)},{basis},{Dollars(line.FeeCents)}\r\n");
        }
        var total = invoice.Terms.FeeModel == InvoiceFeeModel.Percentage ? Dollars(invoice.BaseTotal) : invoice.BaseTotal.ToString(CultureInfo.InvariantCulture);
        text.Append(CultureInfo.InvariantCulture, $"total,,,{total},{Dollars(invoice.TotalCents)}\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The invoice as a PDF (<see cref="PdfReport"/>).</summary>
    public static byte[] Pdf(ClientInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        using var pdf = new PdfReport($"Invoice {invoice.Number}");
        pdf.Heading($"Invoice {invoice.Number}")
            .Fields([
                ("Client", invoice.Clinic),
                ("Period", invoice.Month.ToString()),
                ("Issued", invoice.IssuedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("Terms", invoice.Terms.Describe),
                ("Lines", invoice.Lines.Count.ToString(CultureInfo.InvariantCulture)),
                ("Total due", "$" + Dollars(invoice.TotalCents)),
            ]);
        var percentage = invoice.Terms.FeeModel == InvoiceFeeModel.Percentage;
        pdf.Table(
            [new PdfColumn("#", 30, true), new PdfColumn("Claim", 130), new PdfColumn("Description", 150), new PdfColumn(percentage ? "Collected" : "Claims", 90, true), new PdfColumn("Fee", 90, true)],
            [.. invoice.Lines.Select((l, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), l.ClaimControlNumber, l.Description, percentage ? Dollars(l.BaseCents) : "1", Dollars(l.FeeCents)]),
             ["", "Total", "", percentage ? Dollars(invoice.BaseTotal) : invoice.BaseTotal.ToString(CultureInfo.InvariantCulture), Dollars(invoice.TotalCents)]]);
        return pdf.ToBytes();
    }

    private static string Dollars(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Field(string text) => text.IndexOfAny([',', '"', '\r', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
