using System.Collections.Frozen;

namespace Claims.Coding;

/// <summary>
/// CPT code numbers with short labels. By default Claims' own labels for the codes the product needs (CPT
/// descriptions are AMA-licensed and are not shipped); <see cref="Licensed"/> once a licensed file is imported,
/// and only then is a CPT code missing from the set an error.
/// </summary>
public sealed class CptCodeSet
{
    internal CptCodeSet(CodeSetInfo info, IEnumerable<(string Code, string Label, string Keywords)> codes, bool licensed)
    {
        Info = info;
        Licensed = licensed;
        Codes = codes.GroupBy(c => c.Code).ToFrozenDictionary(g => g.Key, g => (g.First().Label, g.First().Keywords), StringComparer.Ordinal);
    }

    public CodeSetInfo Info { get; }

    public bool Licensed { get; }

    public FrozenDictionary<string, (string Label, string Keywords)> Codes { get; }

    /// <summary>Modifiers defined by CPT itself (numbers only), which the HCPCS file does not list.</summary>
    public static FrozenSet<string> CptModifiers { get; } = new[]
    {
        "22", "23", "24", "25", "26", "27", "32", "33", "47", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59",
        "62", "63", "66", "73", "74", "76", "77", "78", "79", "80", "81", "82", "90", "91", "92", "93", "95", "96", "97", "99",
    }.ToFrozenSet(StringComparer.Ordinal);

    internal static CptCodeSet ReadLabels(TextReader reader, CodeSetInfo info, bool licensed)
    {
        var list = new List<(string, string, string)>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var (code, rest) = SplitCode(line);
            if (!IsCptShape(code))
            {
                if (lineNumber == 1 || list.Count == 0) continue; // a header row
                throw new CodeSetFormatException($"CPT file line {lineNumber}: '{Domain.Icd10Code.Shorten(code)}' is not a CPT code (five digits, or four digits and F/T/U).");
            }
            var parts = rest.Split('\t');
            var label = parts[0].Trim().Trim('"');
            if (label.Length == 0) throw new CodeSetFormatException($"CPT file line {lineNumber}: code {code} has no description.");
            list.Add((code, label, parts.Length > 1 ? parts[1].Trim() : ""));
        }
        if (list.Count == 0) throw new CodeSetFormatException("The CPT file holds no codes (expected lines of a code and a description).");
        return new CptCodeSet(info, list, licensed);
    }

    internal static bool IsCptShape(string code) =>
        code.Length == 5 && code.AsSpan(0, 4).ToString().All(char.IsAsciiDigit) && (char.IsAsciiDigit(code[4]) || code[4] is 'F' or 'T' or 'U');

    private static (string Code, string Remainder) SplitCode(string line)
    {
        var trimmed = line.TrimStart().TrimStart('"');
        var end = 0;
        while (end < trimmed.Length && char.IsAsciiLetterOrDigit(trimmed[end])) end++;
        var code = trimmed[..end].ToUpperInvariant();
        var rest = trimmed[end..].TrimStart('"').TrimStart('\t', ',', '|', ' ', ';');
        return (code, rest);
    }
}
