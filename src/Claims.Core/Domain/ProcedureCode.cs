using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Claims.Domain;

/// <summary>A CPT or HCPCS Level II procedure code. Existence in a code set is checked by the scrubber.</summary>
public sealed partial record ProcedureCode
{
    private ProcedureCode(string value, ProcedureCodeSystem system)
    {
        Value = value;
        System = system;
    }

    public string Value { get; }

    public ProcedureCodeSystem System { get; }

    public static ProcedureCode Parse(string text) =>
        TryParse(text, out var code) ? code : throw new DomainValidationException($"'{Icd10Code.Shorten(text)}' is neither a CPT code (five digits, or four digits and F/T/U) nor a HCPCS Level II code (a letter and four digits).");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ProcedureCode? code)
    {
        code = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var canonical = text.Trim().ToUpperInvariant();
        if (Cpt().IsMatch(canonical)) code = new ProcedureCode(canonical, ProcedureCodeSystem.Cpt);
        else if (Hcpcs().IsMatch(canonical)) code = new ProcedureCode(canonical, ProcedureCodeSystem.Hcpcs);
        return code is not null;
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[0-9]{4}[0-9FTU]$")]
    private static partial Regex Cpt();

    [GeneratedRegex("^[A-V][0-9]{4}$")]
    private static partial Regex Hcpcs();
}
