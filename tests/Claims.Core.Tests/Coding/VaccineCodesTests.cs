using Claims.Coding;
using Xunit.Abstractions;

namespace Claims.Core.Tests.Coding;

public sealed class VaccineCodesTests(ITestOutputHelper output)
{
    private static readonly CptCodeSet Cpt = CodeSets.Embedded.Cpt;

    [Fact]
    public void Every_labelled_synthea_vaccine_gets_an_acceptable_product_code_first()
    {
        var rows = File.ReadLines(Fixtures.Path("coding", "labels-vaccines.tsv")).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')).ToList();
        var top1 = rows.Count(r => VaccineCodes.Embedded.Suggest(r[0], r[1], int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture), 0, Cpt) is { Count: > 0 } list && r[3].Split(',').Contains(list[0].Code));
        output.WriteLine($"vaccines: n={rows.Count} top1={(double)top1 / rows.Count:P1}");
        Assert.Equal(rows.Count, top1);
    }

    [Fact]
    public void An_adult_flu_shot_is_the_product_and_90471_and_a_second_vaccine_is_90472()
    {
        var first = VaccineCodes.Embedded.Suggest("140", null, 45, 0, Cpt);
        Assert.Equal(["90656", "90471"], first.Select(s => s.Code));
        var second = VaccineCodes.Embedded.Suggest("113", null, 45, 1, Cpt);
        Assert.Equal(["90714", "90472"], second.Select(s => s.Code));
    }

    [Fact]
    public void A_child_under_19_gets_90460_with_90461_for_each_further_component_and_90471_as_the_alternative()
    {
        var dtap = VaccineCodes.Embedded.Suggest("20", "DTaP", 1, 0, Cpt);
        Assert.Equal(["90700", "90460", "90461", "90471"], dtap.Select(s => s.Code));
        Assert.Contains("90461 x 2", dtap[1].Evidence, StringComparison.Ordinal);
        var flu = VaccineCodes.Embedded.Suggest("140", null, 1, 0, Cpt);
        Assert.Equal("90655", flu[0].Code); // the 0.25 mL product under 3
    }

    [Fact]
    public void An_oral_vaccine_is_administered_with_90473_and_a_cvx_without_its_leading_zero_is_found()
    {
        Assert.Equal(["90681", "90460", "90473"], VaccineCodes.Embedded.Suggest("119", null, 0, 0, Cpt).Select(s => s.Code));
        Assert.Equal("90707", VaccineCodes.Embedded.Suggest("3", null, 1, 0, Cpt)[0].Code);
        Assert.Empty(VaccineCodes.Embedded.Suggest("99999", null, 1, 0, Cpt));
    }

    [Fact]
    public void Every_product_code_of_the_cvx_map_has_a_cpt_label()
    {
        var missing = VaccineCodes.Embedded.Rows.Where(r => !Cpt.Codes.ContainsKey(r.Cpt)).Select(r => r.Cpt).ToList();
        Assert.True(missing.Count == 0, string.Join(", ", missing));
    }

    [Fact]
    public void A_claims_vaccine_items_are_numbered_first_and_additional_across_the_encounter()
    {
        var facts = new EncounterFacts(Claims.Domain.PlaceOfService.Office, [("185349003", "Encounter for check up")], 45, true, false, 0, 0);
        var result = ClaimCodingSuggestions.For(CodeSets.Embedded.Search,
        [
            new CodingSource("ClaimItem/2", null, "Influenza, seasonal, injectable, preservative free", IsProcedure: true, CvxCode: "140"),
            new CodingSource("ClaimItem/3", null, "Td (adult) preservative free", IsProcedure: true, CvxCode: "113"),
        ], facts);
        Assert.Equal("99396", result[0].Suggestions[0].Code);
        Assert.Equal(["90656", "90471"], result[1].Suggestions.Select(s => s.Code));
        Assert.Equal(["90714", "90472"], result[2].Suggestions.Select(s => s.Code));
    }
}
