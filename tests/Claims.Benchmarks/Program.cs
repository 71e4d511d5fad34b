using BenchmarkDotNet.Running;

namespace Claims.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/Claims.Benchmarks -- --filter '*'   (or pick a class: --filter '*Scrub*').
/// A named class rather than top-level statements: the web host's own <c>Program</c> is what QueuePageBenchmark hosts.
/// </summary>
internal static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
