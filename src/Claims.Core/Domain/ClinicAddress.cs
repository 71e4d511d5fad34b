using System.Text.RegularExpressions;

namespace Claims.Domain;

/// <summary>
/// A clinic's billing address as 2010AA N3/N4 needs it: a street address (TR3: no post office box; a clinic that
/// gets its mail at a box gives it as the pay-to address), a city, a two-letter US state or territory and the
/// nine-digit ZIP+4 (digits only).
/// </summary>
public sealed partial record ClinicAddress
{
    private static readonly HashSet<string> States =
    [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA",
        "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX",
        "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI",
    ];

    public ClinicAddress(string street, string city, string state, string zip)
    {
        street = (street ?? "").Trim();
        city = (city ?? "").Trim();
        state = (state ?? "").Trim().ToUpperInvariant();
        zip = (zip ?? "").Trim().Replace("-", "", StringComparison.Ordinal);
        if (street.Length is 0 or > 55) throw new DomainValidationException("A street address has 1 to 55 characters.");
        if (PoBox().IsMatch(street)) throw new DomainValidationException("A billing address is a street address, not a post office box (837P 2010AA N3).");
        if (city.Length is < 2 or > 30) throw new DomainValidationException("A city has 2 to 30 characters.");
        if (!States.Contains(state)) throw new DomainValidationException("A state is a two-letter US state or territory code.");
        if (zip.Length != 9 || !zip.All(char.IsAsciiDigit)) throw new DomainValidationException("A billing ZIP code has nine digits (ZIP+4).");
        Street = street;
        City = city;
        State = state;
        Zip = zip;
    }

    public string Street { get; }

    public string City { get; }

    public string State { get; }

    public string Zip { get; }

    public override string ToString() => $"{Street}, {City}, {State} {Zip[..5]}-{Zip[5..]}";

    [GeneratedRegex(@"\b(P\.?\s*O\.?\s*BOX|POST\s+OFFICE\s+BOX|POB)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PoBox();
}
