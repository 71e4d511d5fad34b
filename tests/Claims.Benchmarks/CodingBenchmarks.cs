using BenchmarkDotNet.Attributes;
using Claims.Coding;

namespace Claims.Benchmarks;

/// <summary>
/// Code-set load time and allocations (MemoryDiagnoser), and code search over the full ICD-10-CM FY2021.
/// Search p95 is reported by the percentile columns; the target is p95 at most 20 ms.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class CodingBenchmarks
{
    private CodeSets _sets = null!;

    [Params("acute bronchits", "type 2 diabetis", "fracture of forearm", "J20", "essential hypertension")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _sets = CodeSets.Load(null);
        _ = _sets.Search.Find("warm up");
    }

    [Benchmark]
    public int Search() => _sets.Search.Find(Query).Count;

    [Benchmark]
    public int Suggest() => _sets.Search.Suggest(Query).Count;
}

/// <summary>Loading every code set and building the search index, as a process does once.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CodeSetLoadBenchmarks
{
    /// <summary>No import folder: the shipped sets only.</summary>
    public string? Folder { get; set; }

    [Benchmark]
    public int LoadCodeSets() => CodeSets.Load(Folder).Icd10Cm.Latest.Entries.Count;

    [Benchmark]
    public int LoadAndIndex() => CodeSets.Load(Folder).Search.Find("acute bronchitis").Count;
}

internal sealed class PercentileConfig : BenchmarkDotNet.Configs.ManualConfig
{
    public PercentileConfig()
    {
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.P95, BenchmarkDotNet.Columns.StatisticColumn.Max);
    }
}
