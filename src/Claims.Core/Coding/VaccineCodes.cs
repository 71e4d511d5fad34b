using System.Collections.Frozen;
using System.Globalization;

namespace Claims.Coding;

/// <summary>
/// Vaccine coding from a CVX code: the CPT product code (CDC's CVX to CPT map, <c>Data/cvx-cpt.tsv</c>, picked by the
/// patient's age where one vaccine has several products) and its administration code. CPT administers a vaccine
/// given under 19 with counselling by a physician or qualified professional with 90460 (first component) and 90461
/// (each further component); otherwise 90471 for the first injected vaccine of the encounter and 90472 for each
/// further one (90473/90474 when given by mouth or nose).
/// </summary>
public sealed class VaccineCodes
{
    private static readonly Lazy<VaccineCodes> Shipped = new(() => CodeSets.ReadEmbeddedText("cvx-cpt.tsv", Read));

    private readonly FrozenDictionary<string, VaccineProduct[]> _byCvx;

    private VaccineCodes(IEnumerable<VaccineProduct> rows) =>
        _byCvx = rows.GroupBy(r => r.Cvx).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    /// <summary>The map shipped inside Claims.Core.</summary>
    public static VaccineCodes Embedded => Shipped.Value;

    /// <summary>Every row of the map.</summary>
    public IEnumerable<VaccineProduct> Rows => _byCvx.Values.SelectMany(r => r);

    /// <summary>Whether <paramref name="code"/> is a vaccine administration code (its charge is not the vaccine's).</summary>
    public static bool IsAdministration(string code) => code is "90460" or "90461" or "90471" or "90472" or "90473" or "90474";

    /// <summary>CVX codes are sent with or without their leading zero ("3" and "03" are MMR).</summary>
    public static string NormaliseCvx(string cvx)
    {
        ArgumentNullException.ThrowIfNull(cvx);
        var clean = cvx.Trim();
        return clean.Length == 1 && char.IsAsciiDigit(clean[0]) ? "0" + clean : clean;
    }

    /// <summary>The product for a CVX code at an age (the row whose age range fits, else the first row); null when unknown.</summary>
    public VaccineProduct? Product(string cvx, int? ageYears)
    {
        if (!_byCvx.TryGetValue(NormaliseCvx(cvx), out var rows)) return null;
        return ageYears is { } age ? rows.FirstOrDefault(r => r.Fits(age)) ?? rows[0] : rows[0];
    }

    /// <summary>
    /// The product code and its administration code for one vaccine, best first. <paramref name="vaccinesBefore"/> is how
    /// many vaccines of the same encounter come before this one (the first is 90471, the others 90472).
    /// </summary>
    public IReadOnlyList<CodeSuggestion> Suggest(string cvx, string? display, int? ageYears, int vaccinesBefore, CptCodeSet cpt)
    {
        ArgumentNullException.ThrowIfNull(cpt);
        var product = Product(cvx, ageYears);
        if (product is null) return [];
        var list = new List<CodeSuggestion>();
        var ageText = ageYears is { } a ? $"age {a.ToString(CultureInfo.InvariantCulture)}" : "age unknown";
        list.Add(new CodeSuggestion(product.Cpt, Label(cpt, product.Cpt, product.Display), 1.0,
            $"CVX {product.Cvx} ({display ?? product.Display}) maps to CPT {product.Cpt} in CDC's CVX to CPT map ({ageText})"));
        var first = vaccinesBefore == 0;
        var plain = product.OralOrNasal ? (first ? "90473" : "90474") : (first ? "90471" : "90472");
        var plainWhy = $"administration of the {(first ? "first" : "an additional")} vaccine of the encounter{(product.OralOrNasal ? $" ({product.Route})" : "")}";
        if (ageYears is < 19)
        {
            var extra = product.Components - 1;
            list.Add(new CodeSuggestion("90460", Label(cpt, "90460", "Immunization administration with counseling"), 0.98,
                $"under 19 ({ageText}): administration with counselling, first component" + (extra > 0 ? $"; add 90461 x {extra.ToString(CultureInfo.InvariantCulture)} for the other components" : "") + $"; without counselling by a physician or qualified professional use {plain}"));
            if (extra > 0) list.Add(new CodeSuggestion("90461", Label(cpt, "90461", "each additional component"), 0.96, $"{extra.ToString(CultureInfo.InvariantCulture)} unit(s): the vaccine has {product.Components.ToString(CultureInfo.InvariantCulture)} components"));
            list.Add(new CodeSuggestion(plain, Label(cpt, plain, "Immunization administration"), 0.9, plainWhy + " (no counselling documented)"));
        }
        else
        {
            list.Add(new CodeSuggestion(plain, Label(cpt, plain, "Immunization administration"), 0.98, plainWhy + $" ({ageText})"));
        }
        return list;
    }

    private static string Label(CptCodeSet cpt, string code, string fallback) => cpt.Codes.TryGetValue(code, out var c) ? c.Label : fallback;

    private static VaccineCodes Read(TextReader reader)
    {
        var rows = new List<VaccineProduct>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var c = line.Split('\t');
            rows.Add(new VaccineProduct(c[0], c[1], c[2], int.Parse(c[3], CultureInfo.InvariantCulture), int.Parse(c[4], CultureInfo.InvariantCulture),
                c[5].Length == 0 ? null : int.Parse(c[5], CultureInfo.InvariantCulture), c[6]));
        }
        return new VaccineCodes(rows);
    }
}
