using Claims.Coding;
using Xunit.Abstractions;

namespace Claims.Core.Tests.Coding;

public sealed class SuggestionTests(ITestOutputHelper output)
{
    private static readonly CodeSearch Search = CodeSets.Embedded.Search;

    [Fact]
    public void Synthea_conditions_with_their_snomed_codes_have_an_acceptable_code_in_the_top_five()
    {
        var set = LabelledCondition.Read(Fixtures.Path("coding", "labels-synthea.tsv"));
        var (top1, top5, misses) = SuggestionAccuracy.Measure(Search, set, useSnomed: true);
        output.WriteLine($"synthea with SNOMED: n={set.Count} top1={top1:P1} top5={top5:P1}");
        foreach (var m in misses) output.WriteLine("miss: " + m);
        Assert.True(top5 >= 0.97, $"top-5 {top5:P1}");
        Assert.True(top1 >= 0.90, $"top-1 {top1:P1}");
    }

    [Fact]
    public void Synthea_conditions_by_text_alone_reach_the_target()
    {
        var set = LabelledCondition.Read(Fixtures.Path("coding", "labels-synthea.tsv"));
        var (top1, top5, misses) = SuggestionAccuracy.Measure(Search, set, useSnomed: false);
        output.WriteLine($"synthea text only: n={set.Count} top1={top1:P1} top5={top5:P1}");
        foreach (var m in misses) output.WriteLine("miss: " + m);
        Assert.True(top5 >= 0.90, $"top-5 {top5:P1}");
    }

    [Fact]
    public void Held_out_conditions_outside_the_curated_map_are_answered_by_text_search()
    {
        var set = LabelledCondition.Read(Fixtures.Path("coding", "labels-heldout.tsv"));
        Assert.DoesNotContain(set, c => Search.SnomedMap.ContainsKey(c.Snomed));
        var (top1, top5, misses) = SuggestionAccuracy.Measure(Search, set, useSnomed: true);
        output.WriteLine($"held-out: n={set.Count} top1={top1:P1} top5={top5:P1}");
        foreach (var m in misses) output.WriteLine("miss: " + m);
        Assert.True(top5 >= 0.95, $"top-5 {top5:P1}");
        Assert.True(top1 >= 0.85, $"top-1 {top1:P1}");
    }

    [Fact]
    public void Every_code_of_the_curated_snomed_map_is_billable_in_fy2021()
    {
        var icd = CodeSets.Embedded.Icd10Cm.Latest;
        var bad = Search.SnomedMap.SelectMany(kv => kv.Value.Codes.Select(c => (kv.Key, c))).Where(x => icd.Find(x.c) is not { Billable: true }).ToList();
        Assert.True(bad.Count == 0, string.Join(", ", bad));
    }

    [Fact]
    public void Suggestions_carry_their_evidence_and_only_billable_codes()
    {
        var list = Search.Suggest("Acute bronchitis (disorder)", "10509002");
        Assert.Equal("J20.9", list[0].Code);
        Assert.Contains("10509002", list[0].Evidence, StringComparison.Ordinal);
        Assert.All(list, s => Assert.True(CodeSets.Embedded.Icd10Cm.Latest.Find(s.Code)!.Billable));
    }

    [Theory]
    [InlineData("Throat culture (procedure)", CodeSystemKind.Cpt, "87081")]
    [InlineData("Appendectomy", CodeSystemKind.Cpt, "44950")]
    [InlineData("dexamethasone injection", CodeSystemKind.Hcpcs, "J1100")]
    [InlineData("annual wellness visit", CodeSystemKind.Hcpcs, "G0438")]
    public void Procedures_get_cpt_or_hcpcs_suggestions(string text, CodeSystemKind system, string expected)
    {
        var list = Search.Suggest(text, null, system);
        Assert.Contains(list, s => s.Code == expected);
    }
}

public sealed class ClaimCodingSuggestionTests
{
    [Fact]
    public void A_claims_conditions_and_procedures_get_suggestions_that_name_their_resource()
    {
        var result = ClaimCodingSuggestions.For(CodeSets.Embedded.Search,
        [
            new CodingSource("Condition/c1", "10509002", "Acute bronchitis (disorder)", IsProcedure: false),
            new CodingSource("Procedure/p1", "117015009", "Throat culture (procedure)", IsProcedure: true),
        ]);
        Assert.Equal("J20.9", result[0].Suggestions[0].Code);
        Assert.StartsWith("Condition/c1: ", result[0].Suggestions[0].Evidence, StringComparison.Ordinal);
        Assert.Contains(result[1].Suggestions, s => s.Code == "87081");
        Assert.All(result[1].Suggestions, s => Assert.StartsWith("Procedure/p1: ", s.Evidence, StringComparison.Ordinal));
    }
}
