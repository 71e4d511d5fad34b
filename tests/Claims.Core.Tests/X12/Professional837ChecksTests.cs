using Claims.X12;

namespace Claims.Core.Tests.X12;

/// <summary>
/// imsweb's deliberately broken 837P files. Each also shares the samples' wrong SE01 (25 for 34 segments), which the
/// envelope check reports at segment 36; the TR3 checks run as the segments stream, so each file's own defect is
/// the one reported, earlier.
/// </summary>
public sealed class Professional837ChecksTests
{
    private static X12FormatException Refusal(string file)
    {
        using var stream = X12Samples.Open("imsweb-x12-parser", "837_5010", file);
        using var reader = new X12Reader(stream);
        return Assert.Throws<X12FormatException>(() => reader.ReadSegments().CheckProfessionalClaims().ToList());
    }

    [Fact]
    public void Missing_elements_are_refused_at_the_first_NM1_without_its_entity_type()
    {
        Assert.Equal("segment 7 (NM1): expected NM102 (entity type qualifier: 1 person, 2 non-person entity)",
            Refusal("x12_missing_elements.txt").Message);
    }

    [Fact]
    public void A_claim_without_CLM05_is_refused_naming_the_composite()
    {
        using var stream = X12Samples.Open("imsweb-x12-parser", "837_5010", "x12_missing_elements.txt");
        var text = new StreamReader(stream).ReadToEnd().Replace("NM1*40**", "NM1*40*2*", StringComparison.Ordinal);
        using var reader = new X12Reader(new StringReader(text));

        var error = Assert.Throws<X12FormatException>(() => reader.ReadSegments().CheckProfessionalClaims().ToList());

        Assert.Equal("segment 31 (CLM): expected CLM05 as place of service:B:claim frequency code", error.Message);
    }

    [Fact]
    public void Segments_out_of_order_are_refused_at_the_N4_that_follows_the_loop_REF()
    {
        Assert.Equal("segment 12 (N4): expected N4 before REF in the name loop (the address follows NM1); REF came first at segment 11",
            Refusal("x12_segments_out_of_order.txt").Message);
    }

    [Fact]
    public void An_N3_after_its_N4_is_refused()
    {
        // The sample's second defect (subscriber loop: N4 at 16, N3 at 17), reached once the first is mended.
        using var stream = X12Samples.Open("imsweb-x12-parser", "837_5010", "x12_segments_out_of_order.txt");
        var text = new StreamReader(stream).ReadToEnd()
            .Replace("REF*EI*123456789~\nN4*CALVERTON*MD*20705~", "N4*CALVERTON*MD*20705~\nREF*EI*123456789~", StringComparison.Ordinal);
        using var reader = new X12Reader(new StringReader(text));

        var error = Assert.Throws<X12FormatException>(() => reader.ReadSegments().CheckProfessionalClaims().ToList());

        Assert.Equal("segment 17 (N3): expected N3 (address) before N4 (city, state, ZIP) in the name loop; N4 came first at segment 16", error.Message);
    }

    [Fact]
    public void A_bad_code_is_refused_where_the_billing_provider_should_be()
    {
        Assert.Equal("segment 9 (NM1): expected NM101 85 (billing provider, loop 2010AA) as the first name after HL*20, found '117'",
            Refusal("x12_bad_valid_code.txt").Message);
    }

    [Fact]
    public void The_valid_sample_passes_the_checks_and_stops_only_at_its_wrong_SE_count()
    {
        Assert.Equal("segment 36 (SE): expected SE01 = 34 (segments from ST at segment 3 to this SE), found 25", Refusal("x12_valid.txt").Message);
    }

    [Fact]
    public void The_TR3_example_claim_passes_every_check()
    {
        using var stream = X12Samples.Open("oopfactory-x12parser", "INS", "_837P", "_5010", "Example1_HealthInsurance.txt");
        using var reader = new X12Reader(stream);

        var segments = reader.ReadSegments().CheckProfessionalClaims().ToList();

        Assert.Equal("IEA", segments[^1].Id);
        Assert.Single(segments, s => s.Id == "CLM");
    }
}
