using System.Text;
using Claims.X12;

namespace Claims.Core.Tests.X12;

public sealed class X12ReaderTests
{
    [Fact]
    public void A_pretty_printed_file_with_a_BOM_and_CRLF_reads_every_segment_with_its_number()
    {
        using var file = X12Samples.Open("oopfactory-x12parser", "Acknowledgments", "_999", "DHS_Wisconsin_Sample.txt");
        var segments = X12Samples.Segments(file);

        Assert.Equal(20, segments.Count);
        Assert.Equal(["ISA", "GS", "ST", "AK1", "AK2"], segments.Take(5).Select(s => s.Id));
        Assert.Equal(Enumerable.Range(1, 20), segments.Select(s => s.Number));
        Assert.Equal("IEA", segments[^1].Id);
        Assert.Equal("2870001", segments[2].Element(2)); // no leading indentation, no trailing CR
        Assert.Equal(new X12Separators('*', ':', '^', '~'), segments[0].Separators);
    }

    [Fact]
    public void Separators_come_from_the_ISA_so_a_file_with_tilde_caret_underscore_reads_like_the_usual_one()
    {
        using var usual = X12Samples.Open("imsweb-x12-parser", "837_5010", "x12_valid.txt");
        using var unusual = X12Samples.Open("imsweb-x12-parser", "837_5010", "x12_valid_different_separators.txt");
        var (a, errorA) = X12Samples.ReadUntilRefused(usual);
        var (b, errorB) = X12Samples.ReadUntilRefused(unusual);

        Assert.Equal(new X12Separators('~', '^', '\0', '_'), b[0].Separators); // ISA11 "U": no repetition separator
        Assert.Equal(a.Select(s => s.Id), b.Select(s => s.Id));
        Assert.Equal(a.Skip(1).Select(s => s.Element(2)), b.Skip(1).Select(s => s.Element(2)));
        Assert.Equal(["HC", "99211", "25"], b.First(s => s.Id == "SV1").Components(1));
        // Both samples count SE01 = 25 for the 34 segments they hold, so both end in the same refusal.
        Assert.Equal("segment 36 (SE): expected SE01 = 34 (segments from ST at segment 3 to this SE), found 25", errorA!.Message);
        Assert.Equal(errorA.Message, errorB!.Message);
    }

    [Fact]
    public void A_pipe_component_separator_splits_the_STC_composite()
    {
        using var file = X12Samples.Open("imsweb-x12-parser", "277_5010", "x12_277CA_rejected.txt");
        var stc = X12Samples.Segments(file).Where(s => s.Id == "STC").ToList();

        Assert.Equal('|', stc[0].Separators.Component);
        Assert.Equal(["A7", "562", "85"], stc[1].Components(1));
        Assert.Equal("562", stc[1].Component(1, 2));
        Assert.Equal("", stc[1].Component(1, 4));
    }

    [Fact]
    public void A_UTF16LE_file_without_a_BOM_is_detected_by_its_NUL_bytes_and_its_truncation_reported()
    {
        // The sample stops after "NM1*41~" and a non-breaking space: five segments, then the open transaction.
        using var file = X12Samples.Open("oopfactory-x12parser", "INS", "_837P", "_5010", "UnicodeExample.txt");
        var (segments, error) = X12Samples.ReadUntilRefused(file);

        Assert.Equal(["ISA", "GS", "ST", "BHT", "NM1"], segments.Select(s => s.Id));
        Assert.Equal("001151933", segments[0].Element(13));
        Assert.Equal("segment 5 (NM1): expected SE: the input ended inside transaction set 000000001 opened at segment 3", error!.Message);
    }

    [Theory]
    [InlineData("utf-16LE-bom")]
    [InlineData("utf-16BE-bom")]
    [InlineData("utf-16BE")]
    [InlineData("utf-8-bom")]
    public void The_same_file_in_other_encodings_reads_the_same_segments(string encoding)
    {
        var text = File.ReadAllText(X12Samples.Path("oopfactory-x12parser", "Acknowledgments", "_999", "DHS_Wisconsin_Sample.txt"));
        Encoding enc = encoding switch
        {
            "utf-16LE-bom" => new UnicodeEncoding(false, true),
            "utf-16BE-bom" => new UnicodeEncoding(true, true),
            "utf-16BE" => new UnicodeEncoding(true, false),
            _ => new UTF8Encoding(true),
        };
        var bytes = enc.GetPreamble().Concat(enc.GetBytes(text)).ToArray();

        var expected = X12Samples.Segments(text);
        var actual = X12Samples.Segments(new MemoryStream(bytes));

        Assert.Equal(expected.Select(s => s.Id), actual.Select(s => s.Id));
        Assert.Equal(expected.Select(s => s.Element(1)), actual.Select(s => s.Element(1)));
    }

    [Fact]
    public void Several_interchanges_in_one_file_each_give_their_transactions_and_envelopes()
    {
        using var file = X12Samples.Open("oopfactory-x12parser", "INS", "_835", "_5010", "FromNth", "835_WithMultipleInterchanges.txt");
        using var reader = new X12Reader(file);
        var transactions = reader.ReadTransactions().ToList();

        Assert.Equal(["8001", "9001", "10001"], transactions.Select(t => t.ControlNumber));
        Assert.Equal(["000000031", "000000032", "000000033"], transactions.Select(t => t.Interchange.ControlNumber));
        Assert.Equal(["8", "9", "10"], transactions.Select(t => t.Group.ControlNumber));
        Assert.All(transactions, t => Assert.Equal('>', t.Interchange.Separators.Component));
        Assert.Equal([287, 265, 225], transactions.Select(t => t.Segments.Count));
    }

    [Fact]
    public void Each_interchange_rereads_its_separators()
    {
        var first = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~");
        var second = first.Replace('*', '|').Replace(":~", ">!").Replace('~', '!').Replace("|^|", "|`|");
        var segments = X12Samples.Segments(first + "\r\n" + second);

        Assert.Equal(14, segments.Count);
        Assert.Equal(new X12Separators('*', ':', '^', '~'), segments[0].Separators);
        Assert.Equal(new X12Separators('|', '>', '`', '!'), segments[7].Separators);
        Assert.Equal("BPR", segments[10].Id);
        Assert.Equal(11, segments[10].Number);
    }

    [Theory]
    [InlineData("oopfactory-x12parser/INS/_837P/_4010/Spec_4.1.1_PatientIsSubscriber.txt", 1, "ISA")]
    [InlineData("oopfactory-x12parser/INS/_835/_4010/Example1_GripElements.txt", 1, "ISA")]
    [InlineData("oopfactory-x12parser/INS/_835/_5010/Example1.txt", 1, "ISA")]
    public void A_4010_interchange_is_refused_saying_only_5010_is_read(string file, int segment, string id)
    {
        using var stream = X12Samples.Open(file.Split('/'));
        var error = X12Samples.Refusal(stream);

        Assert.Equal(segment, error.SegmentNumber);
        Assert.Equal(id, error.SegmentId);
        Assert.Contains("4010", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 5010", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ISA12_that_is_neither_5010_nor_4010_is_refused_at_the_ISA()
    {
        // The de-identified 4010 remittance had its ISA12 masked to 99999 along with the ids.
        using var stream = X12Samples.Open("oopfactory-x12parser", "INS", "_835", "_4010", "FromNth", "835_DeIdent_01.dat");

        Assert.Equal("segment 1 (ISA): expected ISA12 00501 (X12 5010), found '99999'", X12Samples.Refusal(stream).Message);
    }

    [Fact]
    public void A_4010_group_inside_a_5010_ISA_is_refused_at_the_GS()
    {
        var error = X12Samples.Refusal(X12Samples.Envelope("835", "004010X091A1", "BPR*I*0*C*NON~"));

        Assert.Equal("segment 2 (GS): expected X12 5010; found GS08 004010X091A1, which is X12 4010 and not supported (only 5010 is read)", error.Message);
    }

    [Theory]
    [InlineData("", "expected an ISA segment, the input is empty")]
    [InlineData("  \r\n ", "expected an ISA segment, the input is empty")]
    [InlineData("hello world", "segment 1: expected ISA at the start of the input")]
    [InlineData("GS*HP*A*B*20260101*0101*1*X*005010X221A1~", "segment 1: expected ISA at the start of the input, found 'GS*'")]
    public void Input_without_an_ISA_is_refused_clearly(string text, string message)
    {
        var error = X12Samples.Refusal(text);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_inside_a_transaction_names_the_open_ST()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", X12Samples.Body835);
        var cut = text[..text.IndexOf("CLP*CLM0002", StringComparison.Ordinal)];

        var error = X12Samples.Refusal(cut);

        Assert.Equal("REF", error.SegmentId);
        Assert.Equal("segment 29 (REF): expected SE: the input ended inside transaction set 0001 opened at segment 3", error.Message);
    }

    [Fact]
    public void A_file_cut_inside_the_ISA_is_refused()
    {
        var error = X12Samples.Refusal(X12Samples.Isa[..60]);

        Assert.Equal("segment 1 (ISA): expected 16 elements and a segment terminator, the input ended inside the ISA", error.Message);
    }

    [Fact]
    public void A_file_cut_after_GE_says_IEA_is_missing()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~");
        var error = X12Samples.Refusal(text[..text.IndexOf("IEA", StringComparison.Ordinal)]);

        Assert.Equal("segment 6 (GE): expected IEA: the input ended inside interchange 000000101 opened at segment 1", error.Message);
    }

    [Fact]
    public void A_wrong_SE_count_is_refused_with_the_count_expected()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~TRN*1*1~").Replace("SE*4*", "SE*5*", StringComparison.Ordinal);

        var error = X12Samples.Refusal(text);

        Assert.Equal("segment 6 (SE): expected SE01 = 4 (segments from ST at segment 3 to this SE), found 5", error.Message);
    }

    [Fact]
    public void An_SE_that_does_not_echo_ST02_is_refused()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~").Replace("SE*3*0001", "SE*3*0002", StringComparison.Ordinal);

        Assert.Equal("segment 5 (SE): expected SE02 to echo ST02 0001, found 0002", X12Samples.Refusal(text).Message);
    }

    [Fact]
    public void Wrong_GE_and_IEA_counts_are_refused()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~");

        Assert.Equal("segment 6 (GE): expected GE01 = 1 (transaction sets in group 101), found 2",
            X12Samples.Refusal(text.Replace("GE*1*", "GE*2*", StringComparison.Ordinal)).Message);
        Assert.Equal("segment 7 (IEA): expected IEA01 = 1 (functional groups in interchange 000000101), found 3",
            X12Samples.Refusal(text.Replace("IEA*1*", "IEA*3*", StringComparison.Ordinal)).Message);
    }

    [Fact]
    public void A_GE_or_IEA_control_number_that_does_not_echo_its_header_is_refused_unless_tolerated()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~").Replace("GE*1*101", "GE*1*102", StringComparison.Ordinal);

        Assert.Equal("segment 6 (GE): expected GE02 to echo GS06 101, found 102", X12Samples.Refusal(text).Message);

        using var reader = new X12Reader(new StringReader(text), new X12ReaderOptions { TolerateTrailerControlNumbers = true });
        Assert.Equal(7, reader.ReadSegments().Count());
        Assert.Equal("segment 6 (GE): expected GE02 to echo GS06 101, found 102", Assert.Single(reader.Warnings).ToString());
    }

    [Fact]
    public void Control_numbers_compare_by_value_so_leading_zeros_do_not_matter()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~").Replace("IEA*1*000000101", "IEA*1*101", StringComparison.Ordinal);

        Assert.Equal(7, X12Samples.Segments(text).Count);
    }

    [Fact]
    public void A_segment_outside_its_envelope_is_refused_with_what_was_expected()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~");

        Assert.Equal("segment 5 (GE): expected SE to close transaction set 0001 opened at segment 3",
            X12Samples.Refusal(text.Replace("SE*3*0001~", "", StringComparison.Ordinal)).Message);
        Assert.Equal("segment 2 (ST): expected GS to open a functional group or IEA to close interchange 000000101",
            X12Samples.Refusal(text.Replace("GS*HP*SENDER*RECEIVER*20261130*0300*101*X*005010X221A1~", "", StringComparison.Ordinal)).Message);
        Assert.StartsWith("segment 8: expected ISA to open the next interchange",
            X12Samples.Refusal(text + "ST*835*0002~").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_that_does_not_start_with_an_id_is_refused_without_echoing_its_content()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~Jane Doe*1~");
        var error = X12Samples.Refusal(text);

        Assert.Equal(5, error.SegmentNumber);
        Assert.DoesNotContain("Jane", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected a segment id of 2 or 3 capital letters or digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_ST_SE_set_is_refused_by_default_and_read_with_default_separators_when_allowed()
    {
        using (var strict = X12Samples.Open("edi-835-parser", "test_edi_835_files", "blue_cross_nc_sample.txt"))
        {
            var error = X12Samples.Refusal(strict);
            Assert.Equal("segment 1: expected ISA at the start of the input, found 'ST*' (this is a bare ST..SE set with no envelope, read only when the caller allows it)", error.Message);
        }

        var bare = new X12ReaderOptions { AllowBareTransactionSet = true };
        using (var asPublished = X12Samples.Open("edi-835-parser", "test_edi_835_files", "blue_cross_nc_sample.txt"))
        {
            // The companion guide's example counts 33 segments where it has 32: the count check still applies.
            Assert.Equal("segment 32 (SE): expected SE01 = 32 (segments from ST at segment 1 to this SE), found 33",
                X12Samples.Refusal(asPublished, bare).Message);
        }

        using var reader = new X12Reader(new StringReader(X12Samples.BlueCrossSampleWithSeCountFixed()), bare);
        var transaction = Assert.Single(reader.ReadTransactions());

        Assert.Equal("835", transaction.Code);
        Assert.Equal(32, transaction.Segments.Count);
        Assert.Equal("", transaction.Interchange.ControlNumber);
    }

    [Fact]
    public void The_last_segment_may_lack_its_terminator()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~").TrimEnd('~') + "\r\n";

        Assert.Equal("IEA", X12Samples.Segments(text)[^1].Id);
    }

    [Fact]
    public void Segment_helpers_give_elements_components_and_repetitions_by_TR3_position()
    {
        var text = X12Samples.Envelope("835", "005010X221A1", "BPR*I*0*C*NON~XYZ*A^B^C*HC:99213:25***~");
        var xyz = X12Samples.Segments(text).Single(s => s.Id == "XYZ");

        Assert.Equal(5, xyz.ElementCount);
        Assert.Equal(["A", "B", "C"], xyz.Repetitions(1));
        Assert.Equal(["HC", "99213", "25"], xyz.Components(2));
        Assert.Equal("", xyz.Element(3));
        Assert.Null(xyz.Optional(9));
        Assert.Equal("segment 5 (XYZ)", xyz.ToString());
        Assert.Equal("segment 5 (XYZ): expected XYZ03 (a thing)", Assert.Throws<X12FormatException>(() => xyz.Required(3, "a thing")).Message);
        Assert.Equal("segment 5 (XYZ): expected at least 7 elements, found 5", Assert.Throws<X12FormatException>(() => xyz.RequireElements(7)).Message);
    }

    [Fact]
    public void X12_format_errors_are_domain_errors_with_a_stable_code()
    {
        ClaimsDomainException error = X12Samples.Refusal("nope");

        Assert.Equal("x12-format", error.Code);
    }
}
