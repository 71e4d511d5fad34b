using System.Text;

namespace Claims.Coding;

/// <summary>
/// Every code set the coding and scrubbing features read: the shipped (embedded) sets, overlaid by what was
/// imported into a code-set folder (<c>CLAIMS_HOME/codesets</c>). Immutable once loaded; load once, share.
/// </summary>
public sealed class CodeSets
{
    private static readonly Lazy<CodeSets> EmbeddedSets = new(() => Load(null));
    private readonly Lazy<CodeSearch> _search;

    private CodeSets(Icd10CmCatalog icd10Cm, MedicareCodeEditor mce, HcpcsCodeSet hcpcs, CptCodeSet cpt, NcciPtpTable ncci, MueTable mue, CarcCatalog carc)
    {
        Icd10Cm = icd10Cm;
        Mce = mce;
        Hcpcs = hcpcs;
        Cpt = cpt;
        Ncci = ncci;
        Mue = mue;
        Carc = carc;
        _search = new Lazy<CodeSearch>(() => new CodeSearch(this));
    }

    public Icd10CmCatalog Icd10Cm { get; }

    public MedicareCodeEditor Mce { get; }

    public HcpcsCodeSet Hcpcs { get; }

    public CptCodeSet Cpt { get; }

    public NcciPtpTable Ncci { get; }

    public MueTable Mue { get; }

    public CarcCatalog Carc { get; }

    /// <summary>Search and suggestions over these sets (the index is built on first use).</summary>
    public CodeSearch Search => _search.Value;

    /// <summary>The shipped sets only, loaded once per process.</summary>
    public static CodeSets Embedded => EmbeddedSets.Value;

    /// <summary>The shipped sets overlaid by the imports in <paramref name="folder"/> (when given and present).</summary>
    public static CodeSets Load(string? folder)
    {
        var store = folder is null ? null : new CodeSetStore(folder);
        var icd = new List<Icd10CmCodeSet>();
        using (var s = CompactFile.OpenEmbedded("icd10cm-fy2021.tsv.gz")) icd.Add(Icd10CmCodeSet.ReadCompact(s));
        if (store is not null)
        {
            foreach (var file in store.Icd10CmFiles())
            {
                using var s = File.OpenRead(file);
                var set = Icd10CmCodeSet.ReadCompact(s);
                icd.RemoveAll(x => x.Info.Version == set.Info.Version);
                icd.Add(set);
            }
        }

        MedicareCodeEditor mce;
        using (var s = CompactFile.OpenEmbedded("mce-v37.tsv.gz")) mce = MedicareCodeEditor.ReadCompact(s);
        HcpcsCodeSet hcpcs;
        using (var s = CompactFile.OpenEmbedded("hcpcs-2020.tsv.gz")) hcpcs = HcpcsCodeSet.ReadCompact(s);
        CarcCatalog carc;
        using (var s = CompactFile.OpenEmbedded("carc.tsv.gz")) carc = CarcCatalog.ReadCompact(s);

        var cpt = store?.ReadCpt() ?? ReadEmbeddedText("cpt-labels.tsv", r => CptCodeSet.ReadLabels(r, DemoCptInfo, licensed: false));
        var ncci = store?.ReadNcci() ?? ReadEmbeddedText("ncci-ptp-demo.txt", r => NcciPtpTable.Parse(r, DemoNcciInfo));
        var mue = store?.ReadMue() ?? ReadEmbeddedText("mue-demo.csv", r => MueTable.Parse(r, DemoMueInfo));
        return new CodeSets(new Icd10CmCatalog(icd), mce, hcpcs, cpt, ncci, mue, carc);
    }

    internal static readonly CodeSetInfo DemoCptInfo = new("CPT", "Claims labels", null, null, "Claims' own short labels for CPT code numbers (no AMA text)");
    internal static readonly CodeSetInfo DemoNcciInfo = new("NCCI PTP", "DEMO", null, null, "Claims demo table of well-known pairs (not the CMS file)");
    internal static readonly CodeSetInfo DemoMueInfo = new("MUE", "DEMO", null, null, "Claims demo table of well-known limits (not the CMS file)");

    /// <summary>These sets with other NCCI and MUE tables (benchmarks, what-if runs).</summary>
    public CodeSets WithEdits(NcciPtpTable ncci, MueTable mue) => new(Icd10Cm, Mce, Hcpcs, Cpt, ncci, mue, Carc);

    /// <summary>One line per set: name, version, window and source (for <c>claims codes info</c>).</summary>
    public IEnumerable<CodeSetInfo> Describe() =>
        [.. Icd10Cm.Sets.Select(s => s.Info), Mce.Info, Hcpcs.Info, Cpt.Info, Ncci.Info, Mue.Info, Carc.Info];

    internal static T ReadEmbeddedText<T>(string name, Func<TextReader, T> read)
    {
        using var stream = CompactFile.OpenEmbedded(name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return read(reader);
    }
}
