using Claims.Coding;

namespace Claims.Core.Tests.Coding;

/// <summary>A labelled condition: SNOMED CT concept, its text, and the ICD-10-CM code prefixes accepted as correct.</summary>
internal sealed record LabelledCondition(string Snomed, string Display, string[] Acceptable)
{
    public bool Accepts(string code) => Acceptable.Any(a => code.StartsWith(a, StringComparison.Ordinal));

    public static IReadOnlyList<LabelledCondition> Read(string file) =>
        File.ReadLines(file).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t'))
            .Select(c => new LabelledCondition(c[0], c[1], c[2].Split(',', StringSplitOptions.TrimEntries))).ToList();
}

/// <summary>Top-1 / top-5 accuracy of the suggestion engine on a labelled set.</summary>
internal static class SuggestionAccuracy
{
    public static (double Top1, double Top5, IReadOnlyList<string> Misses) Measure(CodeSearch search, IReadOnlyList<LabelledCondition> set, bool useSnomed)
    {
        int top1 = 0, top5 = 0;
        var misses = new List<string>();
        foreach (var item in set)
        {
            var suggestions = search.Suggest(item.Display, useSnomed ? item.Snomed : null, CodeSystemKind.Icd10Cm, 5);
            if (suggestions.Count > 0 && item.Accepts(suggestions[0].Code)) top1++;
            if (suggestions.Any(s => item.Accepts(s.Code))) top5++;
            else misses.Add($"{item.Display} -> {string.Join(" | ", suggestions.Select(s => $"{s.Code} {s.Description}"))}");
        }
        return ((double)top1 / set.Count, (double)top5 / set.Count, misses);
    }
}
