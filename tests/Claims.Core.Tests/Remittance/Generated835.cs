using System.Globalization;
using System.Text;
using Claims.X12;
using FsCheck;
using FsCheck.Fluent;

namespace Claims.Core.Tests.Remittance;

public sealed record GeneratedAdjustment(string Group, string Reason, long Cents);

public sealed record GeneratedLine(string Code, string[] Modifiers, long Charge, GeneratedAdjustment[] Adjustments)
{
    public long Paid => Charge - Adjustments.Sum(a => a.Cents);
}

public sealed record GeneratedClaim(string Id, GeneratedLine[] Lines, GeneratedAdjustment[] Adjustments, long ChargeWithoutLines)
{
    public long Charge => Lines.Length == 0 ? ChargeWithoutLines : Lines.Sum(l => l.Charge);

    public long Paid => Charge - Adjustments.Sum(a => a.Cents) - Lines.Sum(l => l.Adjustments.Sum(a => a.Cents));
}

/// <summary>A balanced 835 to write: claims, a PLB amount, the separators, whether to pretty-print, how to write amounts.</summary>
public sealed record GeneratedRemittance(X12Separators Separators, bool Pretty, bool PaddedAmounts, GeneratedClaim[] Claims, long ProviderAdjustment)
{
    public long Payment => Claims.Sum(c => c.Paid) - ProviderAdjustment;

    public override string ToString() =>
        $"separators {Separators}, pretty {Pretty}, {Claims.Length} claims, PLB {ProviderAdjustment}";
}

/// <summary>
/// FsCheck generators for 835 claim sets and a writer independent of the reader under test (its own amount
/// formatting, its own envelope counting), so reading back the written file checks the reader, not itself.
/// </summary>
public static class Generated835
{
    // Characters an X12 sender may pick as delimiters; none occurs in the generated data (letters, digits, '.', '-').
    private const string SeparatorPool = "*|^:>~!`{}+#";

    private static readonly Gen<long> Amount = Gen.Choose(0, 5_000_000).Select(i => (long)i);

    private static readonly Gen<GeneratedAdjustment> Adjustment =
        from g in Gen.Elements("CO", "PR", "OA", "PI")
        from r in Gen.Elements("1", "2", "3", "45", "97", "253")
        from c in Gen.Choose(-20_000, 200_000)
        select new GeneratedAdjustment(g, r, c);

    private static readonly Gen<GeneratedLine> Line =
        from code in Gen.Elements("99213", "85025", "J3420", "G0008", "0001F")
        from modifiers in Gen.Elements<string[]>([], ["25"], ["59", "GT"], ["26", "TC", "XU", "76"])
        from charge in Amount
        from adjustments in Gen.ArrayOf(Adjustment).Resize(4)
        select new GeneratedLine(code, modifiers, charge, adjustments);

    private static Gen<GeneratedClaim> Claim(int index) =>
        from lines in Gen.ArrayOf(Line).Resize(5)
        from adjustments in Gen.ArrayOf(Adjustment).Resize(3)
        from charge in Amount
        select new GeneratedClaim("C" + index.ToString(CultureInfo.InvariantCulture), lines, adjustments, charge);

    public static readonly Gen<GeneratedRemittance> Remittance =
        from separators in Gen.Shuffle(SeparatorPool.ToCharArray()).Select(a => new X12Separators(a[0], a[1], a[2], a[3]))
        from pretty in Gen.Elements(true, false)
        from padded in Gen.Elements(true, false)
        from count in Gen.Choose(0, 12)
        from claims in Gen.CollectToArray(Enumerable.Range(1, count), Claim)
        from plb in Gen.Choose(-50_000, 50_000)
        select new GeneratedRemittance(separators, pretty, padded, claims, plb);

    /// <summary>The arbitrary FsCheck draws from (no shrinking: a failing case prints its separators and sizes).</summary>
    public static Arbitrary<GeneratedRemittance> Remittances() => Arb.From(Remittance);

    /// <summary>One interchange holding <paramref name="transactions"/> 835 transaction sets of the same remittance.</summary>
    public static string Write(GeneratedRemittance remittance, int transactions = 1)
    {
        var text = new StringBuilder();
        Write(remittance, transactions, new StringWriter(text));
        return text.ToString();
    }

    public static void Write(GeneratedRemittance remittance, int transactions, TextWriter output)
    {
        var s = remittance.Separators;
        var e = s.Element;
        var newline = remittance.Pretty ? "\r\n" : "";
        void Segment(params string[] elements) => output.Write(string.Join(e, elements) + s.Segment + newline);
        string Money(long cents) => FormatCents(cents, remittance.PaddedAmounts);

        Segment("ISA", "00", "          ", "00", "          ", "ZZ", "PAYER          ", "ZZ", "CLINIC         ", "261130", "0300",
            s.Repetition.ToString(), "00501", "000000777", "0", "T", s.Component.ToString());
        Segment("GS", "HP", "PAYER", "CLINIC", "20261130", "0300", "777", "X", "005010X221A1");
        for (var t = 1; t <= transactions; t++)
        {
            var control = t.ToString("0000", CultureInfo.InvariantCulture);
            var count = 0;
            void Counted(params string[] elements)
            {
                count++;
                Segment(elements);
            }

            Counted("ST", "835", control, "005010X221A1");
            Counted("BPR", "I", Money(remittance.Payment), "C", "ACH", "CCP", "01", "999999999", "DA", "1", "1512345678", "", "01", "999988880", "DA", "2", "20261130");
            Counted("TRN", "1", "T" + control, "1512345678");
            Counted("N1", "PR", "GENERATED PAYER");
            Counted("N1", "PE", "GENERATED CLINIC", "XX", "1234567893");
            Counted("LX", "1");
            foreach (var claim in remittance.Claims)
            {
                Counted("CLP", claim.Id, "1", Money(claim.Charge), Money(claim.Paid), "0", "12", "P" + claim.Id);
                Counted("NM1", "QC", "1", "PATIENT", "SYNTHETIC");
                foreach (var cas in Cas(claim.Adjustments, Money)) Counted(cas);
                foreach (var line in claim.Lines)
                {
                    Counted("SVC", string.Join(s.Component, new[] { "HC", line.Code }.Concat(line.Modifiers)), Money(line.Charge), Money(line.Paid), "", "1");
                    Counted("DTM", "472", "20261101");
                    foreach (var cas in Cas(line.Adjustments, Money)) Counted(cas);
                }
            }
            if (remittance.ProviderAdjustment != 0) Counted("PLB", "1234567893", "20261231", "L6", Money(remittance.ProviderAdjustment));
            Segment("SE", (count + 1).ToString(CultureInfo.InvariantCulture), control);
        }
        Segment("GE", transactions.ToString(CultureInfo.InvariantCulture), "777");
        Segment("IEA", "1", "000000777");
        output.Flush();
    }

    // One CAS per group, at most six reason/amount/quantity triples each (TR3 2100/2110 CAS).
    private static IEnumerable<string[]> Cas(GeneratedAdjustment[] adjustments, Func<long, string> money) =>
        from g in adjustments.GroupBy(a => a.Group)
        from chunk in g.Chunk(6)
        select (string[])[.. new[] { "CAS", g.Key }.Concat(chunk.SelectMany(a => new[] { a.Reason, money(a.Cents), "" }))];

    // Both spellings payers use: "12.50" and "12.5", "7.00" and "7".
    private static string FormatCents(long cents, bool padded) =>
        (cents / 100m).ToString(padded ? "0.00" : "0.##", CultureInfo.InvariantCulture);
}
