using System.Globalization;
using Claims.Domain;

namespace Claims.Charges;

/// <summary>
/// Reads a fee schedule file: a header <c>code,charge,effective_from</c>, then one row per code and date (charge in
/// dollars such as <c>125.00</c>, date as <c>YYYY-MM-DD</c>). Every bad line is reported with its number, so a clinic
/// fixes the file in one pass; a file with any error yields no rows.
/// </summary>
internal static class FeeScheduleCsv
{
    /// <summary>A chargemaster has a few thousand codes; far more is not a fee schedule.</summary>
    public const int MaxRows = 50_000;

    /// <summary>Errors beyond this many are counted, not listed.</summary>
    public const int MaxListedErrors = 50;

    public static (List<FeeRow> Rows, List<FeeImportError> Errors) Read(TextReader reader)
    {
        var rows = new List<FeeRow>();
        var errors = new List<FeeImportError>();
        var seen = new Dictionary<(string, DateOnly), int>();
        var header = reader.ReadLine();
        if (header is null || !IsHeader(header))
        {
            errors.Add(new FeeImportError(1, "The first line must be the header 'code,charge,effective_from'."));
            return (rows, errors);
        }
        var lineNumber = 1;
        var errorCount = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (rows.Count + errorCount >= MaxRows)
            {
                errors.Add(new FeeImportError(lineNumber, $"The file has more than {MaxRows:N0} rows; split it."));
                break;
            }
            var problem = Parse(line, out var row);
            if (problem is null && seen.TryGetValue((row!.Code.Value, row.EffectiveFrom), out var first))
            {
                problem = $"{row.Code.Value} from {row.EffectiveFrom:yyyy-MM-dd} is already on line {first}.";
            }
            if (problem is not null)
            {
                errorCount++;
                if (errors.Count < MaxListedErrors) errors.Add(new FeeImportError(lineNumber, problem));
                continue;
            }
            seen[(row!.Code.Value, row.EffectiveFrom)] = lineNumber;
            rows.Add(row);
        }
        if (errorCount > errors.Count) errors.Add(new FeeImportError(lineNumber, $"... and {errorCount - errors.Count} more bad lines, not listed."));
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new FeeImportError(1, "The file has a header but no rows."));
        return (rows, errors);
    }

    private static bool IsHeader(string line)
    {
        var cells = Cells(line.TrimStart('\uFEFF'));
        return cells.Length == 3 && cells[0].Equals("code", StringComparison.OrdinalIgnoreCase)
            && cells[1].Equals("charge", StringComparison.OrdinalIgnoreCase)
            && cells[2].Equals("effective_from", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Null when the line is a good row (then <paramref name="row"/> is set), else what is wrong with it.</summary>
    private static string? Parse(string line, out FeeRow? row)
    {
        row = null;
        var cells = Cells(line);
        if (cells.Length != 3) return $"Expected 3 values (code,charge,effective_from), found {cells.Length}.";
        var codeText = cells[0].ToUpperInvariant();
        if (!ProcedureCode.TryParse(codeText, out var code)) return $"'{Clip(cells[0])}' is not a CPT or HCPCS code (five digits, four digits and F/T, or a letter and four digits).";
        var charge = ParseCharge(cells[1]);
        if (charge is null) return $"The charge '{Clip(cells[1])}' is not an amount above 0.00 and at most 99,999,999.99 (write it like 125.00).";
        if (!DateOnly.TryParseExact(cells[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) || from.Year < 1900)
        {
            return $"The date '{Clip(cells[2])}' is not a date written YYYY-MM-DD.";
        }
        row = new FeeRow(code, charge.Value, from);
        return null;
    }

    /// <summary>A positive amount in dollars and cents (a leading $ is allowed), or null.</summary>
    internal static Money? ParseCharge(string? text)
    {
        var trimmed = (text ?? "").Trim().TrimStart('$');
        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return null;
        if (amount <= 0 || amount > Money.Limit || decimal.Round(amount, 2) != amount) return null;
        return Money.Of(amount);
    }

    private static string[] Cells(string line) => [.. line.Split(',').Select(c => c.Trim().Trim('"').Trim())];

    private static string Clip(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
