using System.Text;
using Claims.Submission;

namespace Claims.Core.Tests.Submission;

/// <summary>
/// Many random valid batches (fixed seed): other separators, several payers and clinics, dependents, runs of claims
/// for one subscriber, 7s and 8s, 1 to 50 lines, 1 to 12 diagnoses. Whatever the mix, the independent checker finds
/// nothing and the counts the writer reports are those in the file.
/// </summary>
public sealed class RandomBatchTests
{
    private static readonly X12Separators[] SeparatorSets = [X12Separators.Default, new('|', '^', '>', '~'), new('*', '{', '\\', '!')];

    [Fact]
    public void Random_valid_batches_always_pass_the_independent_checker()
    {
        var random = new Random(5010);
        for (var round = 0; round < 150; round++)
        {
            var batch = RandomBatch(random, out var claimCount);
            using var stream = new MemoryStream();

            var result = Professional837Writer.Write(batch, stream);

            Assert.True(result.Succeeded, $"round {round}: " + string.Join("; ", result.Issues));
            var text = Encoding.ASCII.GetString(stream.ToArray());
            Assert.Empty(X12Checker.Check(text));
            var separators = batch.Interchange.Separators;
            var segments = text.Split(separators.Segment).Select(s => s.Trim('\n')).Where(s => s.Length > 0).ToArray();
            Assert.Equal(result.Segments, segments.Length);
            Assert.Equal(claimCount, segments.Count(s => s.StartsWith("CLM" + separators.Element, StringComparison.Ordinal)));
            Assert.Equal(result.TransactionSets, segments.Count(s => s.StartsWith("ST" + separators.Element, StringComparison.Ordinal)));
            Assert.Equal(separators.Component, text[104]);
            Assert.Equal(separators.Segment, text[105]);
        }
    }

    private static Professional837Batch RandomBatch(Random random, out int claimCount)
    {
        X12Payer[] payers = [Sample837.Medicare, Sample837.Commercial, new("Third Plan", "THIRD3")];
        X12BillingProvider[] clinics = [Sample837.Clinic, Sample837.Clinic with { Npi = X12Checker.MakeNpi(345678901), OrganizationName = "Lakeside Clinic", Taxonomy = null }];
        var claims = new List<Professional837Claim>();
        claimCount = random.Next(1, 40);
        X12Subscriber? previous = null;
        for (var i = 0; i < claimCount; i++)
        {
            // Half the time the same subscriber again, so 2000B runs form.
            var subscriber = previous is not null && random.Next(2) == 0 ? previous : Sample837.SelfSubscriber($"M{random.Next(1_000_000):D7}", "PST"[random.Next(3)].ToString(), random.Next(2) == 0 ? "MB" : "CI");
            previous = subscriber;
            var diagnoses = Enumerable.Range(0, random.Next(1, 13)).Select(d => $"R{10 + d}{random.Next(10)}").ToArray();
            var lines = Enumerable.Range(0, random.Next(1, 51)).Select(_ => new Professional837Line(
                "99213", random.Next(3) == 0 ? ["25", "59"] : [], random.Next(0, 1_000_000), random.Next(1, 5),
                [.. Enumerable.Range(1, diagnoses.Length).OrderBy(_ => random.Next()).Take(random.Next(1, 5))],
                new DateOnly(2026, 1 + random.Next(11), 1 + random.Next(28)))).ToArray();
            var frequency = "178"[random.Next(3)].ToString();
            var claim = new Professional837Claim($"R{i:D4}", frequency, "11", diagnoses, lines, clinics[random.Next(clinics.Length)], subscriber, payers[random.Next(payers.Length)])
            {
                PayerClaimNumber = frequency == "1" ? null : $"PCN{random.Next(1_000_000)}",
                Patient = random.Next(3) == 0 ? Sample837.Child() : null,
                RenderingProvider = random.Next(2) == 0 ? Sample837.DrSmith : null,
            };
            claims.Add(claim);
        }
        var batch = Sample837.Batch(claims, lineBreaks: random.Next(2) == 0);
        return batch with { Interchange = batch.Interchange with { Separators = SeparatorSets[random.Next(SeparatorSets.Length)] } };
    }
}
