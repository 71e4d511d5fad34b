using Claims.Coding;

namespace Claims.Core.Tests.Coding;

public sealed class SearchTests
{
    private static readonly CodeSearch Search = CodeSets.Embedded.Search;

    [Theory]
    [InlineData("acute bronchitis", "J20.9")]
    [InlineData("acute bronchits", "J20.9")]
    [InlineData("acute bronhcitis", "J20.9")]
    [InlineData("type 2 diabetes", "E11.9")]
    [InlineData("type 2 diabetis", "E11.9")]
    [InlineData("diabetes type II", "E11.9")]
    [InlineData("essential hypertension", "I10")]
    [InlineData("otitis media", "H66.9")]
    public void Words_and_misspellings_find_the_code(string query, string expected)
    {
        var hits = Search.Find(query, take: 10);
        Assert.Contains(hits, h => h.Code.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_code_prefix_lists_the_familys_billable_codes_first_and_the_header_last()
    {
        var hits = Search.Find("J20", take: 50);
        Assert.Equal("J20.0", hits[0].Code);
        Assert.True(hits[0].Billable);
        Assert.Equal("J20", hits[^1].Code);
        Assert.False(hits[^1].Billable);
        Assert.Contains(hits, h => h.Code == "J20.9" && h.Billable);
        Assert.All(hits, h => Assert.StartsWith("J20", h.Code, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bronchitis")]
    [InlineData("diabetes")]
    [InlineData("E11")]
    public void A_header_is_never_the_first_choice(string query) => Assert.True(Search.Find(query)[0].Billable);

    [Fact]
    public void Hcpcs_and_cpt_are_searchable_by_words()
    {
        Assert.Contains(Search.Find("dexamethasone", CodeSystemKind.Hcpcs), h => h.Code == "J1100");
        Assert.Contains(Search.Find("venipuncture", CodeSystemKind.Cpt), h => h.Code == "36415");
    }

    [Fact]
    public void Nonsense_finds_nothing_rather_than_throwing()
    {
        Assert.Empty(Search.Find("   "));
        Assert.Empty(Search.Find("qqqqzzzz xxxyyy"));
    }
}
