using Claims.Coding;

namespace Claims.Core.Tests.Coding;

public sealed class ImporterTests
{
    private static readonly CodeSetInfo Info = new("test", "imported", null, null, "test");

    [Fact]
    public void Ncci_ptp_rows_are_read_with_dates_and_modifier_indicators()
    {
        const string file = "Column 1\tColumn 2\t*\tEffective\tDeletion\tModifier\tRationale\n" +
                            "80053\t80048\t\t20010101\t*\t0\tPanel components\n" +
                            "45380\t45378\t*\t19960101\t20201231\t1\tEndoscopy\n";
        var table = NcciPtpTable.Parse(new StringReader(file), Info);
        Assert.Equal(2, table.Count);
        Assert.Equal(0, table.Find("80053", "80048", new DateOnly(2026, 1, 1))!.ModifierIndicator);
        Assert.NotNull(table.Find("45380", "45378", new DateOnly(2020, 6, 1)));
        Assert.Null(table.Find("45380", "45378", new DateOnly(2021, 1, 1))); // deleted
        Assert.Null(table.Find("80048", "80053", new DateOnly(2026, 1, 1))); // order matters: column 2 is denied
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("80053\t80048\t\t20010101\t*\t0\tx\n", "header")]
    [InlineData("h\n80053\t80048\t\t2001-01-01\t*\t0\tx\n", "YYYYMMDD")]
    [InlineData("h\n80053\t80048\t\t20010101\t*\t2\tx\n", "0, 1 or 9")]
    [InlineData("h\n80053,80048,,20010101,*,0,x\n", "tab-separated")]
    [InlineData("h\n80053\t80048\t\t20010101\t*\t0\tx\nABC\t80048\t\t20010101\t*\t0\tx\n", "line 3: column 1")]
    [InlineData("h\n", "no edits")]
    public void Malformed_ncci_files_are_refused_with_a_clear_message(string file, string expected)
    {
        var ex = Assert.Throws<CodeSetFormatException>(() => NcciPtpTable.Parse(new StringReader(file), Info));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cms_style_header_block_before_the_rows_is_skipped()
    {
        const string file = "CPT codes, descriptions and other data only are copyright 2025 American Medical Association.\n\n" +
                            "Column 1\tColumn 2\t*\tEffective\tDeletion\tModifier\tRationale\n" +
                            "\t\t= In existence prior to 1996\t\t*=no data\t0=not allowed\t\n" +
                            "80053\t80048\t\t20010101\t*\t0\tPanel components\n";
        Assert.Equal(1, NcciPtpTable.Parse(new StringReader(file), Info).Count);
    }

    [Fact]
    public void Mue_rows_are_read_with_their_adjudication_indicator()
    {
        const string file = "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n" +
                            "99213,1,2 Date of Service Edit: Policy,Nature of Service/Procedure\n" +
                            "20610,2,1 Line Edit,\"Anatomic Consideration, bilateral\"\n";
        var table = MueTable.Parse(new StringReader(file), Info);
        Assert.Equal(2, table.Limits["99213"].AdjudicationIndicator);
        Assert.Equal(1, table.Limits["20610"].AdjudicationIndicator);
        Assert.Equal("Anatomic Consideration, bilateral", table.Limits["20610"].Rationale);
    }

    [Theory]
    [InlineData("99213,1,2 Date of Service Edit\n", "header")]
    [InlineData("h\n99213,one,2 Date of Service Edit\n", "whole number")]
    [InlineData("h\n99213,1,4 Something\n", "1, 2 or 3")]
    [InlineData("h\n99213;1;2\n", "comma-separated")]
    public void Malformed_mue_files_are_refused_with_a_clear_message(string file, string expected)
    {
        var ex = Assert.Throws<CodeSetFormatException>(() => MueTable.Parse(new StringReader(file), Info));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cpt_file_of_codes_and_descriptions_is_read_and_marked_licensed()
    {
        var set = CptCodeSet.ReadLabels(new StringReader("code\tdescription\n99213\tOffice visit\n0001U,Lab test\n"), Info, licensed: true);
        Assert.True(set.Licensed);
        Assert.Equal("Office visit", set.Codes["99213"].Label);
        Assert.Equal("Lab test", set.Codes["0001U"].Label);
        var ex = Assert.Throws<CodeSetFormatException>(() => CptCodeSet.ReadLabels(new StringReader("99213\tOffice\nABC\tbad\n"), Info, licensed: true));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_order_file_and_tabular_xml_make_a_fiscal_year_set()
    {
        var order = string.Join("\n",
            "00001 A00     0 Cholera                                                      Cholera",
            "00002 A000    1 Cholera due to Vibrio cholerae 01, biovar cholerae           Cholera due to Vibrio cholerae 01, biovar cholerae");
        const string xml = "<ICD10CM.tabular><chapter><section><diag><name>A00</name><desc>Cholera</desc>" +
                           "<excludes1><note>other thing (B99)</note></excludes1></diag></section></chapter></ICD10CM.tabular>";
        var set = Icd10CmCodeSet.ParseOrderFile(new StringReader(order), new StringReader(xml), 2027, "test");
        Assert.Equal(new DateOnly(2026, 10, 1), set.Info.EffectiveFrom);
        Assert.Equal(new DateOnly(2027, 9, 30), set.Info.EffectiveTo);
        Assert.False(set.Find("A00")!.Billable);
        Assert.True(set.Find("A00.0")!.Billable);
        Assert.Contains(set.Excludes1For("A000"), n => n.References.Any(r => r.Matches("B99")));
    }

    [Theory]
    [InlineData("not an order file")]
    [InlineData("00001 A00     X Cholera                                                      Cholera")]
    [InlineData("00001 1A0     0 Cholera                                                      Cholera")]
    public void Malformed_order_files_are_refused(string line)
    {
        var ex = Assert.Throws<CodeSetFormatException>(() => Icd10CmCodeSet.ParseOrderFile(new StringReader(line), null, 2027, "t"));
        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
    }
}
