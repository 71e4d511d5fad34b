using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project tests/Claims.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Claims.Benchmarks.WorkflowBenchmarks).Assembly).Run(args);
