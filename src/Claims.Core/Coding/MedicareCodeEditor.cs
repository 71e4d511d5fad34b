using System.Collections.Frozen;

namespace Claims.Coding;

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
