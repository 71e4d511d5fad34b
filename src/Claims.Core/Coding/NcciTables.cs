using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Claims.Coding;

/// <summary>One NCCI procedure-to-procedure edit: column 2 is denied when billed with column 1 on one date.</summary>
public sealed record PtpEdit(string Column1, string Column2, bool PriorTo1996, DateOnly Effective, DateOnly? Deleted, int ModifierIndicator, string Rationale)
{
    public bool ActiveOn(DateOnly date) => date >= Effective && (Deleted is null || date <= Deleted);
}

/// <summary>
/// The NCCI practitioner PTP table. CMS distributes it quarterly behind a click-through licence, so the product
/// ships a small DEMO table (Coding/Data/ncci-ptp-demo.txt) and <c>claims codes import-ncci</c> loads the real one.
/// Layout: tab-separated with a header row; column 1, column 2, prior-1996 flag, effective date YYYYMMDD,
/// deletion date YYYYMMDD or <c>*</c>, modifier indicator 0/1/9, rationale.
/// </summary>
public sealed class NcciPtpTable
{
    private readonly FrozenDictionary<string, PtpEdit[]> _byColumn1;

    internal NcciPtpTable(CodeSetInfo info, IEnumerable<PtpEdit> edits)
    {
        Info = info;
        _byColumn1 = edits.GroupBy(e => e.Column1).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        Count = _byColumn1.Values.Sum(v => v.Length);
    }

    public CodeSetInfo Info { get; }

    public int Count { get; }

    public bool IsDemo => Info.Version.StartsWith("DEMO", StringComparison.Ordinal);

    /// <summary>The edit for a (column 1, column 2) pair active on a date, if any.</summary>
    public PtpEdit? Find(string column1, string column2, DateOnly date)
    {
        if (!_byColumn1.TryGetValue(column1, out var edits)) return null;
        foreach (var e in edits)
        {
            if (e.Column2 == column2 && e.ActiveOn(date)) return e;
        }
        return null;
    }

    public IEnumerable<PtpEdit> All => _byColumn1.Values.SelectMany(v => v);

    public static NcciPtpTable Parse(TextReader reader, CodeSetInfo info)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header is null) throw new CodeSetFormatException("The NCCI PTP file is empty (expected a header row and tab-separated rows).");
        if (LooksLikeDataRow(header.Split('\t'))) throw new CodeSetFormatException("NCCI PTP line 1: expected a header row, found a data row.");
        var edits = new List<PtpEdit>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cols = line.Split('\t');
            if (edits.Count == 0 && !LooksLikeDataRow(cols) && !LooksLikeDataRow(line.Split(','))) continue; // CMS files carry a multi-line header block
            if (cols.Length < 6) throw new CodeSetFormatException($"NCCI PTP line {lineNumber}: {cols.Length} tab-separated columns, expected 7 (column 1, column 2, prior-1996, effective, deletion, modifier indicator, rationale).");
            var c1 = cols[0].Trim().ToUpperInvariant();
            var c2 = cols[1].Trim().ToUpperInvariant();
            if (!IsProcedureShape(c1)) throw new CodeSetFormatException($"NCCI PTP line {lineNumber}: column 1 '{Domain.Icd10Code.Shorten(c1)}' is not a CPT/HCPCS code.");
            if (!IsProcedureShape(c2)) throw new CodeSetFormatException($"NCCI PTP line {lineNumber}: column 2 '{Domain.Icd10Code.Shorten(c2)}' is not a CPT/HCPCS code.");
            var effective = ParseDate(cols[3], lineNumber, "effective date") ?? throw new CodeSetFormatException($"NCCI PTP line {lineNumber}: the effective date is missing.");
            var deleted = ParseDate(cols[4], lineNumber, "deletion date");
            var indicator = cols[5].Trim() switch
            {
                "0" => 0,
                "1" => 1,
                "9" => 9,
                var other => throw new CodeSetFormatException($"NCCI PTP line {lineNumber}: modifier indicator '{Domain.Icd10Code.Shorten(other)}' is not 0, 1 or 9."),
            };
            edits.Add(new PtpEdit(c1, c2, cols[2].Trim() == "*", effective, deleted, indicator, cols.Length > 6 ? cols[6].Trim() : ""));
        }
        if (edits.Count == 0) throw new CodeSetFormatException("The NCCI PTP file has a header but no edits.");
        return new NcciPtpTable(info, edits);
    }

    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("Column 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\n");
        foreach (var e in All)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{e.Column1}\t{e.Column2}\t{(e.PriorTo1996 ? "*" : "")}\t{e.Effective:yyyyMMdd}\t{(e.Deleted is { } d ? d.ToString("yyyyMMdd", CultureInfo.InvariantCulture) : "*")}\t{e.ModifierIndicator}\t{e.Rationale}\n"));
        }
    }

    internal static bool IsProcedureShape(string code) =>
        code.Length == 5 && (CptCodeSet.IsCptShape(code) || (code[0] is >= 'A' and <= 'V' && code.AsSpan(1).ToString().All(char.IsAsciiDigit)));

    private static bool LooksLikeDataRow(string[] cols) => cols.Length >= 2 && IsProcedureShape(cols[0].Trim()) && IsProcedureShape(cols[1].Trim());

    internal static DateOnly? ParseDate(string text, int lineNumber, string what)
    {
        var t = text.Trim();
        if (t is "*" or "") return null;
        return DateOnly.TryParseExact(t, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new CodeSetFormatException($"NCCI PTP line {lineNumber}: {what} '{Domain.Icd10Code.Shorten(t)}' is not YYYYMMDD.");
    }
}

/// <summary>One Medically Unlikely Edit: at most <see cref="MaxUnits"/> units of a code per line or per day.</summary>
public sealed record MueLimit(string Code, int MaxUnits, int AdjudicationIndicator, string Rationale);

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
