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

/// <summary>
/// The code-set folder under CLAIMS_HOME: imported ICD-10-CM years (compact, gzipped), the NCCI PTP and MUE
/// tables (in CMS layout) and a licensed CPT file. Imports validate first and replace atomically.
/// </summary>
public sealed class CodeSetStore(string folder)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public string NcciPath => Path.Combine(Folder, "ncci-ptp.txt");

    public string MuePath => Path.Combine(Folder, "mue.csv");

    public string CptPath => Path.Combine(Folder, "cpt.tsv");

    public static CodeSetStore ForHome(string claimsHome) => new(Path.Combine(claimsHome, "codesets"));

    public IEnumerable<string> Icd10CmFiles() =>
        Directory.Exists(Folder) ? Directory.GetFiles(Folder, "icd10cm-*.tsv.gz").Order(StringComparer.Ordinal) : [];

    public Icd10CmCodeSet ImportIcd10Cm(string orderFile, string? tabularXml, int? fiscalYear)
    {
        var year = fiscalYear ?? GuessYear(tabularXml) ?? GuessYear(orderFile)
            ?? throw new CodeSetFormatException("Cannot tell the fiscal year from the file names: pass --year.");
        using var order = new StreamReader(orderFile, Encoding.Latin1);
        using var tabular = tabularXml is null ? null : OpenText(tabularXml);
        var set = Icd10CmCodeSet.ParseOrderFile(order, tabular, year, $"{Path.GetFileName(orderFile)}{(tabularXml is null ? "" : " + " + Path.GetFileName(tabularXml))}");
        CompactFile.WriteGzip(Path.Combine(Folder, $"icd10cm-{set.Info.Version.ToLowerInvariant()}.tsv.gz"), set.Info, set.CompactLines());
        return set;
    }

    public NcciPtpTable ImportNcci(string file)
    {
        using var reader = new StreamReader(file, Encoding.Latin1);
        var table = NcciPtpTable.Parse(reader, new CodeSetInfo("NCCI PTP", "imported", null, null, Path.GetFileName(file)));
        WriteAtomically(NcciPath, table.Write);
        return table;
    }

    public MueTable ImportMue(string file)
    {
        using var reader = new StreamReader(file, Encoding.Latin1);
        var table = MueTable.Parse(reader, new CodeSetInfo("MUE", "imported", null, null, Path.GetFileName(file)));
        WriteAtomically(MuePath, table.Write);
        return table;
    }

    public CptCodeSet ImportCpt(string file)
    {
        using (var reader = new StreamReader(file, Encoding.UTF8))
        {
            CptCodeSet.ReadLabels(reader, new CodeSetInfo("CPT", "licensed", null, null, Path.GetFileName(file)), licensed: true);
        }
        Directory.CreateDirectory(Folder);
        File.Copy(file, CptPath + ".tmp", overwrite: true);
        File.Move(CptPath + ".tmp", CptPath, overwrite: true);
        return ReadCpt()!;
    }

    internal NcciPtpTable? ReadNcci()
    {
        if (!File.Exists(NcciPath)) return null;
        using var reader = new StreamReader(NcciPath, Encoding.UTF8);
        return NcciPtpTable.Parse(reader, new CodeSetInfo("NCCI PTP", "imported", null, null, NcciPath));
    }

    internal MueTable? ReadMue()
    {
        if (!File.Exists(MuePath)) return null;
        using var reader = new StreamReader(MuePath, Encoding.UTF8);
        return MueTable.Parse(reader, new CodeSetInfo("MUE", "imported", null, null, MuePath));
    }

    internal CptCodeSet? ReadCpt()
    {
        if (!File.Exists(CptPath)) return null;
        using var reader = new StreamReader(CptPath, Encoding.UTF8);
        return CptCodeSet.ReadLabels(reader, new CodeSetInfo("CPT", "licensed", null, null, CptPath), licensed: true);
    }

    private void WriteAtomically(string path, Action<TextWriter> write)
    {
        Directory.CreateDirectory(Folder);
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false))) write(writer);
        File.Move(temp, path, overwrite: true);
    }

    private static StreamReader OpenText(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        return new StreamReader(stream, Encoding.UTF8);
    }

    private static int? GuessYear(string? path)
    {
        if (path is null) return null;
        var m = System.Text.RegularExpressions.Regex.Match(Path.GetFileName(path), "(20[2-9][0-9])");
        return m.Success ? int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
