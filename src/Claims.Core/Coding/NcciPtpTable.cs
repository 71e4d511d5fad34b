using System.Collections.Frozen;
using System.Globalization;

namespace Claims.Coding;

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
