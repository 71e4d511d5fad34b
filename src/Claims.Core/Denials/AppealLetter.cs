using System.Globalization;
using Claims.Documents;
using Claims.Domain;
using Claims.Remittance;
using Claims.Security;

namespace Claims.Denials;

/// <summary>
/// The appeal letter template (one for every payer): who writes to whom, which claim (patient, member id, our claim
/// number and the payer's, dates and services), which denial (CARC/RARC in words), why it is wrong, and what is
/// enclosed. The PDF names the patient: it is PHI, made in memory on demand (see <see cref="Appeals.LetterAsync"/>).
/// </summary>
internal static class AppealLetter
{
    internal sealed record Facts(Appeal Appeal, Claim Claim, Clinic Clinic, Payer Payer, PatientDemographics? Person, string? MemberId, string Argument,
        IReadOnlyList<string> Enclosures, ClaimDenial? Denial, bool Medicare, DateOnly Today);

    public static byte[] Write(Facts f)
    {
        var a = f.Appeal;
        var level = DenialWords.AppealLevel(a.Level, f.Medicare);
        var name = f.Person is null ? "(erased)" : $"{f.Person.GivenNames} {f.Person.FamilyName}".Trim();
        var address = f.Clinic.BillingAddress?.ToString() ?? "";
        using var pdf = new PdfReport("Appeal letter");
        pdf.Heading($"Request for {level.ToLowerInvariant()}")
            .Fields([
                ("Date", f.Today.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)),
                ("To", $"{f.Payer.Name} (payer id {f.Payer.PayerId}), appeals department"),
                ("From", $"{f.Clinic.Name}, NPI {f.Clinic.Npi.Value}{(address.Length > 0 ? ", " + address : "")}"),
                ("Appeal level", $"{a.Level}: {level}"),
                ("File by", a.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ])
            .Heading("Claim")
            .Fields([
                ("Patient", name),
                ("Date of birth", f.Person?.BirthDate ?? ""),
                ("Member id", f.MemberId ?? "(none on file)"),
                ("Our claim number", f.Claim.ControlNumber.Value),
                ("Payer claim number", a.PayerClaimNumber ?? f.Claim.PayerClaimNumber ?? "(not assigned)"),
                ("Dates of service", f.Claim.ServiceFrom == f.Claim.ServiceTo ? Date(f.Claim.ServiceFrom) : $"{Date(f.Claim.ServiceFrom)} to {Date(f.Claim.ServiceTo)}"),
                ("Billed", "$" + DenialActions.Dollars(f.Claim.TotalCharge.Cents)),
                ("Remittance date", f.Denial?.RemittanceDate is { } r ? Date(r) : ""),
            ])
            .Table(
                [new PdfColumn("Line", 40), new PdfColumn("Date", 80), new PdfColumn("Service", 90), new PdfColumn("Units", 50, true), new PdfColumn("Charge", 80, true), new PdfColumn("Denied", 80, true), new PdfColumn("Codes", 92)],
                f.Claim.Lines.Select(l => (IReadOnlyList<string>)[
                    l.LineNumber.ToString(CultureInfo.InvariantCulture), Date(l.ServiceDate), l.Modifiers.Count == 0 ? l.Code.Value : $"{l.Code.Value}-{string.Join("-", l.Modifiers.Select(m => m.Value))}",
                    l.Units.ToString(CultureInfo.InvariantCulture), DenialActions.Dollars(l.Charge.Cents),
                    DenialActions.Dollars(f.Denial?.Codes.Where(c => c.LineNumber == l.LineNumber).Sum(c => c.AmountCents) ?? 0),
                    string.Join(" ", f.Denial?.Codes.Where(c => c.LineNumber == l.LineNumber).Select(c => c.Label) ?? [])]))
            .Heading("The denial");
        var codes = f.Denial?.Codes.Select(c => (c.Group, c.Carc, c.Rarcs)).Distinct().ToList() ?? [];
        if (codes.Count == 0) codes.Add((a.Group, a.Carc, (IReadOnlyList<string>)(a.Rarcs?.Split(',') ?? [])));
        foreach (var (group, carc, rarcs) in codes)
        {
            pdf.Paragraph($"{group}-{carc} ({RemarkCodes.Group(group) ?? group}): CARC {carc}: {RemarkCodes.Carc(carc) ?? "reason code " + carc}");
            foreach (var rarc in rarcs) pdf.Paragraph($"    RARC {rarc}: {RemarkCodes.Rarc(rarc) ?? "remark code " + rarc}");
        }
        pdf.Heading("Why the decision should be reversed").Paragraph(f.Argument)
            .Heading("Enclosures");
        if (f.Enclosures.Count == 0) pdf.Line("None.");
        for (var i = 0; i < f.Enclosures.Count; i++) pdf.Line($"{i + 1}. {f.Enclosures[i]}");
        pdf.Space(16).Line("Sincerely,").Line(f.Clinic.Name, bold: true);
        return pdf.ToBytes();
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
