namespace Claims.Denials;

/// <summary>
/// Denial settings: a write-off above <see cref="WriteOffApprovalLimitCents"/> waits for an admin's approval
/// (configuration <c>Denials:WriteOffApprovalLimit</c> in dollars; default 500.00).
/// </summary>
public sealed record DenialSettings(long WriteOffApprovalLimitCents = DenialSettings.DefaultLimitCents)
{
    public const long DefaultLimitCents = 50_000;

    /// <summary>Reads <c>Denials:WriteOffApprovalLimit</c> (dollars, e.g. 250 or 250.00) from a configuration lookup.</summary>
    public static DenialSettings From(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var text = read("Denials:WriteOffApprovalLimit");
        if (string.IsNullOrWhiteSpace(text)) return new DenialSettings();
        if (!decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var dollars) || dollars < 0)
            throw new InvalidOperationException("CLAIMS_ setting Denials:WriteOffApprovalLimit is a non-negative dollar amount.");
        return new DenialSettings((long)Math.Round(dollars * 100m, MidpointRounding.AwayFromZero));
    }
}
