using System.Collections.Frozen;

namespace Claims.Scrubbing;

/// <summary>
/// Other claims already on file, keyed for the DUPLICATE edit: same patient, same date of service, same
/// procedure code, same provider.
/// </summary>
public sealed class DuplicateIndex
{
    private readonly FrozenDictionary<(string Patient, DateOnly Date, string Code, string Provider), string[]> _keys;

    public DuplicateIndex(IEnumerable<ScrubClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        _keys = claims.SelectMany(c => Keys(c).Select(k => (Key: k, c.ClaimId)))
            .GroupBy(x => x.Key).ToFrozenDictionary(g => g.Key, g => g.Select(x => x.ClaimId).Distinct().ToArray());
    }

    public static DuplicateIndex Empty { get; } = new([]);

    public IEnumerable<string> OtherClaims(string patient, DateOnly date, string code, string provider, string exceptClaimId) =>
        _keys.TryGetValue((patient, date, code, provider), out var ids) ? ids.Where(id => id != exceptClaimId) : [];

    internal static IEnumerable<(string, DateOnly, string, string)> Keys(ScrubClaim c)
    {
        var provider = Provider(c);
        if (c.PatientKey is null || provider is null) yield break;
        foreach (var line in c.Lines)
        {
            if ((line.ServiceDate ?? c.ServiceFrom) is { } date) yield return (c.PatientKey, date, line.Code.Trim().ToUpperInvariant(), provider);
        }
    }

    internal static string? Provider(ScrubClaim c) => (c.RenderingProviderNpi ?? c.BillingProviderNpi)?.Trim();
}
