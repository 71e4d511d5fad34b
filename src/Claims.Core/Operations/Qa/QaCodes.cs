using System.Globalization;
using Claims.Domain;

namespace Claims.Operations.Qa;

/// <summary>
/// A claim's codes as QA compares them: the diagnoses in order (the first is principal) and the procedure lines.
/// A reviewer types them as "J20.9, R50.9" and "99213-25, 96372x2" (code, modifiers after dashes, units after x).
/// </summary>
public sealed record QaCodes(IReadOnlyList<string> Diagnoses, IReadOnlyList<QaLine> Lines)
{
    /// <summary>The codes of a claim as it stands.</summary>
    public static QaCodes Of(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new QaCodes(
            [.. claim.Diagnoses.OrderBy(d => d.Sequence).Select(d => d.Code.Display)],
            [.. claim.Lines.OrderBy(l => l.LineNumber).Select(l => new QaLine(l.Code.Value, [.. l.Modifiers.Select(m => m.Value).Order(StringComparer.Ordinal)], l.Units))]);
    }

    /// <summary>Parses what a reviewer typed; a code that is not valid is a validation error that names it.</summary>
    public static QaCodes Parse(string? diagnoses, string? lines)
    {
        var dx = Split(diagnoses).Select(d => Icd10Code.TryParse(d, out var code) ? code.Display : throw new DomainValidationException($"'{d}' is not an ICD-10-CM code.")).ToList();
        if (dx.Count == 0) throw new DomainValidationException("Enter at least one diagnosis.");
        if (dx.Count > Claim.MaxDiagnoses) throw new DomainValidationException($"A claim holds at most {Claim.MaxDiagnoses} diagnoses.");
        if (dx.Distinct(StringComparer.Ordinal).Count() != dx.Count) throw new DomainValidationException("A diagnosis is listed twice.");
        var parsed = Split(lines).Select(ParseLine).ToList();
        if (parsed.Count == 0) throw new DomainValidationException("Enter at least one procedure line.");
        return new QaCodes(dx, parsed);
    }

    /// <summary>The stored form: "J20.9 R50.9 | 99213-25x1 71046x1".</summary>
    public string Format() => string.Join(' ', Diagnoses) + " | " + string.Join(' ', Lines);

    /// <summary>Reads <see cref="Format"/>'s output back.</summary>
    public static QaCodes FromStored(string? stored)
    {
        var parts = (stored ?? "").Split('|');
        return new QaCodes(
            [.. parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)],
            parts.Length > 1 ? [.. parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseLine)] : []);
    }

    private static string[] Split(string? text) =>
        (text ?? "").Split([',', ';', '\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static QaLine ParseLine(string text)
    {
        var units = 1;
        var body = text.ToUpperInvariant();
        var x = body.LastIndexOf('X');
        if (x > 0 && x < body.Length - 1 && int.TryParse(body[(x + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var u))
        {
            units = u;
            body = body[..x];
        }
        if (units is < 1 or > 9999) throw new DomainValidationException($"'{text}': units are between 1 and 9999.");
        var parts = body.Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !ProcedureCode.TryParse(parts[0], out var code)) throw new DomainValidationException($"'{text}' is not a CPT or HCPCS code.");
        if (parts.Length > 5) throw new DomainValidationException($"'{text}': a line carries at most four modifiers.");
        var modifiers = parts.Skip(1).Select(m =>
        {
            try
            {
                return Modifier.Parse(m).Value;
            }
            catch (DomainValidationException)
            {
                throw new DomainValidationException($"'{text}': '{m}' is not a modifier.");
            }
        }).Order(StringComparer.Ordinal).ToList();
        return new QaLine(code.Value, modifiers, units);
    }
}
