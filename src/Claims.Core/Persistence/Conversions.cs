using Claims.Domain;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Claims.Persistence;

/// <summary>Value converters for the domain's value types: each is stored as its canonical text or number.</summary>
internal static class Conversions
{
    public static readonly ValueConverter<Icd10Code, string> Icd10 = new(v => v.Value, s => Icd10Code.Parse(s));
    public static readonly ValueConverter<ProcedureCode, string> Procedure = new(v => v.Value, s => ProcedureCode.Parse(s));
    public static readonly ValueConverter<Npi, string> Npi = new(v => v.Value, s => Domain.Npi.Parse(s));
    public static readonly ValueConverter<Money, long> Money = new(v => v.Cents, c => Domain.Money.FromCents(c));
    public static readonly ValueConverter<PlaceOfService, string> PlaceOfService = new(v => v.Code, s => Domain.PlaceOfService.Parse(s));
    public static readonly ValueConverter<ClaimControlNumber, string> ControlNumber = new(v => v.Value, s => ClaimControlNumber.Parse(s));

    public static readonly ValueConverter<IReadOnlyList<Modifier>, string> Modifiers = new(
        v => string.Join(',', v.Select(m => m.Value)),
        s => s.Length == 0 ? Array.Empty<Modifier>() : s.Split(',', StringSplitOptions.None).Select(Modifier.Parse).ToArray());

    public static readonly ValueComparer<IReadOnlyList<Modifier>> ModifiersComparer = new(
        (a, b) => (a ?? Array.Empty<Modifier>()).SequenceEqual(b ?? Array.Empty<Modifier>()),
        v => v.Aggregate(0, (h, m) => HashCode.Combine(h, m.Value)),
        v => v.ToArray());

    public static readonly ValueConverter<IReadOnlyList<int>, string> Pointers = new(
        v => string.Join(',', v),
        s => s.Length == 0 ? Array.Empty<int>() : s.Split(',', StringSplitOptions.None).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    public static readonly ValueComparer<IReadOnlyList<int>> PointersComparer = new(
        (a, b) => (a ?? Array.Empty<int>()).SequenceEqual(b ?? Array.Empty<int>()),
        v => v.Aggregate(0, HashCode.Combine),
        v => v.ToArray());
}
