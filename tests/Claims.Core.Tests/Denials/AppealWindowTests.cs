using Claims.Denials;

namespace Claims.Core.Tests.Denials;

/// <summary>Appeal deadlines on fixed dates (DOMAIN.md: Medicare 120 days from receipt, presumed 5 days after the notice; reconsideration 180; commercial 180).</summary>
public sealed class AppealWindowTests
{
    [Theory]
    [InlineData("2026-01-10", 1, true, null, "2026-05-15")]
    [InlineData("2026-06-01", 2, true, null, "2026-12-03")]
    [InlineData("2026-06-01", 3, true, null, "2026-08-05")]
    [InlineData("2026-01-10", 1, false, null, "2026-07-09")]
    [InlineData("2026-01-10", 2, false, null, "2026-07-09")]
    [InlineData("2026-01-10", 1, false, 60, "2026-03-11")]
    public void The_deadline_counts_from_the_notice_date(string notice, int level, bool medicare, int? overrideDays, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            AppealWindows.Deadline(DateOnly.Parse(notice, System.Globalization.CultureInfo.InvariantCulture), level, medicare, overrideDays));

    [Fact]
    public void CO29_is_not_appealable_at_Medicare_but_is_elsewhere_and_MA130_turns_CO16_into_a_correction()
    {
        var book = new DenialRuleBook([]);
        var medicare = book.Classify(null, medicare: true, "CO", "29", []);
        var commercial = book.Classify(null, medicare: false, "CO", "29", []);
        Assert.Equal((false, DenialAction.WriteOff), (medicare.Appealable, medicare.NextAction));
        Assert.Equal((true, DenialAction.Appeal), (commercial.Appealable, commercial.NextAction));
        var unprocessable = book.Classify(null, false, "CO", "16", ["MA130"]);
        Assert.Equal((false, DenialAction.CorrectAndResubmit, DenialCategory.MissingInformation), (unprocessable.Appealable, unprocessable.NextAction, unprocessable.Category));
        Assert.Equal(DenialCategory.CoordinationOfBenefits, book.Classify(null, false, "CO", "16", ["N4"]).Category);
        Assert.Equal(DenialVerdict.Unclassified, book.Classify(null, false, "CO", "999", []));
    }

    [Fact]
    public void The_shipped_rules_cover_the_common_CARCs()
    {
        var book = new DenialRuleBook([]);
        foreach (var carc in new[] { "4", "5", "6", "11", "16", "18", "22", "23", "27", "29", "31", "45", "50", "96", "97", "109", "119", "151", "167", "170", "181", "182", "197", "204", "234", "236", "242", "253" })
            Assert.NotEqual(DenialCategory.Unclassified, book.Classify(null, false, "CO", carc, []).Category);
        foreach (var carc in new[] { "1", "2", "3" })
            Assert.Equal(DenialCategory.PatientResponsibility, book.Classify(null, false, "PR", carc, []).Category);
    }
}
