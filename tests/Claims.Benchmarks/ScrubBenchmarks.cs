using BenchmarkDotNet.Attributes;
using Claims.Domain;
using Claims.Coding;
using Claims.Scrubbing;

namespace Claims.Benchmarks;

/// <summary>
/// Claims scrubbed per second with NCCI and MUE tables loaded. CMS's full practitioner PTP table has about
/// two million active rows; a synthetic table of that size (random real-shaped code pairs) stands in for it,
/// since the CMS file itself cannot be shipped. Target: at least 5,000 claims/s on 2 cores.
/// </summary>
[MemoryDiagnoser]
public class ScrubBenchmarks
{
    private const int ClaimsPerBatch = 1_000;
    private Scrubber _scrubber = null!;
    private ScrubClaim[] _claims = null!;
    private DuplicateIndex _duplicates = null!;
    private DateOnly _today;

    [Params(11, 2_000_000)]
    public int PtpRows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sets = CodeSets.Embedded;
        var random = new Random(42);
        var ncci = PtpRows <= 11 ? sets.Ncci : new NcciPtpTable(new CodeSetInfo("NCCI PTP", "synthetic", null, null, "benchmark"),
            Enumerable.Range(0, PtpRows).Select(i => new PtpEdit(Cpt(random), Cpt(random), false, new DateOnly(2010, 1, 1), null, random.Next(2), "synthetic"))
                .Concat(sets.Ncci.All));
        var mue = new MueTable(new CodeSetInfo("MUE", "synthetic", null, null, "benchmark"),
            Enumerable.Range(0, 12_000).Select(i => new MueLimit(Cpt(random), 1 + random.Next(4), 1 + random.Next(3), "synthetic")).Concat(sets.Mue.Limits.Values));
        _scrubber = new Scrubber(sets.WithEdits(ncci, mue));
        _today = new DateOnly(2026, 11, 22);
        string[] dx = ["J20.9", "I10", "E11.9", "E78.5", "J06.9", "N39.0", "M54.5", "K21.9", "R05", "J45.909"];
        string[] procs = ["99213", "99214", "36415", "85025", "80053", "81002", "87880", "71046", "93000", "96372"];
        _claims = Enumerable.Range(0, ClaimsPerBatch).Select(i => new ScrubClaim
        {
            ClaimId = $"C{i}",
            PatientKey = $"P{i % 400}",
            Sex = i % 2 == 0 ? AdministrativeSex.Female : AdministrativeSex.Male,
            BirthYear = 1940 + (i % 60),
            PayerId = "DEMO-60054",
            HasSubscriberId = true,
            HasCoverage = true,
            CoverageStart = new DateOnly(2026, 1, 1),
            BillingProviderNpi = Npi.FromBase(123456789).Value,
            ServiceFrom = _today.AddDays(-(i % 60)),
            ServiceTo = _today.AddDays(-(i % 60)),
            PlaceOfService = "11",
            Diagnoses = [dx[i % dx.Length], dx[(i + 3) % dx.Length]],
            Lines = Enumerable.Range(1, 1 + (i % 4)).Select(n => new ScrubLine(n, procs[(i + n) % procs.Length], n == 1 ? ["25"] : [], 1, 50m, [1], _today.AddDays(-(i % 60)))).ToArray(),
        }).ToArray();
        _duplicates = new DuplicateIndex(_claims);
    }

    /// <summary>One operation scrubs 1,000 claims: claims/s = 1,000 / mean time (s).</summary>
    [Benchmark(OperationsPerInvoke = ClaimsPerBatch)]
    public int ScrubOneThousandClaims()
    {
        var errors = 0;
        foreach (var claim in _claims) errors += _scrubber.Scrub(claim, _today, _duplicates).Findings.Count;
        return errors;
    }

    /// <summary>Both cores: the scrubber is stateless, so a batch runs in parallel.</summary>
    [Benchmark(OperationsPerInvoke = ClaimsPerBatch)]
    public int ScrubOneThousandClaimsInParallel()
    {
        var errors = 0;
        Parallel.ForEach(_claims, claim => Interlocked.Add(ref errors, _scrubber.Scrub(claim, _today, _duplicates).Findings.Count));
        return errors;
    }

    private static string Cpt(Random random) => (10000 + random.Next(89999)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
