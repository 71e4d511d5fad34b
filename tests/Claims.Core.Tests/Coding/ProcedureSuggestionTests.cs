using Claims.Coding;
using Xunit.Abstractions;

namespace Claims.Core.Tests.Coding;

/// <summary>
/// CPT/HCPCS suggestions for SNOMED CT procedures, measured on the tuning set (the Synthea bundles the map was built
/// from) and on the held-out set (labels committed before the map; none of its concepts is in the map).
/// </summary>
public sealed class ProcedureSuggestionTests(ITestOutputHelper output)
{
    private static readonly CodeSearch Search = CodeSets.Embedded.Search;

    /// <summary>The held-out top-5 figure the README reports; the test fails if suggestions get worse than this.</summary>
    private const double HeldOutTop5Floor = 0.90;

    private (double Top1, double Top5) Measure(IReadOnlyList<LabelledProcedure> set, bool useSnomed, string name)
    {
        int top1 = 0, top5 = 0;
        foreach (var item in set)
        {
            var list = Search.SuggestProcedure(item.Display, useSnomed ? item.Snomed : null, 5);
            if (list.Count > 0 && item.Accepts(list[0].Code)) top1++;
            if (list.Any(s => item.Accepts(s.Code))) top5++;
            else output.WriteLine($"miss: {item.Display} -> {string.Join(" | ", list.Select(s => $"{s.Code} {s.Description}"))}");
        }
        var (t1, t5) = ((double)top1 / set.Count, (double)top5 / set.Count);
        output.WriteLine($"{name}: n={set.Count} top1={t1:P1} top5={t5:P1}");
        return (t1, t5);
    }

    [Fact]
    public void Synthea_procedures_with_their_snomed_codes_get_an_acceptable_code_first()
    {
        var (top1, top5) = Measure(LabelledProcedure.Read(Fixtures.Path("coding", "labels-procedures.tsv")), useSnomed: true, "tuning with SNOMED");
        Assert.True(top5 >= 0.97, $"top-5 {top5:P1}");
        Assert.True(top1 >= 0.90, $"top-1 {top1:P1}");
    }

    [Fact]
    public void Synthea_procedures_by_text_alone()
    {
        var (_, top5) = Measure(LabelledProcedure.Read(Fixtures.Path("coding", "labels-procedures.tsv")), useSnomed: false, "tuning text only");
        Assert.True(top5 >= 0.75, $"top-5 {top5:P1}");
    }

    [Fact]
    public void Held_out_procedures_outside_the_map_reach_the_reported_top_five_figure()
    {
        var set = LabelledProcedure.Read(Fixtures.Path("coding", "labels-procedures-heldout.tsv"));
        Assert.DoesNotContain(set, p => Search.SnomedProcedureMap.ContainsKey(p.Snomed));
        var (_, top5) = Measure(set, useSnomed: true, "held-out");
        Assert.True(top5 >= HeldOutTop5Floor, $"held-out top-5 {top5:P1} is below {HeldOutTop5Floor:P0}");
    }

    [Fact]
    public void Every_code_of_the_procedure_map_is_a_known_cpt_or_hcpcs_code()
    {
        var sets = CodeSets.Embedded;
        var unknown = Search.SnomedProcedureMap.SelectMany(kv => kv.Value.Codes.Select(c => (kv.Key, c)))
            .Where(x => !sets.Cpt.Codes.ContainsKey(x.c) && !sets.Hcpcs.Codes.ContainsKey(x.c)).ToList();
        Assert.True(unknown.Count == 0, string.Join(", ", unknown));
    }

    [Fact]
    public void An_office_visit_item_is_coded_as_the_visit_not_by_its_words()
    {
        var facts = new EncounterFacts(Claims.Domain.PlaceOfService.Office, [("185345009", "Encounter for symptom")], 30, true, false, 1, 0) { TypeResource = "EncounterType/1" };
        var result = ClaimCodingSuggestions.For(Search, [new CodingSource("ClaimItem/4", "185345009", "Encounter for symptom", IsProcedure: true)], facts);
        Assert.Equal("99213", result[0].Suggestions[0].Code);
        Assert.Equal("EncounterType/1", result[0].Source.Resource);
        Assert.Equal("99213", result[1].Suggestions[0].Code);
        Assert.DoesNotContain(result[1].Suggestions, s => s.Code.StartsWith('G'));
    }
}
