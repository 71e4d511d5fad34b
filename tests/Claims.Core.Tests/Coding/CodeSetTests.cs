using Claims.Coding;

namespace Claims.Core.Tests.Coding;

public sealed class CodeSetTests
{
    private static readonly CodeSets Sets = CodeSets.Embedded;

    [Fact]
    public void Icd10cm_fy2021_holds_the_whole_order_file_with_its_billable_flags()
    {
        var set = Sets.Icd10Cm.Latest;
        Assert.Equal("FY2021", set.Info.Version);
        Assert.Equal(95_358, set.Entries.Count);
        Assert.Equal(72_621, set.BillableCount);
    }

    [Theory]
    [InlineData("J20.9", true)]
    [InlineData("J209", true)]
    [InlineData("J20", false)]
    [InlineData("E11.9", true)]
    [InlineData("E11.3", false)]
    [InlineData("S52.521A", true)]
    [InlineData("S52.521", false)]
    public void Lookup_tells_billable_codes_from_headers(string code, bool billable)
    {
        var entry = Sets.Icd10Cm.Latest.Find(code);
        Assert.NotNull(entry);
        Assert.Equal(billable, entry.Billable);
    }

    [Fact]
    public void Excludes1_notes_of_the_category_apply_to_its_codes()
    {
        var notes = Sets.Icd10Cm.Latest.Excludes1For("J20.9").ToList();
        Assert.Contains(notes, n => n.OnCode == "J20" && n.References.Any(r => r.Matches("J40")));
    }

    [Theory]
    [InlineData("bronchitis NOS (J40)", "J40", "J40")]
    [InlineData("chronic obstructive bronchitis (J44.-)", "J44", "J44")]
    [InlineData("certain conditions (P04-P96)", "P04", "P96")]
    public void Excludes1_references_are_read_from_the_note_text(string note, string first, string last)
    {
        var reference = Assert.Single(Icd10CmCodeSet.ParseReferences(note));
        Assert.Equal(new CodeReference(first, last), reference);
    }

    [Fact]
    public void Seventh_character_definitions_come_from_the_category()
    {
        var sevenths = Sets.Icd10Cm.Latest.SeventhCharacters("S52.521A");
        Assert.Contains(sevenths, s => s.Char == 'A' && s.Definition.Contains("initial encounter", StringComparison.Ordinal));
    }

    [Fact]
    public void The_set_in_force_on_the_date_of_service_is_chosen_by_fiscal_year()
    {
        var fy2021 = Sets.Icd10Cm.Latest;
        var fy2022 = new Icd10CmCodeSet(new CodeSetInfo("ICD-10-CM", "FY2022", new DateOnly(2021, 10, 1), new DateOnly(2022, 9, 30), "test"),
            [new Icd10CmEntry("U099", true, "Post COVID-19 condition, unspecified")], [], [], []);
        var catalog = new Icd10CmCatalog([fy2022, fy2021]);
        Assert.Same(fy2021, catalog.ForDate(new DateOnly(2021, 9, 30)));
        Assert.Same(fy2022, catalog.ForDate(new DateOnly(2021, 10, 1)));
        Assert.Same(fy2022, catalog.ForDate(new DateOnly(2026, 3, 1)));
        Assert.Same(fy2021, catalog.ForDate(new DateOnly(2019, 1, 1)));
    }

    [Fact]
    public void Medicare_code_editor_lists_sex_and_age_edits()
    {
        Assert.True(Sets.Mce.EditsFor("C61").HasFlag(MceEdit.MaleOnly));
        Assert.True(Sets.Mce.EditsFor("N94.6").HasFlag(MceEdit.FemaleOnly));
        Assert.True(Sets.Mce.EditsFor("Z00.129").HasFlag(MceEdit.PediatricOnly));
        Assert.Equal(MceEdit.None, Sets.Mce.EditsFor("J20.9"));
    }

    [Fact]
    public void Hcpcs_carc_and_cpt_labels_are_shipped_with_their_sources()
    {
        Assert.Equal("Injection, dexamethasone sodium phosphate, 1 mg", Sets.Hcpcs.Codes["J1100"].LongDescription);
        Assert.True(Sets.Hcpcs.Modifiers.ContainsKey("RT"));
        Assert.Contains("Duplicate", Sets.Carc.Codes["18"], StringComparison.Ordinal);
        Assert.False(Sets.Cpt.Licensed);
        Assert.True(Sets.Cpt.Codes.ContainsKey("99213"));
        Assert.True(Sets.Ncci.IsDemo);
        Assert.True(Sets.Mue.IsDemo);
        Assert.All(Sets.Describe(), i => Assert.False(string.IsNullOrWhiteSpace(i.Source)));
    }
}
