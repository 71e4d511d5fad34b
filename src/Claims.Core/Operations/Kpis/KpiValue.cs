namespace Claims.Operations.Kpis;

/// <summary>
/// One KPI for one month and scope: its value (null when the denominator is zero or the data is missing), the
/// numerator and denominator it is made of (counts, dollars or days, as <see cref="NumeratorLabel"/> says), the
/// formula in words, and the claims behind each side for drill-down.
/// </summary>
public sealed record KpiValue(
    string Key,
    string Name,
    KpiUnit Unit,
    decimal? Value,
    decimal Numerator,
    decimal Denominator,
    string NumeratorLabel,
    string DenominatorLabel,
    string Formula,
    string Target,
    IReadOnlyList<Guid> NumeratorClaims,
    IReadOnlyList<Guid> DenominatorClaims)
{
    /// <summary>Why there is no value beyond a zero denominator (e.g. "no QA data").</summary>
    public string? Note { get; init; }

    /// <summary>Whether the numerator and denominator are dollars (shown with cents) rather than counts or days.</summary>
    public bool InDollars { get; init; }

    public string NumeratorDisplay => Part(Numerator);

    public string DenominatorDisplay => Part(Denominator);

    private string Part(decimal value) => value.ToString(InDollars ? "N2" : "#,0.##", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The value as shown: one decimal and its unit, or an em dash.</summary>
    public string Display => Value is not { } v ? "—"
        : Unit == KpiUnit.Percent ? v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%"
        : v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " days";
}
