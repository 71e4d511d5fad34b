using System.Globalization;
using Claims.Domain;

namespace Claims.Coding;

/// <summary>
/// A service line as a coder types it, on the workbench or the command line: modifiers separated by commas or spaces,
/// a charge such as <c>125.00</c> (empty: the clinical item's or no charge), pointers as diagnosis positions
/// (<c>1, 2</c>) or as the codes themselves (<c>J20.9</c>). Parsed here once, so both edges read it alike.
/// </summary>
public sealed record LineEntry(string? Code, string? Modifiers, int Units, string? Charge, string? Pointers)
{
    internal ProcedureCode ProcedureCode() => Domain.ProcedureCode.Parse((Code ?? "").Trim());

    internal Modifier[] ModifierList() =>
        [.. (Modifiers ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Modifier.Parse)];

    internal int UnitCount() => Units == 0 ? 1 : Units;

    internal Money ChargeAmount() =>
        string.IsNullOrWhiteSpace(Charge) ? Money.Zero
        : decimal.TryParse(Charge.Trim().TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? Money.Of(amount)
            : throw new DomainValidationException("A charge is an amount such as 125.00.");

    internal int[] PointerList(Claim claim) =>
        [.. (Pointers ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p =>
            int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : claim.Diagnoses.FirstOrDefault(d => d.Code.Value == ClaimCoding.Normalise(p, CodeSystemKind.Icd10Cm).Code)?.Sequence
              ?? throw new DomainValidationException($"'{(p.Length <= 12 ? p : p[..12] + "...")}' is neither a diagnosis position nor a diagnosis on this claim."))];
}
