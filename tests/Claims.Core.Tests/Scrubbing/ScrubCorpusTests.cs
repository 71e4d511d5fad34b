using Claims.Coding;
using Claims.Scrubbing;
using Xunit.Abstractions;

namespace Claims.Core.Tests.Scrubbing;

public sealed class ScrubCorpusTests(ITestOutputHelper output)
{
    private static readonly Scrubber Scrubber = new(CodeSets.Embedded);
    private static readonly (DateOnly AsOf, IReadOnlyList<CorpusCase> Cases) Corpus = ScrubCorpus.Load();

    public static TheoryData<string> CaseFiles()
    {
        var data = new TheoryData<string>();
        foreach (var c in Corpus.Cases) data.Add(c.File);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseFiles))]
    public void Each_corpus_claim_reports_exactly_its_seeded_edits(string file)
    {
        var c = Corpus.Cases.Single(x => x.File == file);
        var result = ScrubCorpus.Run(Scrubber, c, Corpus.AsOf);
        Assert.Equal(c.Expected.Order(StringComparer.Ordinal), result.ErrorIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Timely_filing_is_judged_as_of_the_given_date_not_the_clock()
    {
        var clean = Corpus.Cases.First(c => c.Expected.Length == 0 && c.File.Contains("clean-", StringComparison.Ordinal));

        Assert.Empty(ScrubCorpus.Run(Scrubber, clean, Corpus.AsOf).ErrorIds);
        Assert.Equal([EditIds.TimelyFiling], ScrubCorpus.Run(Scrubber, clean, Corpus.AsOf.AddYears(2)).ErrorIds);
    }

    [Fact]
    public void Corpus_detection_and_false_positive_rates_meet_the_targets()
    {
        int seeded = 0, detected = 0, clean = 0, cleanFlagged = 0, claimsWithExtra = 0;
        foreach (var c in Corpus.Cases)
        {
            var ids = ScrubCorpus.Run(Scrubber, c, Corpus.AsOf).ErrorIds;
            seeded += c.Expected.Length;
            detected += c.Expected.Count(ids.Contains);
            if (ids.Except(c.Expected).Any()) claimsWithExtra++;
            if (c.Expected.Length == 0)
            {
                clean++;
                if (ids.Count > 0) cleanFlagged++;
            }
        }
        var detection = (double)detected / seeded;
        var falsePositive = (double)claimsWithExtra / Corpus.Cases.Count;
        output.WriteLine($"claims {Corpus.Cases.Count} (clean {clean}); seeded defects {seeded}, detected {detected} ({detection:P1}); claims with an unexpected error {claimsWithExtra} ({falsePositive:P1}); clean claims flagged {cleanFlagged}/{clean}");
        Assert.True(Corpus.Cases.Count >= 100);
        Assert.All(EditIds.All, id => Assert.True(Corpus.Cases.Count(c => c.Expected.Contains(id)) >= 5, $"{id} is seeded fewer than 5 times"));
        Assert.True(detection >= 0.95, $"detection {detection:P1}");
        Assert.True(falsePositive <= 0.02, $"false positives {falsePositive:P1}");
    }
}
