using System.Diagnostics;
using System.Text;
using Claims.Remittance;
using Claims.X12;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace Claims.Core.Tests.Remittance;

public sealed class RemittanceRoundTripTests(ITestOutputHelper output)
{
    private static string Key(IEnumerable<Adjustment> adjustments) =>
        string.Join(",", adjustments.Select(a => $"{a.Group}-{a.Reason}:{a.AmountCents}").Order(StringComparer.Ordinal));

    private static string Key(IEnumerable<GeneratedAdjustment> adjustments) =>
        string.Join(",", adjustments.Select(a => $"{a.Group}-{a.Reason}:{a.Cents}").Order(StringComparer.Ordinal));

    [Property(MaxTest = 200, Arbitrary = [typeof(Generated835)])]
    public bool Random_835_claim_sets_written_with_random_separators_read_back_with_the_same_amounts(GeneratedRemittance remittance)
    {
        var text = Generated835.Write(remittance);
        var advice = RemittanceAdviceReader.ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text))).Single();

        var same = advice.Payment.AmountCents == remittance.Payment
            && advice.Interchange.Separators == remittance.Separators
            && advice.Claims.Count == remittance.Claims.Length
            && advice.ProviderAdjustments.SelectMany(p => p.Items).Sum(i => i.AmountCents) == remittance.ProviderAdjustment
            && RemittanceBalancing.Check(advice).Count == 0;
        for (var i = 0; same && i < remittance.Claims.Length; i++)
        {
            var (read, written) = (advice.Claims[i], remittance.Claims[i]);
            same = read.ClaimControlNumber == written.Id && read.ChargeCents == written.Charge && read.PaidCents == written.Paid
                && Key(read.Adjustments) == Key(written.Adjustments) && read.Lines.Count == written.Lines.Length;
            for (var j = 0; same && j < written.Lines.Length; j++)
            {
                var (line, wrote) = (read.Lines[j], written.Lines[j]);
                same = line.ChargeCents == wrote.Charge && line.PaidCents == wrote.Paid && line.Procedure.Code == wrote.Code
                    && line.Procedure.Modifiers.SequenceEqual(wrote.Modifiers) && Key(line.Adjustments) == Key(wrote.Adjustments);
            }
        }
        return same;
    }

    [Fact]
    public void A_20_MB_835_is_read_to_the_last_claim()
    {
        var sample = Generated835.Remittance.Sample(60, new Rnd(42UL), 1)[0];
        while (sample.Claims.Length < 8) sample = sample with { Claims = [.. sample.Claims, .. sample.Claims] };
        sample = sample with { Claims = sample.Claims.Take(8).ToArray() };
        var onePerTransaction = Encoding.UTF8.GetByteCount(Generated835.Write(sample, 1));
        var transactions = 20_000_000 / onePerTransaction + 1;
        var bytes = new MemoryStream();
        using (var writer = new StreamWriter(bytes, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            Generated835.Write(sample, transactions, writer);
        var data = bytes.ToArray();
        var megabytes = data.Length / 1_000_000.0;

        var clock = Stopwatch.StartNew();
        var claims = 0;
        foreach (var advice in RemittanceAdviceReader.ReadAll(new MemoryStream(data))) claims += advice.Claims.Count;
        clock.Stop();

        Assert.Equal(transactions * sample.Claims.Length, claims);
        output.WriteLine($"{megabytes:F1} MB, {transactions} transaction sets, {claims} claims read in {clock.ElapsedMilliseconds} ms: {megabytes / clock.Elapsed.TotalSeconds:F0} MB/s");

        clock.Restart();
        using (var reader = new X12Reader(new MemoryStream(data))) Assert.True(reader.ReadSegments().Count() > claims);
        output.WriteLine($"segments only: {megabytes / clock.Elapsed.TotalSeconds:F0} MB/s");
    }
}
