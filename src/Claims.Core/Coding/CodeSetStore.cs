using System.Text;

namespace Claims.Coding;

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
