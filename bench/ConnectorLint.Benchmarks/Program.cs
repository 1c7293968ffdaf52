using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ConnectorLint.Benchmarks.SpfBenchmarks).Assembly).Run(args);
