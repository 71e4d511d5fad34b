using System.Globalization;
using Claims.Coding;
using Claims.Domain;
using Xunit.Abstractions;

namespace Claims.Core.Tests.Coding;

public sealed class EvaluationAndManagementTests(ITestOutputHelper output)
{
    private static readonly CptCodeSet Cpt = CodeSets.Embedded.Cpt;

    private static EncounterFacts Facts(string pos, string type, int age, bool isNew, int conditions = 0, int procedures = 0) =>
        new(PlaceOfService.Parse(pos), [(type, null)], age, true, isNew, conditions, procedures);

    [Theory]
    [InlineData(0, true, "99381")]
    [InlineData(0, false, "99391")]
    [InlineData(4, false, "99392")]
    [InlineData(5, true, "99383")]
    [InlineData(17, false, "99394")]
    [InlineData(18, true, "99385")]
    [InlineData(39, false, "99395")]
    [InlineData(40, true, "99386")]
    [InlineData(64, false, "99396")]
    [InlineData(65, true, "99387")]
    [InlineData(90, false, "99397")]
    public void A_check_up_is_the_preventive_code_of_the_age_band_and_status(int age, bool isNew, string expected) =>
        Assert.Equal(expected, EvaluationAndManagement.Suggest(Facts("11", "185349003", age, isNew), Cpt)[0].Code);

    [Theory]
    [InlineData(0, 0, false, "99212")]
    [InlineData(1, 0, false, "99213")]
    [InlineData(2, 2, false, "99214")]
    [InlineData(4, 2, false, "99215")]
    [InlineData(1, 0, true, "99203")]
    [InlineData(0, 0, true, "99202")]
    public void An_office_visit_level_follows_the_documented_conditions_and_procedures(int conditions, int procedures, bool isNew, string expected)
    {
        var list = EvaluationAndManagement.Suggest(Facts("11", "185345009", 40, isNew, conditions, procedures), Cpt);
        Assert.Equal(expected, list[0].Code);
        Assert.Contains("condition(s)", list[0].Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_emergency_room_class_wins_over_an_office_type_and_there_is_no_new_patient_code()
    {
        var list = EvaluationAndManagement.Suggest(Facts("23", "185347001", 40, true, 3, 1), Cpt);
        Assert.Equal("99284", list[0].Code);
        Assert.All(list, s => Assert.StartsWith("9928", s.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void A_death_certification_gets_no_visit_code() =>
        Assert.Empty(EvaluationAndManagement.Suggest(Facts("11", "308646001", 80, false), Cpt));

    [Fact]
    public void An_age_from_the_birth_year_alone_also_offers_the_band_below()
    {
        var facts = new EncounterFacts(PlaceOfService.Office, [("185349003", null)], 18, false, false, 0, 0);
        var codes = EvaluationAndManagement.Suggest(facts, Cpt).Select(s => s.Code).ToList();
        Assert.Equal("99395", codes[0]);
        Assert.Contains("99394", codes);
    }

    [Fact]
    public void Age_at_the_date_of_service_counts_whole_years()
    {
        Assert.Equal(17, ClaimCoding.AgeAt(new DateOnly(2026, 3, 1), new DateOnly(2008, 3, 2), 2008));
        Assert.Equal(18, ClaimCoding.AgeAt(new DateOnly(2026, 3, 2), new DateOnly(2008, 3, 2), 2008));
        Assert.Equal(18, ClaimCoding.AgeAt(new DateOnly(2026, 3, 1), null, 2008));
    }

    [Fact]
    public void The_labelled_encounters_get_an_acceptable_code_first()
    {
        var rows = File.ReadLines(Fixtures.Path("coding", "labels-encounters.tsv")).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')).ToList();
        int top1 = 0, top5 = 0;
        foreach (var r in rows)
        {
            var facts = new EncounterFacts(PlaceOfService.Parse(r[0]), [(r[1], r[2])], Int(r[3]), true, r[4] == "N", Int(r[5]), Int(r[6]));
            var list = EvaluationAndManagement.Suggest(facts, Cpt).Take(5).ToList();
            var ok = r[7].Split(',');
            if (list.Count > 0 && ok.Contains(list[0].Code)) top1++;
            if (list.Any(s => ok.Contains(s.Code))) top5++;
            else output.WriteLine($"miss: {string.Join(' ', r)} -> {string.Join(", ", list.Select(s => s.Code))}");
        }
        output.WriteLine($"E/M: n={rows.Count} top1={(double)top1 / rows.Count:P1} top5={(double)top5 / rows.Count:P1}");
        Assert.Equal(rows.Count, top5);
        Assert.True(top1 >= rows.Count - 1, $"top-1 {top1}/{rows.Count}");
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}
