using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Claims.Coding;

/// <summary>
/// One year's ICD-10-CM: every code of the order file with its billable ("valid for HIPAA") flag and long
/// description, and from the Tabular List the Excludes1 notes, 7th-character definitions and inclusion terms.
/// </summary>
public sealed partial class Icd10CmCodeSet
{
    private readonly FrozenDictionary<string, Icd10CmEntry> _byCode;
    private readonly FrozenDictionary<string, Excludes1Note[]> _excludes1;
    private readonly FrozenDictionary<string, (char Char, string Definition)[]> _sevenChar;
    private readonly FrozenDictionary<string, string[]> _inclusionTerms;

    internal Icd10CmCodeSet(
        CodeSetInfo info,
        IEnumerable<Icd10CmEntry> entries,
        IEnumerable<Excludes1Note> excludes1,
        IEnumerable<(string Code, char Char, string Definition)> sevenChar,
        IEnumerable<(string Code, string Term)> inclusionTerms)
    {
        Info = info;
        Entries = entries.OrderBy(e => e.Code, StringComparer.Ordinal).ToArray();
        _byCode = Entries.ToFrozenDictionary(e => e.Code, StringComparer.Ordinal);
        _excludes1 = excludes1.GroupBy(n => n.OnCode).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _sevenChar = sevenChar.GroupBy(s => s.Code).ToFrozenDictionary(g => g.Key, g => g.Select(s => (s.Char, s.Definition)).ToArray(), StringComparer.Ordinal);
        _inclusionTerms = inclusionTerms.GroupBy(s => s.Code).ToFrozenDictionary(g => g.Key, g => g.Select(s => s.Term).ToArray(), StringComparer.Ordinal);
    }

    public CodeSetInfo Info { get; }

    /// <summary>All codes and headers, sorted by code.</summary>
    public IReadOnlyList<Icd10CmEntry> Entries { get; }

    public int BillableCount => Entries.Count(e => e.Billable);

    /// <summary>Upper case, without the dot: how codes are keyed.</summary>
    public static string Normalize(string code) => code.Trim().Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();

    public Icd10CmEntry? Find(string code) => _byCode.GetValueOrDefault(Normalize(code));

    /// <summary>The codes that start with a prefix (a header's family), in code order.</summary>
    public IEnumerable<Icd10CmEntry> WithPrefix(string prefix)
    {
        var p = Normalize(prefix);
        var start = LowerBound(p);
        for (var i = start; i < Entries.Count && Entries[i].Code.StartsWith(p, StringComparison.Ordinal); i++) yield return Entries[i];
    }

    /// <summary>The Excludes1 notes on the code and on each of its ancestors (category and subcategories).</summary>
    public IEnumerable<Excludes1Note> Excludes1For(string code)
    {
        var c = Normalize(code);
        for (var length = 3; length <= c.Length; length++)
        {
            if (_excludes1.TryGetValue(c[..length], out var notes))
            {
                foreach (var note in notes) yield return note;
            }
        }
    }

    /// <summary>The 7th-character definitions that apply to a code (from its nearest ancestor that has them).</summary>
    public IReadOnlyList<(char Char, string Definition)> SeventhCharacters(string code)
    {
        var c = Normalize(code);
        for (var length = Math.Min(c.Length, 6); length >= 3; length--)
        {
            if (_sevenChar.TryGetValue(c[..length], out var defs)) return defs;
        }
        return [];
    }

    public IReadOnlyList<string> InclusionTerms(string code) => _inclusionTerms.GetValueOrDefault(Normalize(code)) ?? [];

    /// <summary>Every inclusion term keyed by the code it is listed under (for the search index).</summary>
    internal IEnumerable<KeyValuePair<string, string[]>> AllInclusionTerms => _inclusionTerms;

    private int LowerBound(string prefix)
    {
        int lo = 0, hi = Entries.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(Entries[mid].Code, prefix) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Reads the compact embedded/persisted format (C, X, S, I lines; see Coding/Data/README.md).</summary>
    internal static Icd10CmCodeSet ReadCompact(Stream stream)
    {
        CodeSetInfo? info = null;
        var entries = new List<Icd10CmEntry>(100_000);
        var excludes = new List<Excludes1Note>();
        var seven = new List<(string, char, string)>();
        var terms = new List<(string, string)>();
        foreach (var cols in CompactFile.ReadGzip(stream, h => info = h))
        {
            switch (cols[0])
            {
                case "C": entries.Add(new Icd10CmEntry(cols[1], cols[2] == "1", cols[3])); break;
                case "X": excludes.Add(new Excludes1Note(cols[1], cols[2], ParseReferences(cols[2]))); break;
                case "S": seven.Add((cols[1], cols[2][0], cols[3])); break;
                case "I": terms.Add((cols[1], cols[2])); break;
                default: break;
            }
        }
        if (info is null || entries.Count == 0) throw new CodeSetFormatException("An ICD-10-CM code set file has no header or no codes.");
        return new Icd10CmCodeSet(info, entries, excludes, seven, terms);
    }

    internal IEnumerable<string> CompactLines()
    {
        foreach (var e in Entries) yield return $"C\t{e.Code}\t{(e.Billable ? '1' : '0')}\t{e.Description}";
        foreach (var (code, notes) in _excludes1) foreach (var n in notes) yield return $"X\t{code}\t{n.Text}";
        foreach (var (code, defs) in _sevenChar) foreach (var (ch, def) in defs) yield return $"S\t{code}\t{ch}\t{def}";
        foreach (var (code, list) in _inclusionTerms) foreach (var t in list) yield return $"I\t{code}\t{t}";
    }

    /// <summary>
    /// Parses a CMS/CDC order file (fixed width: order number 1-5, code 7-13, billable flag 15, short
    /// description 17-76, long description from 78) and, optionally, the Tabular List XML of the same year.
    /// </summary>
    public static Icd10CmCodeSet ParseOrderFile(TextReader orderFile, TextReader? tabularXml, int fiscalYear, string source)
    {
        ArgumentNullException.ThrowIfNull(orderFile);
        var entries = new List<Icd10CmEntry>(100_000);
        var lineNumber = 0;
        while (orderFile.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (line.Length < 78 || !line.AsSpan(0, 5).ToString().All(char.IsAsciiDigit) || line[5] != ' ')
                throw new CodeSetFormatException($"Order file line {lineNumber}: not the CMS order-file layout (5-digit order number, code, billable flag, short and long descriptions).");
            var code = line.Substring(6, 7).Trim();
            if (!CodeShape().IsMatch(code)) throw new CodeSetFormatException($"Order file line {lineNumber}: '{code}' is not an ICD-10-CM code.");
            if (line[14] is not ('0' or '1')) throw new CodeSetFormatException($"Order file line {lineNumber}: the billable flag is '{line[14]}', expected 0 or 1.");
            entries.Add(new Icd10CmEntry(code, line[14] == '1', Clean(line[77..])));
        }
        if (entries.Count == 0) throw new CodeSetFormatException("The order file holds no codes.");
        var excludes = new List<Excludes1Note>();
        var seven = new List<(string, char, string)>();
        var terms = new List<(string, string)>();
        if (tabularXml is not null) ReadTabular(tabularXml, excludes, seven, terms);
        var info = new CodeSetInfo("ICD-10-CM", string.Create(CultureInfo.InvariantCulture, $"FY{fiscalYear}"),
            new DateOnly(fiscalYear - 1, 10, 1), new DateOnly(fiscalYear, 9, 30), source);
        return new Icd10CmCodeSet(info, entries, excludes, seven, terms);
    }

    private static void ReadTabular(TextReader xml, List<Excludes1Note> excludes, List<(string, char, string)> seven, List<(string, string)> terms)
    {
        var doc = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new CodeSetFormatException($"The Tabular List is not well-formed XML (line {ex.LineNumber}): {ex.Message}");
        }
        var diags = doc.GetElementsByTagName("diag");
        if (doc.DocumentElement?.Name != "ICD10CM.tabular") throw new CodeSetFormatException("The Tabular List's root element is not ICD10CM.tabular.");
        foreach (XmlElement diag in diags)
        {
            var name = Normalize(diag["name"]?.InnerText ?? "");
            foreach (XmlNode note in diag.SelectNodes("excludes1/note")!) excludes.Add(new Excludes1Note(name, Clean(note.InnerText), ParseReferences(Clean(note.InnerText))));
            foreach (XmlElement ext in diag.SelectNodes("sevenChrDef/extension")!) seven.Add((name, ext.GetAttribute("char")[0], Clean(ext.InnerText)));
            foreach (XmlNode note in diag.SelectNodes("inclusionTerm/note")!) terms.Add((name, Clean(note.InnerText)));
        }
    }

    /// <summary>The codes and ranges a note names: <c>(J40)</c>, <c>(J44.-)</c>, <c>(J40-J47)</c>, <c>(O00-O9A)</c>.</summary>
    internal static CodeReference[] ParseReferences(string note) =>
        ReferencePattern().Matches(note).Select(m =>
        {
            var first = Normalize(m.Groups["a"].Value).TrimEnd('-');
            var last = m.Groups["b"].Success ? Normalize(m.Groups["b"].Value).TrimEnd('-') : first;
            return new CodeReference(first, last);
        }).Where(r => r.First.Length >= 3).ToArray();

    private static string Clean(string text) => WhiteSpace().Replace(text.Replace('\t', ' '), " ").Trim();

    [GeneratedRegex(@"(?<a>\b[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?)(?:-(?<b>[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?))?")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("^[A-Z][0-9][0-9A-Z]{1,5}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
