using static Claims.Core.Tests.Submission.X12Checker.Rules;

namespace Claims.Core.Tests.Submission;

/// <summary>
/// The independent checker over real public 837P files (imsweb/x12-parser test resources, copied byte for byte
/// into fixtures/x12/837, see its README). They were written to exercise a parser, not to pass a clearinghouse:
/// SE01 is a constant 25, CLM02 is 500 whatever the lines say, the NPI is 1234567890 (bad check digit), the
/// 2010AA ZIP has five digits and the second subscriber HL reuses id 2 under a parent 3 that does not exist.
/// Each file must parse with every envelope found and exactly the rule breaks listed here, no more, no fewer.
/// </summary>
public sealed class ImswebSampleTests
{
    private static readonly string[] Common = [SeCount, Npi, BillingZip, ClaimPlacement, ClaimTotal, HlSequence, HlParent, HlChildCode];

    public static TheoryData<string, string[]> Samples() => new()
    {
        { "x12_valid.txt", Common },
        { "x12_valid_different_separators.txt", Common },
        { "x12_segments_out_of_order.txt", Common },
        { "x12_missing_elements.txt", Common },
        // NM1*117 instead of NM1*85 (the deliberately invalid code), so no N4 counts as the 2010AA ZIP.
        { "x12_bad_valid_code.txt", [.. Common.Except([BillingZip])] },
        // Three GS in one ISA whose IEA01 still says 1.
        { "x12_multiple_gs.txt", [.. Common, IeaCount] },
        // Two ST with the same ST02 in a GS whose GE01 still says 1.
        { "x12_multiple_st.txt", [.. Common, StUnique, GeCount] },
        // 312 interchanges back to back, each a copy of x12_valid.
        { "x12_multiple_transactions.txt", Common },
        { "x12_many_claims.txt", Common },
        // Two ST whose GE01 says 1. HL id 2 is reused and the 2000C under "2" counts as the first HL 2's child,
        // so HL04 raises nothing here; HL01 and HL02 report the reuse.
        // Its one 2430 (SVD02 55 on a 12.26 line) does not balance either.
        { "x12_complex.txt", [.. Common.Except([HlChildCode]), GeCount, CobBalance] },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_checker_reads_each_real_sample_and_reports_exactly_its_known_rule_breaks(string file, string[] rules)
    {
        var findings = X12Checker.Check(File.ReadAllBytes(Fixtures.Path("x12", "837", file)));

        Assert.Equal(rules.Order(), findings.Select(f => f.Rule).Distinct().Order());
    }

    [Fact]
    public void On_the_minimal_valid_sample_the_findings_name_the_segment_and_the_numbers()
    {
        var findings = X12Checker.Check(File.ReadAllBytes(Fixtures.Path("x12", "837", "x12_valid.txt")))
            .OrderBy(f => f.Segment).ThenBy(f => f.Rule, StringComparer.Ordinal).Select(f => f.ToString());

        Assert.Equal(
        [
            "segment 9 (NM1): npi-check-digit: NM1*85 NPI 1234567890 fails the Luhn check",
            "segment 11 (N4): 2010aa-n403-nine-digits: 2010AA N403 has 5 characters, not nine digits",
            "segment 18 (HL): hl04-child-code: HL 2 HL04 is '1' but it has 0 child HL(s)",
            "segment 22 (CLM): clm-under-22-or-23: a CLM sits under neither a 2000B without children nor a 2000C",
            "segment 22 (CLM): clm02-sum-of-sv102: CLM02 500 but the lines add up to 12.25",
            "segment 27 (HL): hl01-sequence: HL01 2, expected 3",
            "segment 27 (HL): hl02-parent: HL02 3 is not an earlier HL in this transaction set",
            "segment 31 (CLM): clm-under-22-or-23: a CLM sits under neither a 2000B without children nor a 2000C",
            "segment 31 (CLM): clm02-sum-of-sv102: CLM02 500 but the lines add up to 12.25",
            "segment 36 (SE): se01-segment-count: SE01 says 25, ST..SE has 34 segments",
        ], findings);
    }

    [Fact]
    public void The_many_claims_sample_is_read_whole_820_claims_each_with_its_total_checked()
    {
        var findings = X12Checker.Check(File.ReadAllBytes(Fixtures.Path("x12", "837", "x12_many_claims.txt")));

        Assert.Equal(820, findings.Count(f => f.Rule == ClaimTotal));
    }
}
