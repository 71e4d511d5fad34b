using BenchmarkDotNet.Attributes;
using Claims.Submission;

namespace Claims.Benchmarks;

/// <summary>
/// The 837P writer over 100,000 generated claims (three lines each, five payers, three clinics, a new subscriber
/// per claim) into a null stream: validation plus writing, 18 segments and about 390 bytes per claim. Target: at least 20,000
/// claims/s on 2 cores with memory that does not grow with the output (the writer streams).
/// Run: <c>dotnet run -c Release --project tests/Claims.Benchmarks -- --filter '*Professional837*'</c>.
/// </summary>
[MemoryDiagnoser]
public class Professional837Benchmarks
{
    private Professional837Batch _batch = null!;

    [Params(100_000)]
    public int Claims { get; set; }

    [GlobalSetup]
    public void Setup() => _batch = Generate(Claims, seed: 837);

    [Benchmark]
    public Professional837Result WriteToNullStream() => Professional837Writer.Write(_batch, Stream.Null);

    [Benchmark]
    public Professional837Result ValidateOnly() => Professional837Writer.Validate(_batch);

    /// <summary>Synthetic, valid claims from a fixed seed: invented names, NPIs made valid by their check digit.</summary>
    public static Professional837Batch Generate(int count, int seed)
    {
        var random = new Random(seed);
        string[] lastNames = ["Smith", "Johnson", "Garcia", "Nguyen", "Brown", "Okafor", "Miller", "Kowalski"];
        string[] firstNames = ["Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo"];
        string[] procedures = ["99213", "99214", "36415", "85025", "80053", "81002", "87880", "93000"];
        string[] diagnoses = ["J209", "I10", "E119", "E785", "J069", "N390", "M545", "K219"];
        X12Payer[] payers = [.. Enumerable.Range(0, 5).Select(i => new X12Payer($"Payer {i}", $"PAYER{i}"))];
        X12BillingProvider[] clinics = [.. Enumerable.Range(0, 3).Select(i => new X12BillingProvider(
            Npi(100_000_000 + i), "98765432" + i, $"Clinic {i}", new X12Address($"{100 + i} Main Street", null, "Springfield", "IL", "627011234")))];
        var service = new DateOnly(2026, 11, 2);
        var claims = new Professional837Claim[count];
        for (var i = 0; i < count; i++)
        {
            var subscriber = new X12Subscriber($"M{i:D9}", lastNames[random.Next(lastNames.Length)], firstNames[random.Next(firstNames.Length)],
                new DateOnly(1940 + random.Next(80), 1 + random.Next(12), 1 + random.Next(28)), random.Next(2) == 0 ? "F" : "M",
                new X12Address($"{random.Next(1, 9999)} Oak Street", null, "Springfield", "IL", "62704"), "P", null, "CI");
            Professional837Line[] lines =
            [
                new(procedures[random.Next(procedures.Length)], ["25"], 10_000 + random.Next(20_000), 1, [1, 2], service),
                new(procedures[random.Next(procedures.Length)], [], 1_000 + random.Next(9_000), 1, [1], service),
                new(procedures[random.Next(procedures.Length)], [], 500 + random.Next(5_000), 2, [2], service),
            ];
            claims[i] = new Professional837Claim($"C{i:D9}", "1", "11", [diagnoses[i % 8], diagnoses[(i + 3) % 8]], lines,
                clinics[i % clinics.Length], subscriber, payers[random.Next(payers.Length)]);
        }
        return new Professional837Batch(
            new InterchangeSettings("ZZ", "CLAIMSBPO", "ZZ", "CLEARINGHOUSE1", 'T'),
            new X12ControlNumbers(1, 1, 1), new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Unspecified), "BENCH",
            new X12Submitter("Claims BPO", "CLAIMSBPO", "EDI Desk", "2175550100", null),
            new X12Receiver("Clearinghouse One", "CLEARINGHOUSE1"), claims);
    }

    private static string Npi(int nineDigits)
    {
        // Luhn over "80840" + the nine digits: the prefix contributes 24, then every other digit from the right doubles.
        var text = nineDigits.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        var sum = 24;
        for (var i = 0; i < 9; i++)
        {
            var d = text[8 - i] - '0';
            if (i % 2 == 0) d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            sum += d;
        }
        return text + ((10 - (sum % 10)) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
