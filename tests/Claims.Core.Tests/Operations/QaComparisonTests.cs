using Claims.Operations.Qa;

namespace Claims.Core.Tests.Operations;

public sealed class QaComparisonTests
{
    [Fact]
    public void Identical_codes_score_one_hundred_percent_with_no_findings()
    {
        var codes = QaCodes.Parse("J20.9, R50.9", "99213, 71046");
        var result = QaComparison.Compare(codes, codes);
        Assert.Equal(10_000, result.AccuracyBasisPoints);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Each_difference_in_diagnoses_principal_modifiers_and_units_costs_a_point_and_is_named()
    {
        var coder = QaCodes.Parse("R50.9, J20.9, R05.9", "99213-25, 96372x1");
        var reviewer = QaCodes.Parse("J20.9 R50.9", "99213 96372x2 71046");
        var result = QaComparison.Compare(coder, reviewer);
        // Diagnoses: J20.9, R50.9 agree, R05.9 extra (2/3); principal differs (0/1);
        // 99213 present (1) modifiers differ (0) units agree (1); 96372 present (1) modifiers agree (1) units differ (0); 71046 missing (0/1).
        Assert.Equal(2 + 0 + 2 + 2 + 0, result.Earned);
        Assert.Equal(3 + 1 + 3 + 3 + 1, result.Possible);
        Assert.Equal(5455, result.AccuracyBasisPoints);
        Assert.Contains("Diagnosis R05.9: not supported (the reviewer did not code it)", result.Findings);
        Assert.Contains("Principal diagnosis: coded R50.9, reviewer chose J20.9", result.Findings);
        Assert.Contains("Procedure 99213: modifiers 25, reviewer none", result.Findings);
        Assert.Contains("Procedure 96372: 1 unit(s), reviewer 2", result.Findings);
        Assert.Contains("Procedure 71046: missing (the reviewer coded it)", result.Findings);
    }

    [Fact]
    public void Codes_round_trip_through_their_stored_form_and_bad_codes_are_named()
    {
        var codes = QaCodes.Parse("J20.9, R50.9", "99213-25-59x2, J1885");
        Assert.Equal("J20.9 R50.9 | 99213-25-59x2 J1885x1", codes.Format());
        Assert.Equal(codes.Format(), QaCodes.FromStored(codes.Format()).Format());
        Assert.Contains("'ZZZ' is not an ICD-10-CM code", Assert.Throws<DomainValidationException>(() => QaCodes.Parse("ZZZ", "99213")).Message, StringComparison.Ordinal);
        Assert.Contains("not a CPT or HCPCS code", Assert.Throws<DomainValidationException>(() => QaCodes.Parse("J20.9", "9x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coding_denial_reasons_are_found_in_a_denials_history_reason()
    {
        Assert.Equal(["CO-16", "CO-97"], CodingDenials.In("835: CO-16, PR-1, CO-97, CO-45"));
        Assert.Empty(CodingDenials.In("835: CO-29, CO-45"));
        Assert.Equal(9, CodingDenials.Reasons.Count);
    }

    [Fact]
    public void The_week_of_a_day_is_its_monday()
    {
        Assert.Equal(new DateOnly(2026, 11, 30), QaSampling.WeekOf(new DateOnly(2026, 12, 6)));
        Assert.Equal(new DateOnly(2026, 11, 30), QaSampling.WeekOf(new DateOnly(2026, 11, 30)));
    }
}
