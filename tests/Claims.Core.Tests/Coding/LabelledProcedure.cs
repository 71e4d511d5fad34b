namespace Claims.Core.Tests.Coding;

/// <summary>A labelled procedure: SNOMED CT concept, its text, and the CPT/HCPCS codes (or 123* prefixes) accepted as correct.</summary>
internal sealed record LabelledProcedure(string Snomed, string Display, string[] Acceptable)
{
    public bool Accepts(string code) => Acceptable.Any(a => a.EndsWith('*') ? code.StartsWith(a[..^1], StringComparison.Ordinal) : code == a);

    public static IReadOnlyList<LabelledProcedure> Read(string file) =>
        File.ReadLines(file).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t'))
            .Select(c => new LabelledProcedure(c[0], c[1], c[2].Split(',', StringSplitOptions.TrimEntries))).ToList();
}
