using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Claims.Benchmarks.IntakeBenchmarks).Assembly).Run(args);
