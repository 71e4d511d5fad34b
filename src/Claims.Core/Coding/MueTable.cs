using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Claims.Coding;

/// <summary>
/// The practitioner MUE table (CMS, quarterly). DEMO data ships (Coding/Data/mue-demo.csv);
/// <c>claims codes import-mue</c> loads the real one. Layout: comma-separated with a header row; code, MUE value,
/// adjudication indicator text starting with 1 (per line), 2 (per day, policy) or 3 (per day, clinical), rationale.
/// </summary>
public sealed class MueTable
{
    internal MueTable(CodeSetInfo info, IEnumerable<MueLimit> limits)
    {
        Info = info;
        Limits = limits.GroupBy(l => l.Code).ToFrozenDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }

    public CodeSetInfo Info { get; }

    public FrozenDictionary<string, MueLimit> Limits { get; }

    public bool IsDemo => Info.Version.StartsWith("DEMO", StringComparison.Ordinal);

    public static MueTable Parse(TextReader reader, CodeSetInfo info)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header is null) throw new CodeSetFormatException("The MUE file is empty (expected a header row and comma-separated rows).");
        var headerCols = SplitCsv(header);
        if (headerCols.Count >= 2 && NcciPtpTable.IsProcedureShape(headerCols[0].Trim()) && int.TryParse(headerCols[1], out _))
            throw new CodeSetFormatException("MUE line 1: expected a header row, found a data row.");
        var limits = new List<MueLimit>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cols = SplitCsv(line);
            if (limits.Count == 0 && !NcciPtpTable.IsProcedureShape(cols[0].Trim().ToUpperInvariant()) && !NcciPtpTable.IsProcedureShape(line.Split(';', '\t')[0].Trim())) continue; // header block
            if (cols.Count < 3) throw new CodeSetFormatException($"MUE line {lineNumber}: {cols.Count} comma-separated columns, expected 4 (code, MUE value, adjudication indicator, rationale).");
            var code = cols[0].Trim().ToUpperInvariant();
            if (!NcciPtpTable.IsProcedureShape(code)) throw new CodeSetFormatException($"MUE line {lineNumber}: '{Domain.Icd10Code.Shorten(code)}' is not a CPT/HCPCS code.");
            if (!int.TryParse(cols[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var max))
                throw new CodeSetFormatException($"MUE line {lineNumber}: MUE value '{Domain.Icd10Code.Shorten(cols[1])}' is not a whole number.");
            var mai = cols[2].Trim();
            if (mai.Length == 0 || mai[0] is not ('1' or '2' or '3'))
                throw new CodeSetFormatException($"MUE line {lineNumber}: adjudication indicator '{Domain.Icd10Code.Shorten(mai)}' does not start with 1, 2 or 3.");
            limits.Add(new MueLimit(code, max, mai[0] - '0', cols.Count > 3 ? cols[3].Trim() : ""));
        }
        if (limits.Count == 0) throw new CodeSetFormatException("The MUE file has a header but no limits.");
        return new MueTable(info, limits);
    }

    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n");
        foreach (var l in Limits.Values)
        {
            var text = l.AdjudicationIndicator switch { 1 => "1 Line Edit", 2 => "2 Date of Service Edit: Policy", _ => "3 Date of Service Edit: Clinical" };
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{l.Code},{l.MaxUnits},{text},\"{l.Rationale.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n"));
        }
    }

    private static List<string> SplitCsv(string line)
    {
        var cols = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cols.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        cols.Add(current.ToString());
        return cols;
    }
}
