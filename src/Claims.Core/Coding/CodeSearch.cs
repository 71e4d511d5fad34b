using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Claims.Coding;

/// <summary>
/// Code search for coders (prefix, words, misspellings) and coding suggestions (SNOMED CT concept and text to
/// ICD-10-CM; procedure text to CPT/HCPCS). Suggestions combine a curated SNOMED map with text search, so
/// concepts outside the map still get sensible candidates.
/// </summary>
public sealed partial class CodeSearch
{
    private readonly CodeSets _sets;
    private readonly Icd10CmCodeSet _icd;
    private readonly TextIndex _icdIndex;
    private readonly Lazy<TextIndex> _hcpcsIndex;
    private readonly Lazy<TextIndex> _cptIndex;
    private readonly FrozenDictionary<string, (string[] Codes, string Display)> _snomed;
    private readonly FrozenDictionary<string, (string[] Codes, string Display)> _snomedProcedures;

    internal CodeSearch(CodeSets sets)
    {
        _sets = sets;
        _icd = sets.Icd10Cm.Latest;
        var terms = _icd.AllInclusionTerms.ToDictionary(kv => kv.Key, kv => string.Join(" ", kv.Value), StringComparer.Ordinal);
        _icdIndex = new TextIndex(_icd.Entries.Select(e => (e.Code, e.Description, e.Billable, terms.GetValueOrDefault(e.Code) ?? "")));
        _hcpcsIndex = new(() => new TextIndex(sets.Hcpcs.Codes.Values.Select(h => (h.Code, h.LongDescription, true, h.ShortDescription))));
        _cptIndex = new(() => new TextIndex(sets.Cpt.Codes.Select(c => (c.Key, c.Value.Label, true, c.Value.Keywords))));
        _snomed = CodeSets.ReadEmbeddedText("snomed-icd10cm.tsv", ReadSnomedMap);
        _snomedProcedures = CodeSets.ReadEmbeddedText("snomed-cpt.tsv", ReadSnomedMap);
    }

    /// <summary>The code sets this search reads (CPT labels for E/M and vaccine descriptions).</summary>
    internal CodeSets Sets => _sets;

    /// <summary>The curated SNOMED CT procedure to CPT/HCPCS map (concept id to codes, best first).</summary>
    public IReadOnlyDictionary<string, (string[] Codes, string Display)> SnomedProcedureMap => _snomedProcedures;

    /// <summary>
    /// Ranked CPT and HCPCS codes for a procedure: the curated SNOMED CT map first when it knows the concept, then the
    /// text over both code sets (merged by score). Codes the map names that the loaded sets do not know are left out.
    /// </summary>
    public IReadOnlyList<CodeSuggestion> SuggestProcedure(string text, string? snomedCode = null, int take = 5) =>
        Suggest(text, snomedCode, CodeSystemKind.Cpt, take).Concat(Suggest(text, snomedCode, CodeSystemKind.Hcpcs, take))
            .GroupBy(s => s.Code).Select(g => g.MaxBy(s => s.Score)!)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Code, StringComparer.Ordinal).Take(take).ToList();

    /// <summary>The curated SNOMED CT to ICD-10-CM map (concept id to codes, best first).</summary>
    public IReadOnlyDictionary<string, (string[] Codes, string Display)> SnomedMap => _snomed;

    /// <summary>Finds codes by code prefix (<c>J20</c>, <c>J20.9</c>) or by words, tolerating misspellings.</summary>
    public IReadOnlyList<CodeHit> Find(string query, CodeSystemKind system = CodeSystemKind.Icd10Cm, int take = 20)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = query.Trim();
        if (q.Length == 0) return [];
        if (system == CodeSystemKind.Icd10Cm && IcdPrefix().IsMatch(q))
        {
            // Billable codes first (in code order), the header after them: a header is never the first choice.
            var hits = _icd.WithPrefix(q).OrderByDescending(e => e.Billable).Take(take).Select(e => new CodeHit(e.Display, e.Description, e.Billable, 1.0)).ToList();
            if (hits.Count > 0) return hits;
        }
        var index = IndexFor(system);
        if (system != CodeSystemKind.Icd10Cm && q.Length == 5 && index.Count > 0)
        {
            var exact = Enumerable.Range(0, index.Count).Where(d => index.Code(d).Equals(q, StringComparison.OrdinalIgnoreCase)).ToList();
            if (exact.Count > 0) return exact.Select(d => new CodeHit(index.Code(d), index.Description(d), true, 1.0)).ToList();
        }
        var found = index.Search(q, take, system == CodeSystemKind.Icd10Cm ? d => SearchAdjust(index, d) : null)
            .Select(r => new CodeHit(Display(system, index.Code(r.Doc)), index.Description(r.Doc), index.Billable(r.Doc), Math.Round(r.Score, 3)))
            .ToList();
        // The best billable hit goes first when a header ranked above it; the rest keep their order.
        if (found.Count > 0 && !found[0].Billable && found.FindIndex(h => h.Billable) is var first && first > 0)
        {
            var billable = found[first];
            found.RemoveAt(first);
            found.Insert(0, billable);
        }
        return found;
    }

    /// <summary>
    /// Ranked billable codes for a condition (ICD-10-CM) or a procedure (CPT/HCPCS): from the SNOMED concept when
    /// the curated map knows it, and from the text always, each with its evidence.
    /// </summary>
    public IReadOnlyList<CodeSuggestion> Suggest(string text, string? snomedCode = null, CodeSystemKind system = CodeSystemKind.Icd10Cm, int take = 5)
    {
        var found = new List<CodeSuggestion>();
        var cleaned = SemanticTag().Replace(text ?? "", " ");
        if (system == CodeSystemKind.Icd10Cm)
        {
            if (snomedCode is not null && _snomed.TryGetValue(snomedCode.Trim(), out var mapped))
            {
                for (var i = 0; i < mapped.Codes.Length; i++)
                {
                    var entry = _icd.Find(mapped.Codes[i]);
                    if (entry is { Billable: true }) found.Add(new CodeSuggestion(entry.Display, entry.Description, Math.Round(1.0 - (0.02 * i), 3), $"SNOMED CT {snomedCode} ({mapped.Display}) in the curated SNOMED to ICD-10-CM map"));
                }
            }
            var textQuery = RewriteHistory(cleaned, out var wantsHistory);
            var wantsPregnancy = PregnancyWords().IsMatch(cleaned);
            var wantsNewborn = NewbornWords().IsMatch(cleaned);
            foreach (var (doc, score, _) in _icdIndex.Search(textQuery, 60, d => SuggestAdjust(_icdIndex, d, wantsPregnancy, wantsNewborn, wantsHistory)))
            {
                var entry = _icd.Find(_icdIndex.Code(doc))!;
                var evidence = $"text \"{Shorten(cleaned.Trim())}\" matches \"{Shorten(entry.Description)}\"";
                // Below the curated map's scores, keeping the text ranking's order.
                var s = 0.95 * (1 - Math.Exp(-2 * Math.Max(0, score)));
                if (entry.Billable) found.Add(new CodeSuggestion(entry.Display, entry.Description, s, evidence));
                else
                {
                    foreach (var child in BestBillableChildren(entry)) found.Add(new CodeSuggestion(child.Display, child.Description, s * 0.97, evidence + $" (header {entry.Display}, child code)"));
                }
            }
        }
        else
        {
            if (snomedCode is not null && _snomedProcedures.TryGetValue(snomedCode.Trim(), out var mapped))
            {
                for (var i = 0; i < mapped.Codes.Length; i++)
                {
                    if (ProcedureDescription(system, mapped.Codes[i]) is not { } description) continue;
                    found.Add(new CodeSuggestion(mapped.Codes[i], description, Math.Round(1.0 - (0.02 * i), 3), $"SNOMED CT {snomedCode} ({mapped.Display}) in the curated SNOMED to CPT/HCPCS map"));
                }
            }
            var index = IndexFor(system);
            foreach (var (doc, score, _) in index.Search(cleaned, take * 2, system == CodeSystemKind.Hcpcs ? d => HcpcsAdjust(index, d) : null))
                found.Add(new CodeSuggestion(index.Code(doc), index.Description(doc), 0.95 * (1 - Math.Exp(-2 * Math.Max(0, score))), $"text \"{Shorten(cleaned.Trim())}\" matches \"{Shorten(index.Description(doc))}\""));
        }
        return found.GroupBy(s => s.Code).Select(g => g.MaxBy(s => s.Score)!)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Take(take).Select(s => s with { Score = Math.Round(s.Score, 3) }).ToList();
    }

    /// <summary>The label of a CPT or HCPCS code in the requested system, or null when it is not a code of that system.</summary>
    private string? ProcedureDescription(CodeSystemKind system, string code) => system switch
    {
        CodeSystemKind.Cpt => _sets.Cpt.Codes.TryGetValue(code, out var c) ? c.Label : null,
        CodeSystemKind.Hcpcs => _sets.Hcpcs.Codes.TryGetValue(code, out var h) ? h.LongDescription : null,
        _ => null,
    };

    private TextIndex IndexFor(CodeSystemKind system) => system switch
    {
        CodeSystemKind.Hcpcs => _hcpcsIndex.Value,
        CodeSystemKind.Cpt => _cptIndex.Value,
        _ => _icdIndex,
    };

    private static string Display(CodeSystemKind system, string code) =>
        system == CodeSystemKind.Icd10Cm && code.Length > 3 ? $"{code[..3]}.{code[3..]}" : code;

    /// <summary>A header's most generic billable descendants: the "unspecified" one, else the shortest descriptions.</summary>
    private IEnumerable<Icd10CmEntry> BestBillableChildren(Icd10CmEntry header) =>
        _icd.WithPrefix(header.Code).Where(e => e.Billable)
            .OrderByDescending(e => e.Description.Contains("unspecified", StringComparison.OrdinalIgnoreCase))
            .ThenBy(e => e.Code.Length > 6 && e.Code[6] != 'A')
            .ThenBy(e => e.Code.Length).ThenBy(e => e.Description.Length)
            .Take(2);

    /// <summary>
    /// HCPCS G8xxx-G9xxx and M codes are quality-measure reports ("screening performed", "result documented"), not
    /// services: they carry no charge, so they never beat a service code for a procedure (G8948 for an office visit).
    /// </summary>
    private static double HcpcsAdjust(TextIndex index, int doc)
    {
        var code = index.Code(doc);
        return code[0] == 'M' || (code[0] == 'G' && code[1] is '8' or '9') ? -0.5 : 0;
    }

    private static double SearchAdjust(TextIndex index, int doc)
    {
        var d = index.Description(doc);
        return d.Contains("sequela", StringComparison.Ordinal) || d.Contains("subsequent encounter", StringComparison.Ordinal) ? -0.05 : 0;
    }

    private static double SuggestAdjust(TextIndex index, int doc, bool pregnancy, bool newborn, bool history)
    {
        var code = index.Code(doc);
        var d = index.Description(doc);
        var adjust = 0.0;
        if (!pregnancy && code[0] == 'O') adjust -= 0.25;
        if (!newborn && code[0] == 'P') adjust -= 0.25;
        if (!history && (code.StartsWith("Z86", StringComparison.Ordinal) || code.StartsWith("Z87", StringComparison.Ordinal) || code.StartsWith("Z8", StringComparison.Ordinal))) adjust -= 0.2;
        if (history && (code.StartsWith("Z8", StringComparison.Ordinal) || code.StartsWith("Z9", StringComparison.Ordinal) || code == "I252")) adjust += 0.1;
        if (history && code[0] is not ('Z' or 'I')) adjust -= 0.1; // a past condition is a history or status code, not the condition
        if (code.Length == 7 && code[6] != 'A') adjust -= 0.15;
        if (d.Contains("sequela", StringComparison.Ordinal) || d.Contains("subsequent encounter", StringComparison.Ordinal)) adjust -= 0.15;
        if (d.Contains("classified elsewhere", StringComparison.Ordinal) || (code[0] != 'O' && d.Contains("complicating", StringComparison.Ordinal))) adjust -= 0.15;
        if (d.StartsWith("Secondary", StringComparison.Ordinal) || d.StartsWith("Other secondary", StringComparison.Ordinal)) adjust -= 0.05;
        if (code.StartsWith("Z13", StringComparison.Ordinal) || code.StartsWith("Z71", StringComparison.Ordinal) || code.StartsWith("Z81", StringComparison.Ordinal) || code.StartsWith("Z82", StringComparison.Ordinal) || code.StartsWith("Z83", StringComparison.Ordinal) || code.StartsWith("Z84", StringComparison.Ordinal)) adjust -= 0.1;
        if (code[0] is 'V' or 'W' or 'X' or 'Y') adjust -= 0.3; // external causes are never a condition's first code
        if (d.Contains("unspecified", StringComparison.OrdinalIgnoreCase)) adjust += 0.04;
        if (!index.Billable(doc)) adjust -= 0.02;
        return adjust;
    }

    /// <summary>"History of X" is a personal-history (Z85-Z87) or status (Z9x) code, not X itself.</summary>
    private static string RewriteHistory(string text, out bool history)
    {
        history = HistoryWords().IsMatch(text);
        return history ? HistoryWords().Replace(text, " personal history ") : text;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static FrozenDictionary<string, (string[] Codes, string Display)> ReadSnomedMap(TextReader reader)
    {
        var map = new Dictionary<string, (string[], string)>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var cols = line.Split('\t');
            map[cols[0]] = (cols[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), cols.Length > 2 ? cols[2] : "");
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^[A-Za-z][0-9][0-9A-Za-z]?(\.?[0-9A-Za-z]{0,4})?$")]
    private static partial Regex IcdPrefix();

    [GeneratedRegex(@"\((disorder|finding|situation|procedure|morphologic abnormality|qualifier value|event|observable entity|regime/therapy)\)", RegexOptions.IgnoreCase)]
    private static partial Regex SemanticTag();

    [GeneratedRegex(@"\b(pregnan\w*|gestation\w*|obstetric\w*|labor|labour|delivery|antepartum|postpartum|puerper\w*|miscarriage|abortion|eclampsia|preeclampsia|tubal|ectopic|fetus|fetal|blighted ovum|dystocia)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PregnancyWords();

    [GeneratedRegex(@"\b(newborn|neonat\w*|perinatal|birth)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NewbornWords();

    [GeneratedRegex(@"\b(history of|h/o|personal history of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HistoryWords();
}
