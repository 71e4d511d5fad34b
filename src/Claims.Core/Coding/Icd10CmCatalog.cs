namespace Claims.Coding;

/// <summary>
/// The ICD-10-CM sets known to the product, each with its effective window (a fiscal year: October 1 to
/// September 30). A claim is checked against the set in force on its date of service.
/// </summary>
public sealed class Icd10CmCatalog(IEnumerable<Icd10CmCodeSet> sets)
{
    public IReadOnlyList<Icd10CmCodeSet> Sets { get; } = sets.OrderBy(s => s.Info.EffectiveFrom).ToArray();

    public Icd10CmCodeSet Latest => Sets[^1];

    /// <summary>
    /// The set in force on a date. Outside every window the nearest set is used (the newest one that started
    /// before the date, else the oldest): a shipped product must keep working until a newer year is imported.
    /// </summary>
    public Icd10CmCodeSet ForDate(DateOnly date) =>
        Sets.FirstOrDefault(s => s.Info.Covers(date))
        ?? Sets.LastOrDefault(s => s.Info.EffectiveFrom <= date)
        ?? Sets[0];
}
