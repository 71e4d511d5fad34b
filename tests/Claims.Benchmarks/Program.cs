using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Claims.Benchmarks -- --filter '*'   (or pick a class: --filter '*Scrub*')
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
