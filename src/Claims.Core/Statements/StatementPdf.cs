using System.Globalization;
using Claims.Documents;

namespace Claims.Statements;

/// <summary>
/// A <see cref="PatientStatement"/> on paper: the clinic as sender, the patient as addressee, the services claim by
/// claim, the money in four columns (charge, insurance paid, adjustments, you paid) and what the patient owes, with its
/// aging. The PDF's metadata title names no one (indexers read it).
/// </summary>
public static class StatementPdf
{
    private static readonly PdfColumn[] ServiceColumns =
    [
        new("Date", 70), new("Code", 50), new("Service", 270), new("Charge", 122, AlignRight: true),
    ];

    private static readonly PdfColumn[] MoneyColumns =
    [
        new("Claim", 122), new("Charges", 70, AlignRight: true), new("Insurance paid", 90, AlignRight: true),
        new("Adjustments", 80, AlignRight: true), new("You paid", 70, AlignRight: true), new("You owe", 80, AlignRight: true),
    ];

    private static readonly PdfColumn[] AgingColumns =
    [
        new("Current", 128, AlignRight: true), new("31-60 days", 128, AlignRight: true), new("61-90 days", 128, AlignRight: true), new("Over 90 days", 128, AlignRight: true),
    ];

    public static byte[] Render(PatientStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        using var pdf = new PdfReport("Patient statement");
        pdf.Heading(statement.ClinicName)
            .Line(statement.ClinicAddress)
            .Line($"NPI {statement.ClinicNpi}")
            .Space(10)
            .Heading("Patient statement")
            .Fields(
            [
                ("Statement date", statement.StatementDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("Patient", statement.PatientName),
                ("Address", statement.PatientAddress),
                ("Account", statement.Pseudonym),
                ("Amount due", Dollars(statement.AmountDueCents)),
            ]);

        foreach (var claim in statement.Claims)
        {
            pdf.Space(6).Line($"Visit of {claim.ServiceFrom:yyyy-MM-dd} (claim {claim.ControlNumber}){(claim.SelfPay ? ", self-pay" : "")}", bold: true)
                .Table(ServiceColumns, claim.Services.Select(s => (IReadOnlyList<string>)[s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Code, s.Description, Dollars(s.ChargeCents)]));
        }

        pdf.Heading("Summary")
            .Table(MoneyColumns,
            [
                .. statement.Claims.Select(c => (IReadOnlyList<string>)[c.ControlNumber, Dollars(c.ChargeCents), Dollars(c.InsurancePaidCents), Dollars(c.AdjustmentCents), Dollars(c.PatientPaidCents), Dollars(c.PatientOwesCents)]),
                ["Total", Dollars(statement.ChargeCents), Dollars(statement.InsurancePaidCents), Dollars(statement.AdjustmentCents), Dollars(statement.PatientPaidCents), Dollars(statement.AmountDueCents)],
            ])
            .Line($"Amount due: {Dollars(statement.AmountDueCents)}", bold: true)
            .Space(6)
            .Table(AgingColumns, [[Dollars(statement.Aging.CurrentCents), Dollars(statement.Aging.Days31To60Cents), Dollars(statement.Aging.Days61To90Cents), Dollars(statement.Aging.Over90Cents)]])
            .Paragraph($"Please pay {statement.ClinicName} and quote account {statement.Pseudonym}. Questions about this statement: call the clinic's billing office.");
        return pdf.ToBytes();
    }

    private static string Dollars(long cents) => (cents / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
}
