using System.Globalization;

namespace Claims.Operations.Qa;

/// <summary>
/// Code over code: the reviewer's codes against the coder's. Every diagnosis either listed counts one point (earned when
/// both have it), the principal diagnosis one more; every procedure code either listed one point, and where both have
/// it, its modifiers one and its units one. Accuracy = points earned / points possible, the industry's "code over
/// code" measure (target 95%). Findings name each difference by code only.
/// </summary>
public sealed record QaComparison(int Earned, int Possible, IReadOnlyList<string> Findings)
{
    /// <summary>Accuracy in basis points (10000 = 100%).</summary>
    public int AccuracyBasisPoints => Possible == 0 ? 10_000 : (int)Math.Round(Earned * 10_000.0 / Possible, MidpointRounding.AwayFromZero);

    public static QaComparison Compare(QaCodes coder, QaCodes reviewer)
    {
        ArgumentNullException.ThrowIfNull(coder);
        ArgumentNullException.ThrowIfNull(reviewer);
        var findings = new List<string>();
        int earned = 0, possible = 0;

        foreach (var dx in reviewer.Diagnoses.Union(coder.Diagnoses, StringComparer.Ordinal))
        {
            possible++;
            var byReviewer = reviewer.Diagnoses.Contains(dx, StringComparer.Ordinal);
            var byCoder = coder.Diagnoses.Contains(dx, StringComparer.Ordinal);
            if (byReviewer && byCoder) earned++;
            else findings.Add(byReviewer ? $"Diagnosis {dx}: missing (the reviewer coded it)" : $"Diagnosis {dx}: not supported (the reviewer did not code it)");
        }
        possible++;
        var principalCoder = coder.Diagnoses.Count > 0 ? coder.Diagnoses[0] : null;
        var principalReviewer = reviewer.Diagnoses.Count > 0 ? reviewer.Diagnoses[0] : null;
        if (principalCoder == principalReviewer) earned++;
        else findings.Add($"Principal diagnosis: coded {principalCoder ?? "none"}, reviewer chose {principalReviewer ?? "none"}");

        var coderLines = ByCode(coder.Lines);
        var reviewerLines = ByCode(reviewer.Lines);
        foreach (var code in reviewerLines.Keys.Union(coderLines.Keys).Order(StringComparer.Ordinal))
        {
            possible++;
            if (!coderLines.TryGetValue(code, out var c))
            {
                findings.Add($"Procedure {code}: missing (the reviewer coded it)");
                continue;
            }
            if (!reviewerLines.TryGetValue(code, out var r))
            {
                findings.Add($"Procedure {code}: not supported (the reviewer did not code it)");
                continue;
            }
            earned++;
            possible += 2;
            if (c.Modifiers.SequenceEqual(r.Modifiers, StringComparer.Ordinal)) earned++;
            else findings.Add($"Procedure {code}: modifiers {Mods(c.Modifiers)}, reviewer {Mods(r.Modifiers)}");
            if (c.Units == r.Units) earned++;
            else findings.Add(string.Create(CultureInfo.InvariantCulture, $"Procedure {code}: {c.Units} unit(s), reviewer {r.Units}"));
        }
        return new QaComparison(earned, possible, findings);
    }

    /// <summary>Lines of one code taken together (units summed, modifiers united), as payers adjudicate them.</summary>
    private static Dictionary<string, (IReadOnlyList<string> Modifiers, int Units)> ByCode(IEnumerable<QaLine> lines) =>
        lines.GroupBy(l => l.Procedure, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => ((IReadOnlyList<string>)[.. g.SelectMany(l => l.Modifiers).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], g.Sum(l => l.Units)),
            StringComparer.Ordinal);

    private static string Mods(IReadOnlyList<string> modifiers) => modifiers.Count == 0 ? "none" : string.Join('-', modifiers);
}
