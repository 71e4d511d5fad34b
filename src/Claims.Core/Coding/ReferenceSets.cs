using System.Collections.Frozen;

namespace Claims.Coding;

/// <summary>The Medicare Code Editor's diagnosis edits used by the scrubber: sex- and age-specific codes.</summary>
[Flags]
public enum MceEdit
{
    None = 0,
    NewbornOnly = 1,
    PediatricOnly = 2,
    MaternityOnly = 4,
    AdultOnly = 8,
    FemaleOnly = 16,
    MaleOnly = 32,
}

/// <summary>
/// The CMS Medicare Code Editor (MCE) sex and age lists: which diagnoses only fit newborns (age 0), children
/// (0-17), maternity (12-55), adults (15-124), females or males.
/// </summary>
public sealed class MedicareCodeEditor
{
    private readonly FrozenDictionary<string, MceEdit> _edits;

    internal MedicareCodeEditor(CodeSetInfo info, IEnumerable<(string Code, MceEdit Edit)> edits)
    {
        Info = info;
        _edits = edits.GroupBy(e => e.Code).ToFrozenDictionary(g => g.Key, g => g.Aggregate(MceEdit.None, (a, e) => a | e.Edit), StringComparer.Ordinal);
    }

    public CodeSetInfo Info { get; }

    public MceEdit EditsFor(string code) => _edits.GetValueOrDefault(Icd10CmCodeSet.Normalize(code));

    /// <summary>The age range (inclusive, years) an age edit allows.</summary>
    public static (int Min, int Max) AgeRange(MceEdit edit) => edit switch
    {
        MceEdit.NewbornOnly => (0, 0),
        MceEdit.PediatricOnly => (0, 17),
        MceEdit.MaternityOnly => (12, 55),
        MceEdit.AdultOnly => (15, 124),
        _ => (0, 150),
    };

    internal static MedicareCodeEditor ReadCompact(Stream stream)
    {
        CodeSetInfo? info = null;
        var list = new List<(string, MceEdit)>();
        foreach (var cols in CompactFile.ReadGzip(stream, h => info = h))
        {
            var edit = cols[1] switch
            {
                "Newborn_Only" => MceEdit.NewbornOnly,
                "Pediatric_Only" => MceEdit.PediatricOnly,
                "Maternity_Only" => MceEdit.MaternityOnly,
                "Adult_Only" => MceEdit.AdultOnly,
                "Female_Only" => MceEdit.FemaleOnly,
                "Male_Only" => MceEdit.MaleOnly,
                _ => MceEdit.None,
            };
            list.Add((cols[0], edit));
        }
        return new MedicareCodeEditor(info!, list);
    }
}

/// <summary>A HCPCS Level II code or modifier with its CMS descriptions.</summary>
public sealed record HcpcsEntry(string Code, string ShortDescription, string LongDescription);

/// <summary>HCPCS Level II (CMS, public): procedure/supply codes A-V and the Level II modifiers.</summary>
public sealed class HcpcsCodeSet
{
    internal HcpcsCodeSet(CodeSetInfo info, IEnumerable<HcpcsEntry> codes, IEnumerable<HcpcsEntry> modifiers)
    {
        Info = info;
        Codes = codes.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        Modifiers = modifiers.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public CodeSetInfo Info { get; }

    public FrozenDictionary<string, HcpcsEntry> Codes { get; }

    public FrozenDictionary<string, HcpcsEntry> Modifiers { get; }

    internal static HcpcsCodeSet ReadCompact(Stream stream)
    {
        CodeSetInfo? info = null;
        var codes = new List<HcpcsEntry>();
        var modifiers = new List<HcpcsEntry>();
        foreach (var cols in CompactFile.ReadGzip(stream, h => info = h))
        {
            (cols[0] == "M" ? modifiers : codes).Add(new HcpcsEntry(cols[1], cols[2], cols[3]));
        }
        return new HcpcsCodeSet(info!, codes, modifiers);
    }
}

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

/// <summary>Claim Adjustment Reason Codes (X12, as republished by CMS) for reading denials.</summary>
public sealed class CarcCatalog
{
    internal CarcCatalog(CodeSetInfo info, IEnumerable<(string Code, string Description)> codes)
    {
        Info = info;
        Codes = codes.ToFrozenDictionary(c => c.Code, c => c.Description, StringComparer.Ordinal);
    }

    public CodeSetInfo Info { get; }

    public FrozenDictionary<string, string> Codes { get; }

    internal static CarcCatalog ReadCompact(Stream stream)
    {
        CodeSetInfo? info = null;
        var list = CompactFile.ReadGzip(stream, h => info = h).Select(c => (c[0], c[1])).ToList();
        return new CarcCatalog(info!, list);
    }
}
