using System.Globalization;
using System.Text.Json;
using Claims.Intake;
using Claims.Scrubbing;

namespace Claims.Core.Tests.Scrubbing;

/// <summary>One labelled corpus case.</summary>
internal sealed record CorpusCase(string File, string Claim, string[] Expected, string[] Prior);

internal static class ScrubCorpus
{
    public static (DateOnly AsOf, IReadOnlyList<CorpusCase> Cases) Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("scrubber", "labels.json")));
        var asOf = DateOnly.ParseExact(doc.RootElement.GetProperty("asOf").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new CorpusCase(
            c.GetProperty("file").GetString()!, c.GetProperty("claim").GetString()!,
            c.GetProperty("expected").EnumerateArray().Select(x => x.GetString()!).ToArray(),
            c.GetProperty("prior").EnumerateArray().Select(x => x.GetString()!).ToArray())).ToList();
        return (asOf, cases);
    }

    /// <summary>
    /// Scrubs one case through the production path of <c>claims scrub --fhir</c> (<see cref="ScrubBundleMapper"/>,
    /// then <see cref="Scrubber.ScrubInOrder"/>), as of the labels' date rather than the real one. The labels'
    /// prior claims come before the labelled one in the bundle, so they are on file when it is scrubbed.
    /// </summary>
    public static ScrubResult Run(Scrubber scrubber, CorpusCase c, DateOnly asOf)
    {
        var bundle = ScrubBundleMapper.Read(File.ReadAllBytes(Fixtures.Path("scrubber", c.File)));
        Assert.True(bundle.IsReadable, string.Join("; ", bundle.Issues.Select(i => $"{i.Expression}: {i.Message}")));
        var ids = bundle.Claims.Select(x => x.ClaimId).ToList();
        var at = ids.IndexOf(c.Claim);
        Assert.True(at >= 0, $"{c.File} has no Claim {c.Claim}");
        Assert.All(c.Prior, p => Assert.InRange(ids.IndexOf(p), 0, at - 1));
        return scrubber.ScrubInOrder(bundle.Claims, asOf)[at];
    }
}
