using System.Globalization;
using System.Text.RegularExpressions;
using Claims.Domain;
using Claims.Remittance;
using Claims.Security;

namespace Claims.Submission;

/// <summary>The parties of one claim, read from the database, for <see cref="Claim837Mapper"/>.</summary>
internal sealed record ClaimParties(Clinic Clinic, Payer Payer, Patient Patient, Coverage Coverage, Provider? Rendering)
{
    /// <summary>On a claim sent to the secondary payer: the primary and what it decided (2320/2330/2430).</summary>
    public PrimaryAdjudication? Primary { get; init; }
}

/// <summary>The primary payer's posted decision on a claim now billed to the secondary.</summary>
internal sealed record PrimaryAdjudication(Payer Payer, Coverage Coverage, EobClaim Decision, DateOnly AdjudicatedOn);

/// <summary>
/// Turns a stored claim and its parties into the 837P writer's input. PHI (names, birth date, address, member id) is
/// decrypted here, only while the file is written, and never logged; a claim that lacks something the 837P needs
/// comes back as issues naming its control number and the loop, never the value.
/// </summary>
internal static partial class Claim837Mapper
{
    public static async Task<(Professional837Claim? Claim, List<X12Issue> Issues)> MapAsync(PhiVault phi, Claim claim, ClaimParties parties, CancellationToken ct)
    {
        var ccn = claim.ControlNumber.Value;
        var issues = new List<X12Issue>();
        void Issue(string code, string location, string message) => issues.Add(new X12Issue(code, ccn, location, message));

        var clinic = parties.Clinic;
        if (clinic.BillingAddress is null) Issue(X12IssueCodes.Required, "2010AA N3", "The clinic has no billing address; set it in the clinic's settings.");
        if (clinic.TaxId == ClinicDirectory.PlaceholderTaxId) Issue(X12IssueCodes.Invalid, "2010AA REF*EI", "The clinic's tax id is the placeholder; set the real EIN.");
        var demographics = await phi.RevealAsync(parties.Patient, ct);
        var memberId = await phi.RevealMemberIdAsync(parties.Coverage, ct);
        if (demographics is null)
        {
            Issue(X12IssueCodes.Required, "2010BA NM1", "The patient's identifying data was erased; the claim cannot be sent.");
            return (null, issues);
        }
        if (string.IsNullOrWhiteSpace(memberId)) Issue(X12IssueCodes.Required, "2010BA NM109", "The coverage has no member id.");
        if (string.IsNullOrWhiteSpace(demographics.FamilyName)) Issue(X12IssueCodes.Required, "2010BA NM103", "The patient has no family name.");
        if (!DateOnly.TryParseExact(demographics.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)) Issue(X12IssueCodes.Required, "DMG02", "The patient has no full birth date.");
        var address = ParseAddress(demographics.Address);
        if (address is null) Issue(X12IssueCodes.Required, "N3/N4", "The patient's address is missing or has no city, state and ZIP.");
        (string Family, string Given)? subscriberName = null;
        if (parties.Coverage.Relationship != SubscriberRelationship.Self)
        {
            subscriberName = await phi.RevealSubscriberNameAsync(parties.Coverage, ct);
            if (subscriberName is null) Issue(X12IssueCodes.Required, "2010BA NM103", "The patient is a dependent and the coverage does not name its subscriber.");
        }
        if (issues.Count > 0) return (null, issues);

        var billing = clinic.BillingAddress!;
        var billingProvider = new X12BillingProvider(clinic.Npi.Value, clinic.TaxId, Upper(clinic.Name), new X12Address(Upper(billing.Street), null, Upper(billing.City), billing.State, billing.Zip));
        var sex = parties.Patient.Sex switch { AdministrativeSex.Female => "F", AdministrativeSex.Male => "M", _ => "U" };
        var responsibility = parties.Coverage.Order switch { 2 => "S", 3 => "T", _ => "P" };
        var family = Upper(demographics.FamilyName!);
        var given = Upper(FirstGiven(demographics.GivenNames));
        X12Subscriber subscriber;
        X12Patient? patient = null;
        if (subscriberName is { } sub)
        {
            subscriber = new X12Subscriber(memberId!.Trim(), Upper(sub.Family), Upper(FirstGiven(sub.Given)), null, null, null, responsibility, null, parties.Payer.ClaimFilingIndicator);
            var relationship = parties.Coverage.Relationship switch { SubscriberRelationship.Spouse => "01", SubscriberRelationship.Child => "19", _ => "G8" };
            patient = new X12Patient(relationship, family, given, born, sex, address!);
        }
        else
        {
            subscriber = new X12Subscriber(memberId!.Trim(), family, given, born, sex, address, responsibility, null, parties.Payer.ClaimFilingIndicator);
        }
        var lines = claim.Lines.OrderBy(l => l.LineNumber)
            .Select(l => new Professional837Line(l.Code.Value, [.. l.Modifiers.Select(m => m.Value)], l.Charge.Cents, l.Units, l.DiagnosisPointers, l.ServiceDate))
            .ToList();
        var mapped = new Professional837Claim(
            ccn,
            ((int)claim.Frequency).ToString(CultureInfo.InvariantCulture),
            claim.PlaceOfService.Code,
            [.. claim.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code.Value)],
            lines,
            billingProvider,
            subscriber,
            new X12Payer(Upper(parties.Payer.Name), parties.Payer.PayerId))
        {
            Patient = patient,
            PayerClaimNumber = claim.Frequency == ClaimFrequency.Original ? null : claim.PayerClaimNumber,
            RenderingProvider = Rendering(parties.Rendering),
        };
        if (parties.Primary is { } primary)
        {
            var (other, lineAdjudications) = await OtherPayerAsync(phi, primary, claim, demographics, issues, ccn, ct);
            if (other is null) return (null, issues);
            mapped = mapped with
            {
                OtherPayers = [other],
                Lines = [.. mapped.Lines.Select((line, i) => line with { Adjudications = lineAdjudications[i] })],
            };
        }
        return (mapped, issues);
    }

    /// <summary>
    /// 2320/2330A/2330B and each line's 2430 from the primary's posted 835 decision: its payment, its claim-level and
    /// line-level CAS as the payer sent them, and the patient's remaining liability. The subscriber is the one on the
    /// primary coverage (the patient, or the named subscriber of a dependent's coverage).
    /// </summary>
    private static async Task<(X12OtherPayer? Other, IReadOnlyList<X12LineAdjudication>[] Lines)> OtherPayerAsync(
        PhiVault phi, PrimaryAdjudication primary, Claim claim, PatientDemographics demographics, List<X12Issue> issues, string ccn, CancellationToken ct)
    {
        var lines = claim.Lines.OrderBy(l => l.LineNumber).ToList();
        var perLine = new IReadOnlyList<X12LineAdjudication>[lines.Count];
        var memberId = await phi.RevealMemberIdAsync(primary.Coverage, ct);
        if (string.IsNullOrWhiteSpace(memberId)) issues.Add(new X12Issue(X12IssueCodes.Required, ccn, "2330A NM109", "The primary coverage has no member id."));
        var (family, given) = (Upper(demographics.FamilyName ?? ""), Upper(FirstGiven(demographics.GivenNames)));
        var relationship = "18";
        if (primary.Coverage.Relationship != SubscriberRelationship.Self)
        {
            if (await phi.RevealSubscriberNameAsync(primary.Coverage, ct) is { } subscriber) (family, given) = (Upper(subscriber.Family), Upper(FirstGiven(subscriber.Given)));
            else issues.Add(new X12Issue(X12IssueCodes.Required, ccn, "2330A NM103", "The primary coverage does not name its subscriber."));
            relationship = primary.Coverage.Relationship switch { SubscriberRelationship.Spouse => "01", SubscriberRelationship.Child => "19", _ => "G8" };
        }
        if (issues.Count > 0) return (null, perLine);

        var decision = primary.Decision;
        for (var i = 0; i < lines.Count; i++)
        {
            var ours = lines[i];
            perLine[i] = [.. decision.Lines.Where(l => l.LineNumber == ours.LineNumber).Select(l => new X12LineAdjudication(
                primary.Payer.PayerId, l.PaidCents ?? 0, l.Code, l.Modifiers, l.Units is { } units ? (int)Math.Ceiling(units) : ours.Units, primary.AdjudicatedOn)
            {
                Adjustments = [.. l.Adjustments.Select(a => new X12Adjustment(a.Group, a.Reason, a.AmountCents, a.Quantity))],
            })];
        }
        var other = new X12OtherPayer("P", primary.Payer.ClaimFilingIndicator, memberId!.Trim(), family, given,
            new X12Payer(Upper(primary.Payer.Name), primary.Payer.PayerId), decision.PaidCents, primary.AdjudicatedOn)
        {
            RelationshipCode = relationship,
            Adjustments = [.. decision.Adjustments.Select(a => new X12Adjustment(a.Group, a.Reason, a.AmountCents, a.Quantity))],
            RemainingPatientLiabilityCents = decision.PatientResponsibilityCents,
        };
        return (other, perLine);
    }

    /// <summary>
    /// The patient's one-line address as intake stores it ("line, city, state, zip, country") or as the demo does
    /// ("street, city, ST 12345"): the ZIP, the state before it, the city before that, the rest is the street.
    /// </summary>
    internal static X12Address? ParseAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count > 0 && parts[^1].ToUpperInvariant() is "US" or "USA" or "UNITED STATES") parts.RemoveAt(parts.Count - 1);
        if (parts.Count < 3) return null;
        string state, zip;
        if (StateZip().Match(parts[^1]) is { Success: true } both)
        {
            state = both.Groups[1].Value;
            zip = both.Groups[2].Value;
            parts.RemoveAt(parts.Count - 1);
        }
        else if (Zip().IsMatch(parts[^1]) && parts.Count >= 4)
        {
            zip = parts[^1];
            state = parts[^2];
            parts.RemoveRange(parts.Count - 2, 2);
        }
        else
        {
            return null;
        }
        state = StateCode(state) ?? "";
        if (state.Length != 2 || parts.Count < 2) return null;
        var city = parts[^1];
        var street = string.Join(" ", parts.Take(parts.Count - 1));
        return new X12Address(Upper(Truncate(street, 55)), null, Upper(Truncate(city, 30)), state, zip.Replace("-", "", StringComparison.Ordinal));
    }

    private static string? StateCode(string state)
    {
        var s = state.Trim();
        if (s.Length == 2) return s.ToUpperInvariant();
        // Synthea writes full state names ("Massachusetts").
        return s.ToUpperInvariant() switch
        {
            "MASSACHUSETTS" => "MA", "CALIFORNIA" => "CA", "NEW YORK" => "NY", "TEXAS" => "TX", "FLORIDA" => "FL", "WASHINGTON" => "WA",
            "ILLINOIS" => "IL", "PENNSYLVANIA" => "PA", "OHIO" => "OH", "GEORGIA" => "GA", "MICHIGAN" => "MI", "NEW JERSEY" => "NJ",
            _ => null,
        };
    }

    private static X12RenderingProvider? Rendering(Provider? provider)
    {
        if (provider is null) return null;
        var name = provider.Name.Split(',')[0].Trim();
        var space = name.LastIndexOf(' ');
        return space <= 0
            ? new X12RenderingProvider(provider.Npi.Value, Upper(name), "", provider.Taxonomy)
            : new X12RenderingProvider(provider.Npi.Value, Upper(name[(space + 1)..]), Upper(name[..space]), provider.Taxonomy);
    }

    private static string FirstGiven(string? given) => (given ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    private static string Upper(string text) => text.Trim().ToUpperInvariant();

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd();

    [GeneratedRegex(@"^([A-Za-z]{2}|[A-Za-z ]{4,})\s+(\d{5}(?:-?\d{4})?)$")]
    private static partial Regex StateZip();

    [GeneratedRegex(@"^\d{5}(?:-?\d{4})?$")]
    private static partial Regex Zip();
}
