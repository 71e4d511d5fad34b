using System.Globalization;
using System.Text;

namespace Claims.IntegrationTests.Remittance;

/// <summary>A CAS triple for a test 835.</summary>
internal sealed record Cas(string Group, string Reason, long Cents, decimal? Quantity = null);

/// <summary>An SVC loop for a test 835 (paid = charge - its CAS unless the test wants it otherwise).</summary>
internal sealed record Svc(string Code, string[] Modifiers, long Charge, Cas[] Adjustments, long? Allowed = null, string[]? Remarks = null, long? PaidOverride = null)
{
    public long Paid => PaidOverride ?? Charge - Adjustments.Sum(a => a.Cents);
}

/// <summary>A CLP loop for a test 835: status, claim-level CAS and lines; charge and paid follow from them.</summary>
internal sealed record Clp(string ControlNumber, string Status, Svc[] Lines, Cas[] Adjustments, string? PayerClaimNumber = "PCN1", string[]? Remarks = null)
{
    public long Charge => Lines.Sum(l => l.Charge);

    public long Paid => Charge - Adjustments.Sum(a => a.Cents) - Lines.Sum(l => l.Adjustments.Sum(a => a.Cents));

    public long PatientResponsibility => Adjustments.Concat(Lines.SelectMany(l => l.Adjustments)).Where(a => a.Group == "PR").Sum(a => a.Cents);

    /// <summary>The payer's reversal of this CLP: status 22, every amount negated, the same groups and reasons.</summary>
    public Clp Reversal() => this with
    {
        Status = "22",
        Lines = [.. Lines.Select(l => l with { Charge = -l.Charge, Adjustments = Negate(l.Adjustments), Allowed = -l.Allowed, PaidOverride = -l.Paid })],
        Adjustments = Negate(Adjustments),
    };

    private static Cas[] Negate(Cas[] adjustments) => [.. adjustments.Select(a => a with { Cents = -a.Cents, Quantity = -a.Quantity })];
}

/// <summary>
/// Writes 835s (005010X221A1) for tests: one interchange, one transaction, BPR = sum(CLP04) - sum(PLB) unless told
/// otherwise. Written independently of the reader: its own envelope and segment count.
/// </summary>
internal static class Remit835
{
    public const string PayerId = "DEMOPAYER01";

    public static string Write(IReadOnlyList<Clp> claims, string trace, long? payment = null, (string Reason, long Cents)[]? plb = null, string interchange = "000000901")
    {
        var text = new StringBuilder();
        var count = 0;
        void Segment(params string[] elements)
        {
            text.Append(string.Join('*', elements)).Append("~\n");
            count++;
        }

        static string Money(long? cents) => cents is { } c ? (c / 100m).ToString("0.00", CultureInfo.InvariantCulture) : "";
        static string Qty(decimal? q) => q?.ToString(CultureInfo.InvariantCulture) ?? "";

        text.Append($"ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *261122*1200*^*00501*{interchange}*0*T*:~\n");
        text.Append("GS*HP*PAYER*CLINIC*20261122*1200*901*X*005010X221A1~\n");
        var adjustmentsTotal = (plb ?? []).Sum(p => p.Cents);
        Segment("ST", "835", "0001", "005010X221A1");
        Segment("BPR", "I", Money(payment ?? (claims.Sum(c => c.Paid) - adjustmentsTotal)), "C", "ACH", "CCP", "01", "999999999", "DA", "1", "1512345678", "", "01", "999988880", "DA", "2", "20261122");
        Segment("TRN", "1", trace, "1512345678");
        Segment("N1", "PR", "DEMO PAYER", "XV", PayerId);
        Segment("N1", "PE", "DEMO CLINIC", "XX", "1234567893");
        Segment("LX", "1");
        foreach (var c in claims)
        {
            Segment("CLP", c.ControlNumber, c.Status, Money(c.Charge), Money(c.Paid), Money(c.PatientResponsibility), "12", c.PayerClaimNumber ?? "");
            foreach (var cas in Group(c.Adjustments, Money, Qty)) Segment(cas);
            Segment("NM1", "QC", "1", "SYNTHETIC", "PATIENT");
            if (c.Remarks is { Length: > 0 }) Segment(["MOA", "", "", .. c.Remarks]);
            foreach (var l in c.Lines)
            {
                Segment("SVC", string.Join(':', new[] { "HC", l.Code }.Concat(l.Modifiers)), Money(l.Charge), Money(l.Paid), "", "1");
                Segment("DTM", "472", "20261101");
                foreach (var cas in Group(l.Adjustments, Money, Qty)) Segment(cas);
                if (l.Allowed is { } allowed) Segment("AMT", "B6", Money(allowed));
                foreach (var r in l.Remarks ?? []) Segment("LQ", "HE", r);
            }
        }
        if (plb is { Length: > 0 }) Segment(["PLB", "1234567893", "20261231", .. plb.SelectMany(p => new[] { p.Reason, Money(p.Cents) })]);
        Segment("SE", (count + 1).ToString(CultureInfo.InvariantCulture), "0001");
        text.Append("GE*1*901~\n").Append(CultureInfo.InvariantCulture, $"IEA*1*{interchange}~\n");
        return text.ToString();
    }

    private static IEnumerable<string[]> Group(Cas[] adjustments, Func<long?, string> money, Func<decimal?, string> qty) =>
        from g in adjustments.GroupBy(a => a.Group)
        from chunk in g.Chunk(6)
        select (string[])[.. new[] { "CAS", g.Key }.Concat(chunk.SelectMany(a => new[] { a.Reason, money(a.Cents), qty(a.Quantity) }))];

    /// <summary>A 277CA (005010X214) with one claim per (control number, category:code, payer claim number).</summary>
    public static string Write277(IReadOnlyList<(string ControlNumber, string Status, string? PayerClaimNumber)> claims)
    {
        var text = new StringBuilder();
        var count = 0;
        void Segment(string segment)
        {
            text.Append(segment).Append("~\n");
            count++;
        }

        text.Append("ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *261122*1200*^*00501*000000902*0*T*:~\n");
        text.Append("GS*HN*PAYER*CLINIC*20261122*1200*902*X*005010X214~\n");
        Segment("ST*277*0001*005010X214");
        Segment("BHT*0085*08*ACK1*20261122*1200*TH");
        Segment("HL*1**20*1");
        Segment("NM1*PR*2*DEMO PAYER*****PI*" + PayerId);
        Segment("TRN*1*0091182");
        Segment("DTP*050*D8*20261122");
        Segment("DTP*009*D8*20261122");
        Segment("HL*2*1*21*1");
        Segment("NM1*41*2*DEMO CLINIC*****46*111");
        Segment("TRN*2*BATCH1");
        Segment("STC*A1:19:PR*20261122*WQ*100");
        Segment("HL*3*2*19*1");
        Segment("NM1*85*2*DEMO CLINIC*****XX*1234567893");
        var hl = 4;
        foreach (var (control, status, payerClaim) in claims)
        {
            Segment($"HL*{hl++}*3*PT");
            Segment("NM1*QC*1*SYNTHETIC*PATIENT****MI*123");
            Segment("TRN*2*" + control);
            Segment($"STC*{status}*20261122*{(status.StartsWith("A2", StringComparison.Ordinal) || status.StartsWith("A1", StringComparison.Ordinal) ? "WQ" : "U")}*100");
            if (payerClaim is not null) Segment("REF*1K*" + payerClaim);
            Segment("DTP*472*D8*20261101");
        }
        Segment($"SE*{count + 1}*0001");
        text.Append("GE*1*902~\nIEA*1*000000902~\n");
        return text.ToString();
    }
}
