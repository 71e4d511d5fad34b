using Claims.Core.Tests.X12;
using Claims.Remittance;
using Claims.X12;

namespace Claims.Core.Tests.Remittance;

public sealed class AcknowledgmentReaderTests
{
    private static List<RemittanceDocument> Read(X12ReaderOptions? options, params string[] path)
    {
        using var file = X12Samples.Open(path);
        return RemittanceFile.Read(file, options).ToList();
    }

    [Fact]
    public void The_Wisconsin_999_gives_each_transaction_set_its_errors_and_the_group_verdict()
    {
        var ack = Assert.IsType<ImplementationAcknowledgment>(Assert.Single(Read(null, "oopfactory-x12parser", "Acknowledgments", "_999", "DHS_Wisconsin_Sample.txt")));

        Assert.Equal(("HC", "17456", "004010X098A1"), (ack.AcknowledgedFunctionalId, ack.AcknowledgedGroupControlNumber, ack.AcknowledgedVersion));
        Assert.Equal(["0001", "002", "0003"], ack.TransactionSets.Select(t => t.ControlNumber));
        Assert.Equal(["A", "R", "R"], ack.TransactionSets.Select(t => t.Status));
        Assert.True(ack.TransactionSets[0].IsAccepted);
        Assert.Empty(ack.TransactionSets[0].SegmentErrors);

        var clm = Assert.Single(ack.TransactionSets[1].SegmentErrors);
        Assert.Equal(("CLM", 22, (string?)null, "8"), (clm.SegmentId, clm.Position, clm.LoopId, clm.ErrorCode));
        var element = Assert.Single(clm.ElementErrors);
        Assert.Equal((2, "782", "1"), (element.Position, element.ElementReference, element.ErrorCode));
        Assert.Equal(["5"], ack.TransactionSets[1].ErrorCodes);
        Assert.Equal(("REF", 57, "3"), (ack.TransactionSets[2].SegmentErrors[0].SegmentId, ack.TransactionSets[2].SegmentErrors[0].Position, ack.TransactionSets[2].SegmentErrors[0].ErrorCode));

        Assert.Equal(("P", 3, 3, 1), (ack.GroupStatus, ack.TransactionSetsIncluded, ack.TransactionSetsReceived, ack.TransactionSetsAccepted));
        Assert.False(ack.IsGroupAccepted);
    }

    [Fact]
    public void The_rejected_999_names_the_segment_error_and_rejects_the_group()
    {
        var ack = Assert.IsType<ImplementationAcknowledgment>(Assert.Single(Read(null, "imsweb-x12-parser", "837_5010", "x12_999_rejected.txt")));

        var set = Assert.Single(ack.TransactionSets);
        Assert.Equal(("837", "0028", (string?)null, "R"), (set.TransactionSetCode, set.ControlNumber, set.ImplementationGuide, set.Status));
        Assert.Equal(("NM", 17, "1"), (set.SegmentErrors[0].SegmentId, set.SegmentErrors[0].Position, set.SegmentErrors[0].ErrorCode));
        Assert.Equal(("R", 1, 1, 0), (ack.GroupStatus, ack.TransactionSetsIncluded, ack.TransactionSetsReceived, ack.TransactionSetsAccepted));
    }

    [Fact]
    public void The_accepted_999_with_a_wrong_IEA02_is_refused_strictly_and_read_when_trailer_numbers_are_tolerated()
    {
        var error = Assert.Throws<X12FormatException>(() => Read(null, "imsweb-x12-parser", "837_5010", "x12_999_accepted.txt"));
        Assert.Equal("segment 10 (IEA): expected IEA02 to echo ISA13 000000286, found 000000001", error.Message);

        using var file = X12Samples.Open("imsweb-x12-parser", "837_5010", "x12_999_accepted.txt");
        using var reader = new X12Reader(file, new X12ReaderOptions { TolerateTrailerControlNumbers = true });
        var ack = Assert.IsType<ImplementationAcknowledgment>(Assert.Single(RemittanceFile.Read(reader).ToList()));

        Assert.Equal(("HC", "17456", "A"), (ack.AcknowledgedFunctionalId, ack.AcknowledgedGroupControlNumber, ack.GroupStatus));
        Assert.Equal("0001", Assert.Single(ack.TransactionSets).ControlNumber);
        Assert.Equal(10, Assert.Single(reader.Warnings).SegmentNumber);
    }

    [Theory]
    [InlineData("AK2*837*1~IK5*A~AK9*A*1*1*1~", "segment 4 (AK2): expected AK1 before AK2")]
    [InlineData("AK1*HC*1*005010X222A1~AK2*837*1~AK9*A*1*1*1~", "segment 6 (AK9): expected IK5 to close the AK2 at segment 5")]
    [InlineData("AK1*HC*1*005010X222A1~AK2*837*1~IK5*Q~AK9*A*1*1*1~", "segment 6 (IK5): expected IK501 (transaction set acknowledgment code) to be one of A, E, M, R, W, X, found 'Q'")]
    [InlineData("AK1*HC*1*005010X222A1~AK2*837*1~IK4*2*782*1~IK5*R~AK9*R*1*1*0~", "segment 6 (IK4): expected IK3 before IK4")]
    [InlineData("AK1*HC*1*005010X222A1~AK2*837*1~IK5*A~", "segment 7 (SE): expected AK9 (functional group response trailer) in the 999")]
    public void A_malformed_999_is_refused_with_its_segment_number(string body, string message)
    {
        var text = X12Samples.Envelope("999", "005010X231A1", body, "FA");

        var error = Assert.Throws<X12FormatException>(() => RemittanceFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))).ToList());

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void The_accepted_277CA_gives_the_claim_its_payer_claim_number_status_and_HL_context()
    {
        var ack = Assert.IsType<ClaimAcknowledgment>(Assert.Single(Read(null, "imsweb-x12-parser", "277_5010", "x12_277CA_accepted.txt")));

        var claim = Assert.Single(ack.Claims);
        Assert.Equal(("5781", "1107000000014420"), (claim.ClaimControlNumber, claim.PayerClaimNumber));
        var status = Assert.Single(claim.Statuses);
        Assert.Equal(new StatusCode("A2", "20", null), status.Primary);
        Assert.Equal(("WQ", (long?)12500, new DateOnly(2011, 3, 11)), (status.ActionCode, status.AmountCents, status.EffectiveDate!.Value));
        Assert.Equal(AcknowledgmentOutcome.Accepted, claim.Outcome);
        Assert.Equal(("20", "NYSDOH"), (claim.Source!.LevelCode, claim.Source.Name!.LastOrOrganization));
        Assert.Equal(("21", "000000674"), (claim.Receiver!.LevelCode, claim.Receiver.TraceNumber));
        Assert.Equal(("19", "1234567890"), (claim.Provider!.LevelCode, claim.Provider.Name!.Id));
        Assert.Equal(("PT", "QC"), (claim.Patient.LevelCode, claim.Patient.Name!.EntityCode));
        Assert.Equal(new DateOnly(1001, 1, 1), claim.ServiceFrom); // the sample's placeholder date, read as written

        var batch = Assert.Single(ack.LevelStatuses);
        Assert.Equal(("21", "A1", (long?)12500), (batch.Party.LevelCode, batch.Status.Primary.Category, batch.Status.AmountCents));
        Assert.Equal(("000000674", new DateOnly(2011, 3, 11)), (ack.ReferenceId, ack.CreatedDate!.Value));
    }

    [Fact]
    public void The_rejected_277CA_with_a_pipe_component_separator_reads_like_its_pretty_printed_twin()
    {
        var single = Assert.IsType<ClaimAcknowledgment>(Assert.Single(Read(null, "imsweb-x12-parser", "277_5010", "x12_277CA_rejected.txt")));
        var pretty = Assert.IsType<ClaimAcknowledgment>(Assert.Single(Read(null, "oopfactory-x12parser", "INS", "_277", "_5010", "FromAlexbrodsky.txt")));

        var claim = Assert.Single(single.Claims);
        Assert.Equal(("3920394930203", "1107000000001120"), (claim.ClaimControlNumber, claim.PayerClaimNumber));
        Assert.Equal(new StatusCode("A7", "562", "85"), claim.Statuses[0].Primary);
        Assert.Equal(AcknowledgmentOutcome.Rejected, claim.Outcome);
        Assert.Contains(claim.References, r => r is { Qualifier: "BLT", Value: "731" });

        var twin = Assert.Single(pretty.Claims);
        Assert.Equal((claim.ClaimControlNumber, claim.PayerClaimNumber, claim.Statuses[0].Primary, claim.Statuses[0].AmountCents),
            (twin.ClaimControlNumber, twin.PayerClaimNumber, twin.Statuses[0].Primary, twin.Statuses[0].AmountCents));
    }

    [Fact]
    public void The_masked_277CA_gives_three_claims_under_two_providers_with_all_their_statuses()
    {
        var ack = Assert.IsType<ClaimAcknowledgment>(Assert.Single(Read(null, "oopfactory-x12parser", "INS", "_276", "_5010", "277_Deidentified_from_nth.txt")));

        Assert.Equal(3, ack.Claims.Count);
        Assert.All(ack.Claims, c => Assert.Equal(3, c.Statuses.Count));
        Assert.Equal([22000L, 34000L, 34000L], ack.Claims.Select(c => c.Statuses[0].AmountCents!.Value));
        Assert.Equal([new DateOnly(2012, 1, 9), new DateOnly(2011, 3, 16), new DateOnly(2011, 10, 10)], ack.Claims.Select(c => c.ServiceFrom!.Value));
        Assert.Equal(2, ack.Claims.Select(c => c.Provider!.Name!.LastOrOrganization).Distinct().Count());
        Assert.All(ack.Claims, c => Assert.Equal(AcknowledgmentOutcome.Other, c.Outcome)); // category X9 is the masking's
        Assert.Equal(["21", "19", "19"], ack.LevelStatuses.Select(s => s.Party.LevelCode));
    }

    [Fact]
    public void A_plain_277_claim_status_response_is_not_taken_for_a_277CA()
    {
        var error = Assert.Throws<X12FormatException>(() => Read(null, "imsweb-x12-parser", "277_5010", "x12_277_x212.txt"));

        Assert.Equal("segment 3 (ST): expected implementation guide 005010X214 (277CA claim acknowledgment), found 005010X212", error.Message);
    }

    [Fact]
    public void A_277CA_with_placeholder_envelope_values_is_refused_at_the_ISA()
    {
        var error = Assert.Throws<X12FormatException>(() => Read(null, "oopfactory-x12parser", "INS", "_277", "_5010", "FromLatitude81uk.txt"));

        Assert.Equal("segment 1 (ISA): expected ISA12 00501 (X12 5010), found '343434'", error.Message);
    }

    [Theory]
    [InlineData("HL*1**20*1~HL*2*1*21*1~HL*3*2*19*1~HL*4*3*PT~NM1*QC*1*DOE~STC*A1:20*20260101*WQ*10~", "segment 10 (STC): expected TRN*2 (the claim's trace, loop 2200D) before STC")]
    [InlineData("HL*1**20*1~HL*2*1*19*1~", "segment 6 (HL): expected HL*19 under an HL*21, found it under HL*20")]
    [InlineData("HL*1**20*1~HL*2*1*21*1~HL*3*2*19*1~HL*4*3*22~", "segment 8 (HL): expected HL03 (hierarchical level code) to be one of 20, 21, 19, PT, found '22'")]
    [InlineData("HL*1**20*1~HL*2*1*21*1~HL*3*2*19*1~HL*4*3*PT~TRN*2*CLM1~STC*A1:20*2trtrtrt~", "segment 10 (STC): expected STC02 (status information effective date) as a CCYYMMDD date, found '2trtrtrt'")]
    [InlineData("HL*1**20*1~HL*2*1*21*1~HL*3*2*19*1~HL*4*3*PT~TRN*2*CLM1~REF*1K*P1~", "segment 9 (TRN): expected at least one STC (claim level status) for the claim")]
    public void A_malformed_277CA_is_refused_with_its_segment_number(string body, string message)
    {
        var text = X12Samples.Envelope("277", "005010X214", "BHT*0085*08*1*20260101*1200*TH~" + body, "HN");

        var error = Assert.Throws<X12FormatException>(() => RemittanceFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))).ToList());

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("A1", AcknowledgmentOutcome.Accepted)]
    [InlineData("A2", AcknowledgmentOutcome.Accepted)]
    [InlineData("A3", AcknowledgmentOutcome.Rejected)]
    [InlineData("A4", AcknowledgmentOutcome.Rejected)]
    [InlineData("A6", AcknowledgmentOutcome.Rejected)]
    [InlineData("A7", AcknowledgmentOutcome.Rejected)]
    [InlineData("A8", AcknowledgmentOutcome.Rejected)]
    [InlineData("A5", AcknowledgmentOutcome.Other)]
    [InlineData("F1", AcknowledgmentOutcome.Other)]
    public void Status_categories_classify_as_the_277CA_guide_says(string category, AcknowledgmentOutcome outcome)
    {
        Assert.Equal(outcome, ClaimStatusCategories.Classify(category));
    }
}
