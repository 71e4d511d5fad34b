using System.Globalization;

namespace Claims.Core.Tests.Submission;

/// <summary>
/// An 837P checker written for the tests, independently of the writer: it reads any interchange (separators
/// from the ISA, BOM, CR/LF and indentation tolerated), splits it on the delimiters and checks the rules a
/// clearinghouse's front end checks first. It never calls the writer's code, so a bug shared by both is unlikely.
/// Findings read "segment N (ID): rule: detail", N counting from 1 at the ISA.
/// </summary>
internal static class X12Checker
{
    /// <summary>Rule names, so tests can assert which rules a file breaks.</summary>
    public static class Rules
    {
        public const string IsaWidth = "isa-fixed-width";
        public const string Envelope = "envelope-structure";
        public const string IeaCount = "iea01-group-count";
        public const string IeaControl = "iea02-control-number";
        public const string GeCount = "ge01-transaction-count";
        public const string GeControl = "ge02-control-number";
        public const string SeCount = "se01-segment-count";
        public const string SeControl = "se02-control-number";
        public const string StUnique = "st02-unique";
        public const string HlSequence = "hl01-sequence";
        public const string HlParent = "hl02-parent";
        public const string HlLevel = "hl03-level-under-parent";
        public const string HlChildCode = "hl04-child-code";
        public const string ClaimPlacement = "clm-under-22-or-23";
        public const string ClaimTotal = "clm02-sum-of-sv102";
        public const string Pointers = "sv107-pointers-within-hi";
        public const string DiagnosisCount = "hi-at-most-12";
        public const string PayerClaimNumber = "ref-f8-on-7-and-8";
        public const string Limits = "tr3-repeat-limits";
        public const string Npi = "npi-check-digit";
        public const string BillingZip = "2010aa-n403-nine-digits";
        public const string DmgDate = "dmg-d8-date";
        public const string CobBalance = "cob-2320-2430-balance";
    }

    public sealed record Finding(int Segment, string Id, string Rule, string Detail)
    {
        public override string ToString() => $"segment {Segment} ({Id}): {Rule}: {Detail}";
    }

    public static IReadOnlyList<Finding> Check(string text)
    {
        var findings = new List<Finding>();
        var segments = Split(text, findings);
        if (segments.Count > 0) new Walker(segments, findings).Run();
        return findings;
    }

    public static IReadOnlyList<Finding> Check(byte[] bytes) => Check(System.Text.Encoding.UTF8.GetString(bytes));

    /// <summary>One segment: its 1-based position and its elements (element 0 is the id).</summary>
    internal sealed record Segment(int Number, string[] Elements, char Component)
    {
        public string Id => Elements[0];

        public string this[int i] => i < Elements.Length ? Elements[i] : "";

        public string[] Components(int i) => this[i].Split(Component);
    }

    private static List<Segment> Split(string text, List<Finding> findings)
    {
        text = text.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (!text.StartsWith("ISA", StringComparison.Ordinal) || text.Length < 106)
        {
            findings.Add(new Finding(1, "ISA", Rules.Envelope, "the interchange does not start with an ISA"));
            return [];
        }
        var element = text[3];
        // ISA16 (the component separator) follows the 16th element separator; the segment terminator follows it.
        var seen = 0;
        var at = 0;
        for (; at < text.Length && seen < 16; at++)
        {
            if (text[at] == element) seen++;
        }
        var component = text[at];
        var terminator = text[at + 1];
        if (at + 2 != 106) findings.Add(new Finding(1, "ISA", Rules.IsaWidth, $"the ISA is {at + 2} characters with its terminator, not 106"));

        var list = new List<Segment>();
        foreach (var raw in text.Split(terminator))
        {
            var trimmed = raw.Trim('\r', '\n').TrimStart(' ', '\t');
            if (trimmed.Length == 0) continue;
            list.Add(new Segment(list.Count + 1, trimmed.Split(element), component));
        }
        return list;
    }

    private sealed class Walker(List<Segment> segments, List<Finding> findings)
    {
        public void Run()
        {
            // A file may hold several interchanges back to back (ISA..IEA, ISA..IEA).
            var i = 0;
            while (i < segments.Count)
            {
                if (segments[i].Id != "ISA")
                {
                    Add(segments[i], Rules.Envelope, "expected ISA");
                    return;
                }
                i = Interchange(i);
            }
        }

        private int Interchange(int isaAt)
        {
            var isa = segments[isaAt];
            CheckIsa(isa);
            var groups = 0;
            var i = isaAt + 1;
            while (i < segments.Count && segments[i].Id == "GS")
            {
                groups++;
                i = Group(i);
            }
            if (i >= segments.Count || segments[i].Id != "IEA")
            {
                Add(i < segments.Count ? segments[i] : segments[^1], Rules.Envelope, "expected GS or IEA");
                return segments.Count;
            }
            var iea = segments[i];
            if (Int(iea[1]) != groups) Add(iea, Rules.IeaCount, $"IEA01 says {iea[1]}, the interchange has {groups} functional group(s)");
            if (iea[2] != isa[13]) Add(iea, Rules.IeaControl, $"IEA02 {iea[2]} differs from ISA13 {isa[13]}");
            return i + 1;
        }

        private void CheckIsa(Segment isa)
        {
            if (isa.Elements.Length != 17) Add(isa, Rules.IsaWidth, $"the ISA has {isa.Elements.Length - 1} elements, not 16");
            int[] widths = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];
            for (var e = 1; e < Math.Min(isa.Elements.Length, 17); e++)
            {
                if (isa[e].Length != widths[e - 1]) Add(isa, Rules.IsaWidth, $"ISA{e:00} is {isa[e].Length} wide, not {widths[e - 1]}");
            }
            if (!isa[13].All(char.IsAsciiDigit)) Add(isa, Rules.IsaWidth, "ISA13 is not nine digits");
        }

        private int Group(int gsAt)
        {
            var gs = segments[gsAt];
            var i = gsAt + 1;
            var sets = 0;
            var controls = new HashSet<string>(StringComparer.Ordinal);
            while (i < segments.Count && segments[i].Id == "ST")
            {
                sets++;
                if (!controls.Add(segments[i][2])) Add(segments[i], Rules.StUnique, $"ST02 {segments[i][2]} repeats in the group");
                i = TransactionSet(i);
            }
            if (i >= segments.Count || segments[i].Id != "GE")
            {
                Add(i < segments.Count ? segments[i] : segments[^1], Rules.Envelope, "expected ST or GE");
                return i;
            }
            var ge = segments[i];
            if (Int(ge[1]) != sets) Add(ge, Rules.GeCount, $"GE01 says {ge[1]}, the group has {sets} transaction set(s)");
            if (ge[2] != gs[6]) Add(ge, Rules.GeControl, $"GE02 {ge[2]} differs from GS06 {gs[6]}");
            return i + 1;
        }

        private int TransactionSet(int stAt)
        {
            var st = segments[stAt];
            var seAt = stAt + 1;
            while (seAt < segments.Count && segments[seAt].Id is not ("SE" or "ST" or "GE" or "IEA")) seAt++;
            if (seAt >= segments.Count || segments[seAt].Id != "SE")
            {
                Add(st, Rules.Envelope, "the transaction set has no SE");
                return seAt;
            }
            var se = segments[seAt];
            var count = seAt - stAt + 1;
            if (Int(se[1]) != count) Add(se, Rules.SeCount, $"SE01 says {se[1]}, ST..SE has {count} segments");
            if (se[2] != st[2]) Add(se, Rules.SeControl, $"SE02 {se[2]} differs from ST02 {st[2]}");
            Body(segments.GetRange(stAt, count));
            return seAt + 1;
        }

        private sealed record Hl(int Id, int Parent, string Level, string ChildCode, Segment Segment)
        {
            public int Children { get; set; }

            public int Claims { get; set; }
        }

        /// <summary>HL tree, claims, lines and value rules of one ST..SE.</summary>
        private void Body(List<Segment> set)
        {
            var hls = new Dictionary<int, Hl>();
            Hl? current = null;
            var expectedHl = 1;
            var claimsInSet = 0;
            string? previousNm1 = null;
            for (var i = 0; i < set.Count; i++)
            {
                var s = set[i];
                switch (s.Id)
                {
                    case "HL":
                        current = HlSegment(s, hls, expectedHl++);
                        break;
                    case "CLM":
                        claimsInSet++;
                        if (current is null || !(current.Level == "23" || (current.Level == "22" && current.ChildCode == "0")))
                            Add(s, Rules.ClaimPlacement, "a CLM sits under neither a 2000B without children nor a 2000C");
                        if (current is not null && ++current.Claims == 101) Add(s, Rules.Limits, $"more than 100 claims under HL {current.Id}");
                        i = Claim(set, i) - 1;
                        break;
                    case "NM1":
                        previousNm1 = s[1];
                        Nm1(s);
                        break;
                    case "N4" when previousNm1 == "85":
                        if (s[3].Length != 9 || !s[3].All(char.IsAsciiDigit)) Add(s, Rules.BillingZip, $"2010AA N403 has {s[3].Length} characters, not nine digits");
                        break;
                    case "DMG":
                        Dmg(s);
                        break;
                }
            }
            if (claimsInSet > 5000) Add(set[0], Rules.Limits, $"{claimsInSet} claims in one transaction set (at most 5,000)");
            foreach (var hl in hls.Values)
            {
                var expected = hl.Children > 0 ? "1" : "0";
                if (hl.ChildCode != expected) Add(hl.Segment, Rules.HlChildCode, $"HL {hl.Id} HL04 is '{hl.ChildCode}' but it has {hl.Children} child HL(s)");
            }
        }

        private Hl HlSegment(Segment s, Dictionary<int, Hl> hls, int expected)
        {
            var id = Int(s[1]);
            if (id != expected) Add(s, Rules.HlSequence, $"HL01 {s[1]}, expected {expected}");
            var parent = s[2].Length == 0 ? 0 : Int(s[2]);
            var hl = new Hl(id, parent, s[3], s[4], s);
            string? parentLevel = s[3] switch { "20" => null, "22" => "20", "23" => "22", _ => "?" };
            if (parentLevel == "?") Add(s, Rules.HlLevel, $"HL03 {s[3]} is not 20, 22 or 23");
            else if (parentLevel is null)
            {
                if (parent != 0) Add(s, Rules.HlParent, "a 2000A (20) has no parent");
            }
            else if (!hls.TryGetValue(parent, out var p)) Add(s, Rules.HlParent, $"HL02 {s[2]} is not an earlier HL in this transaction set");
            else
            {
                p.Children++;
                if (p.Level != parentLevel) Add(s, Rules.HlLevel, $"an HL {s[3]} sits under an HL {p.Level}, not {parentLevel}");
            }
            hls.TryAdd(id, hl);
            return hl;
        }

        /// <summary>Checks one claim (CLM up to the next HL, CLM or SE) and returns the index after it.</summary>
        private int Claim(List<Segment> set, int clmAt)
        {
            var clm = set[clmAt];
            var end = clmAt + 1;
            while (end < set.Count && set[end].Id is not ("HL" or "CLM" or "SE")) end++;
            var diagnoses = 0;
            var lines = 0;
            decimal lineTotal = 0;
            var hasF8 = false;
            var inLines = false;
            var pointerRows = new List<Segment>();
            // Coordination of benefits (one other payer is enough for our files): 2320 AMT*D and CAS before the lines,
            // 2430 SVD and its CAS in a line. TR3: SV102 = SVD02 + line CAS; CLM02 = AMT*D + claim CAS + all line CAS.
            decimal? otherPaid = null;
            decimal otherAdjusted = 0;
            decimal lineCharge = 0;
            (Segment Svd, decimal Paid, decimal Adjusted)? svd = null;
            void CloseSvd()
            {
                if (svd is { } open && open.Paid + open.Adjusted != lineCharge)
                    Add(open.Svd, Rules.CobBalance, $"SVD02 {open.Paid} + line CAS {open.Adjusted} is not the line charge {lineCharge}");
                svd = null;
            }
            for (var i = clmAt + 1; i < end; i++)
            {
                var s = set[i];
                switch (s.Id)
                {
                    case "LX":
                        CloseSvd();
                        inLines = true;
                        lines++;
                        break;
                    case "AMT" when !inLines && s[1] == "D":
                        otherPaid = Dec(s[2]);
                        break;
                    case "SVD":
                        CloseSvd();
                        svd = (s, Dec(s[2]), 0);
                        break;
                    case "CAS":
                        decimal adjusted = 0;
                        for (var e = 3; e < s.Elements.Length; e += 3) adjusted += s[e].Length == 0 ? 0 : Dec(s[e]);
                        otherAdjusted += adjusted;
                        if (svd is { } current) svd = current with { Adjusted = current.Adjusted + adjusted };
                        break;
                    case "REF" when !inLines && s[1] == "F8":
                        hasF8 = true;
                        break;
                    case "HI" when !inLines:
                        for (var e = 1; e < s.Elements.Length; e++)
                        {
                            if (s.Components(e)[0] is "ABK" or "ABF" or "BK" or "BF") diagnoses++;
                        }
                        break;
                    case "SV1":
                        lineCharge = Dec(s[2]);
                        lineTotal += lineCharge;
                        pointerRows.Add(s);
                        break;
                    case "NM1":
                        Nm1(s);
                        break;
                }
            }
            CloseSvd();
            if (otherPaid is { } paid && paid + otherAdjusted != Dec(clm[2]))
                Add(clm, Rules.CobBalance, $"AMT*D {paid} + CAS {otherAdjusted} is not CLM02 {clm[2]}");
            if (Dec(clm[2]) != lineTotal) Add(clm, Rules.ClaimTotal, $"CLM02 {clm[2]} but the lines add up to {lineTotal.ToString(CultureInfo.InvariantCulture)}");
            if (diagnoses > 12) Add(clm, Rules.DiagnosisCount, $"{diagnoses} diagnoses (at most 12)");
            if (lines > 50) Add(clm, Rules.Limits, $"{lines} service lines (at most 50)");
            var frequency = clm.Components(5) is { Length: >= 3 } c ? c[2] : "";
            if (frequency is "7" or "8" && !hasF8) Add(clm, Rules.PayerClaimNumber, $"frequency {frequency} without REF*F8");
            foreach (var sv1 in pointerRows)
            {
                var pointers = sv1[7].Length == 0 ? [] : sv1.Components(7);
                if (pointers.Length > 4) Add(sv1, Rules.Pointers, $"{pointers.Length} pointers (at most 4)");
                foreach (var p in pointers)
                {
                    if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > diagnoses)
                        Add(sv1, Rules.Pointers, $"pointer '{p}' is outside the claim's {diagnoses} diagnoses");
                }
            }
            return end;
        }

        private void Nm1(Segment s)
        {
            if (s[8] == "XX" && !NpiIsValid(s[9])) Add(s, Rules.Npi, $"NM1*{s[1]} NPI {s[9]} fails the Luhn check");
        }

        private void Dmg(Segment s)
        {
            if (s[1] != "D8") Add(s, Rules.DmgDate, $"DMG01 is '{s[1]}', not D8");
            if (!DateOnly.TryParseExact(s[2], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) Add(s, Rules.DmgDate, $"DMG02 '{s[2]}' is not a CCYYMMDD date");
        }

        private void Add(Segment s, string rule, string detail) => findings.Add(new Finding(s.Number, s.Id, rule, detail));

        private static int Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

        private static decimal Dec(string s) => decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : decimal.MinValue;
    }

    /// <summary>
    /// The NPI check as the CMS standard states it: the 15-digit card number "80840" + NPI passes the ordinary
    /// Luhn test (from the right, double every second digit, the total is a multiple of ten).
    /// </summary>
    public static bool NpiIsValid(string npi)
    {
        if (npi.Length != 10 || !npi.All(char.IsAsciiDigit)) return false;
        var digits = "80840" + npi;
        var sum = 0;
        for (var k = 0; k < digits.Length; k++)
        {
            var d = digits[digits.Length - 1 - k] - '0';
            if (k % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>A valid NPI for synthetic data: the digit that makes <see cref="NpiIsValid"/> true.</summary>
    public static string MakeNpi(int nineDigits)
    {
        var baseText = nineDigits.ToString("D9", CultureInfo.InvariantCulture);
        return Enumerable.Range(0, 10).Select(d => baseText + d).Single(NpiIsValid);
    }
}
