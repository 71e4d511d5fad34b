using System.Globalization;
using System.Text;
using Claims.Domain;

namespace Claims.Demo;

/// <summary>
/// A synthetic 835 for benchmarks: one transaction set paying every given claim (Accepted, so posting moves it to Paid),
/// each line with CO-45 at 20 % and a PR-3 copay on the first line, balanced by construction. Used by the remittance
/// posting benchmark and by <c>claims bench scale</c>.
/// </summary>
public static class SyntheticRemittance
{
    /// <summary>Appends the interchange to <paramref name="text"/>; the number of claims in it.</summary>
    public static int Write(IEnumerable<Claim> paid, StringBuilder text)
    {
        static string Money(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var body = new StringBuilder();
        var segments = 0;
        var total = 0L;
        var claims = 0;
        void Segment(string s)
        {
            body.Append(s).Append('~');
            segments++;
        }

        Segment("ST*835*0001*005010X221A1");
        var header = body.Length;
        Segment("TRN*1*BENCH100K*1512345678");
        Segment("N1*PR*BENCH PAYER");
        Segment("N1*PE*BENCH CLINIC*XX*1234567893");
        Segment("LX*1");
        ArgumentNullException.ThrowIfNull(paid);
        ArgumentNullException.ThrowIfNull(text);
        foreach (var claim in paid)
        {
            var amount = 0L;
            var lines = new StringBuilder();
            for (var i = 0; i < claim.Lines.Count; i++)
            {
                var line = claim.Lines[i];
                var charge = line.Charge.Cents;
                var contractual = charge / 5;
                var copay = i == 0 ? Math.Min(1500, charge - contractual) : 0;
                var linePaid = charge - contractual - copay;
                amount += linePaid;
                var code = string.Join(':', new[] { "HC", line.Code.Value }.Concat(line.Modifiers.Select(m => m.Value)));
                lines.Append(CultureInfo.InvariantCulture, $"SVC*{code}*{Money(charge)}*{Money(linePaid)}**{line.Units}~DTM*472*20261101~");
                lines.Append(CultureInfo.InvariantCulture, $"CAS*CO*45*{Money(contractual)}~");
                segments += 3;
                if (copay > 0)
                {
                    lines.Append(CultureInfo.InvariantCulture, $"CAS*PR*3*{Money(copay)}~");
                    segments++;
                }
                lines.Append(CultureInfo.InvariantCulture, $"AMT*B6*{Money(charge - contractual)}~");
                segments++;
            }
            Segment($"CLP*{claim.ControlNumber.Value}*1*{Money(claim.TotalCharge.Cents)}*{Money(amount)}*{Money(claim.Lines.Count > 0 ? Math.Min(1500, claim.Lines[0].Charge.Cents - (claim.Lines[0].Charge.Cents / 5)) : 0)}*12*P{claims}");
            Segment("NM1*QC*1*SYNTHETIC*PATIENT");
            body.Append(lines);
            total += amount;
            claims++;
        }
        body.Insert(header, $"BPR*I*{Money(total)}*C*ACH*CCP*01*999999999*DA*1*1512345678**01*999988880*DA*2*20261130~");
        segments++;
        body.Append(CultureInfo.InvariantCulture, $"SE*{segments + 1}*0001~");
        text.Append("ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *261130*0900*^*00501*000000835*0*T*:~");
        text.Append("GS*HP*PAYER*CLINIC*20261130*0900*835*X*005010X221A1~");
        text.Append(body).Append("GE*1*835~IEA*1*000000835~");
        return claims;
    }
}
