using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Operations.Invoices;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims invoices --clinic ID --month YYYY-MM --out DIR [--percent P | --per-claim D] [--json]</c>: the BPO's
/// invoice to a client for a month, as CSV and PDF (<see cref="ClientInvoices"/>). Without terms on the command line
/// the clinic's terms apply (6% of collections until client contracts are connected).
/// </summary>
internal static class InvoicesCommand
{
    public static Command Create(CliEnvironment env)
    {
        var clinic = new Option<string>("--clinic") { Description = "The clinic (id or name).", Required = true };
        var month = new Option<string>("--month") { Description = "The month, YYYY-MM.", Required = true };
        var output = new Option<string>("--out") { Description = "The folder to write the CSV and the PDF into.", Required = true };
        var percent = new Option<decimal?>("--percent") { Description = "Fee as a percentage of collections (e.g. 6.5)." };
        var perClaim = new Option<decimal?>("--per-claim") { Description = "Fee per claim first submitted, in dollars (e.g. 4.50)." };
        var json = new Option<bool>("--json") { Description = "Machine output: the invoice and the files written." };
        var command = new Command("invoices", "The BPO's invoice to a client for a month (percentage of collections or per claim), CSV and PDF (audited export).") { clinic, month, output, percent, perClaim, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var period = KpisCommand.Parse(parse.GetValue(month)!);
            var terms = Terms(parse.GetValue(percent), parse.GetValue(perClaim));
            await using var db = await env.OpenDatabaseAsync(token);
            var clinicId = (await new ClinicDirectory(db).FindAsync(parse.GetValue(clinic)!, token)).Id;
            // The client contract's fee model, unless the operator names other terms for this run.
            IInvoiceTermsSource source = terms is null ? new ContractInvoiceTermsSource(db, env.Time) : new DefaultInvoiceTermsSource(null, terms);
            var (invoice, csv, pdf) = await new ClientInvoices(db, env.Time, source).ExportAsync(clinicId, period, env.As(ClaimRole.Biller), token);
            var folder = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            var csvPath = Path.Combine(folder, invoice.FileStem + ".csv");
            var pdfPath = Path.Combine(folder, invoice.FileStem + ".pdf");
            await File.WriteAllBytesAsync(csvPath, csv, token);
            await File.WriteAllBytesAsync(pdfPath, pdf, token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new { invoice.Number, invoice.Clinic, month = invoice.Month.ToString(), terms = invoice.Terms.Describe, lines = invoice.Lines.Count, totalCents = invoice.TotalCents, csv = csvPath, pdf = pdfPath });
                return ExitCodes.Ok;
            }
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Invoice {invoice.Number} {invoice.Clinic} {invoice.Month}: {invoice.Terms.Describe}, {invoice.Lines.Count} lines, total ${invoice.TotalCents / 100m:0.00}"));
            await env.Out.WriteLineAsync($"Wrote {csvPath} and {pdfPath}.");
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static InvoiceTerms? Terms(decimal? percent, decimal? perClaim)
    {
        if (percent is not null && perClaim is not null) throw new UsageException("Give --percent or --per-claim, not both.");
        try
        {
            if (percent is { } p) return InvoiceTerms.Percent(decimal.ToInt32(decimal.Round(p * 100m, 0, MidpointRounding.AwayFromZero)));
            if (perClaim is { } d) return InvoiceTerms.PerClaim(decimal.ToInt64(decimal.Round(d * 100m, 0, MidpointRounding.AwayFromZero)));
            return null;
        }
        catch (DomainValidationException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (OverflowException)
        {
            throw new UsageException("The fee is out of range.");
        }
    }
}
