using System.Globalization;

namespace Claims.PayerSimulator;

/// <summary>
/// How the simulated clearinghouse and payers behave: the seed (same seed, same files, same answers), the share of
/// claims denied and the mix of denial reasons (CARC with a weight), the share paid in part with patient
/// responsibility, and the member-id pattern a 277CA rejects (A7) when a claim's member id does not match.
/// </summary>
public sealed record SimulatorOptions
{
    public int Seed { get; init; } = 20261130;

    public double DenialRate { get; init; } = 0.2;

    /// <summary>CARC and weight: 50 not medically necessary, 97 bundled, 16 missing information (with MA130), 29 timely filing, 197 no authorization, 18 duplicate.</summary>
    public IReadOnlyList<(string Reason, int Weight)> DenialMix { get; init; } = [("50", 2), ("97", 2), ("16", 2), ("29", 1), ("197", 1), ("18", 1)];

    /// <summary>Share of paid claims that carry patient responsibility (PR-1 deductible, PR-2 coinsurance, PR-3 copay).</summary>
    public double PatientShareRate { get; init; } = 0.6;

    /// <summary>Share of 835s that carry a provider-level interest payment (PLB L6).</summary>
    public double InterestRate { get; init; } = 0.25;

    /// <summary>A member id the payers accept: 6 to 20 letters and digits.</summary>
    public string MemberIdPattern { get; init; } = "^[A-Z0-9]{6,20}$";

    public string ClearinghouseId { get; init; } = "DEMOCH";

    public string ClearinghouseName { get; init; } = "DEMO CLEARINGHOUSE";

    /// <summary>Parses <c>50:2,97:1,16</c> (a missing weight is 1).</summary>
    public static IReadOnlyList<(string Reason, int Weight)> ParseMix(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
        {
            var bits = part.Split(':');
            var weight = bits.Length > 1 ? int.Parse(bits[1], NumberStyles.None, CultureInfo.InvariantCulture) : 1;
            if (!Adjudicator.KnownDenials.Contains(bits[0])) throw new FormatException($"Denial reason {bits[0]} is not one the simulator knows ({string.Join(", ", Adjudicator.KnownDenials)}).");
            return (bits[0], weight);
        })];
    }
}
