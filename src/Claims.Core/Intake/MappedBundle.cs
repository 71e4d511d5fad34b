using System.Globalization;
using Claims.Charges;

namespace Claims.Intake;

/// <summary>What intake takes from a bundle, in our own types (no Firely type leaves Intake/).</summary>
public sealed record MappedBundle(
    string? Identifier,
    IReadOnlyList<MappedPatient> Patients,
    IReadOnlyList<MappedEncounter> Encounters,
    int ResourceCount)
{
    /// <summary>Encounters before the clinic's bill-from date: kept as clinical history, not made into claims.</summary>
    public IReadOnlyList<MappedEncounter> History { get; init; } = [];

    /// <summary>The date (UTC) the bundle was mapped on: what "past the filing limit" is measured against.</summary>
    public DateOnly Today { get; init; }

    /// <summary>
    /// Splits the encounters at the clinic's bill-from date: those served before it become <see cref="History"/>, and an
    /// information issue says how many and why (null when none).
    /// </summary>
    internal (MappedBundle Bundle, IntakeIssue? Issue) WithinBillingWindow(DateOnly billFrom)
    {
        var earlier = Encounters.Where(e => e.ServiceFrom < billFrom).ToList();
        if (earlier.Count == 0) return (this, null);
        var issue = IntakeIssue.Information(IssueCodes.Informational, "Bundle.entry",
            string.Create(CultureInfo.InvariantCulture,
                $"{earlier.Count} encounter(s) before the clinic's bill-from date {billFrom:yyyy-MM-dd} are kept as clinical history for the coders, not billed (no claim is made for them)."));
        return (this with { Encounters = [.. Encounters.Where(e => e.ServiceFrom >= billFrom)], History = [.. History, .. earlier] }, issue);
    }

    /// <summary>
    /// Lines the bundle sent without a charge take the clinic's fee for the code on the line's date of service (times
    /// the units); a charge the bundle gives (a FHIR Claim item's net or unit price) always wins.
    /// </summary>
    internal MappedBundle PricedWith(ClinicFees fees) => this with
    {
        Encounters = [.. Encounters.Select(e => e.Lines.Any(l => !l.Priced) ? e with { Lines = [.. e.Lines.Select(l => Priced(l, e, fees))] } : e)],
    };

    /// <summary>The codes of lines that came without a charge (what the fee lookup needs).</summary>
    internal IEnumerable<Domain.ProcedureCode> UnpricedCodes() => Encounters.SelectMany(e => e.Lines).Where(l => !l.Priced).Select(l => l.Code).Distinct();

    private static MappedLine Priced(MappedLine line, MappedEncounter encounter, ClinicFees fees) =>
        line.Priced || fees.For(line.Code, line.ServiceDate ?? encounter.ServiceFrom, line.Units) is not { } fee ? line : line with { Charge = fee };
}
