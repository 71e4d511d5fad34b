namespace Claims.Domain;

/// <summary>
/// The claim filing indicator codes of 837P SBR09 (005010X222A1): the payer's type. A payer carries one, so the
/// billers choose it once, not per claim.
/// </summary>
public static class ClaimFilingIndicators
{
    /// <summary>Code and meaning, in the TR3's order.</summary>
    public static IReadOnlyList<(string Code, string Meaning)> All { get; } =
    [
        ("11", "Other non-federal programs"), ("12", "PPO"), ("13", "POS"), ("14", "EPO"), ("15", "Indemnity"), ("16", "HMO Medicare risk"),
        ("17", "Dental maintenance organization"), ("AM", "Automobile medical"), ("BL", "Blue Cross/Blue Shield"), ("CH", "CHAMPUS (TRICARE)"),
        ("CI", "Commercial insurance"), ("DS", "Disability"), ("FI", "Federal employees program"), ("HM", "HMO"), ("LM", "Liability medical"),
        ("MA", "Medicare Part A"), ("MB", "Medicare Part B"), ("MC", "Medicaid"), ("OF", "Other federal program"), ("TV", "Title V"),
        ("VA", "Veterans Affairs plan"), ("WC", "Workers' compensation"), ("ZZ", "Mutually defined"),
    ];

    public static bool IsKnown(string? code) => code is { Length: 2 } && All.Any(x => x.Code == code);
}
