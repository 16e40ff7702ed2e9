using BenchmarkDotNet.Attributes;
using NetDsl.Simulation;

namespace NetDsl.Benchmarks;

/// <summary>
/// One simulated second of the E/I benchmark network per invocation, with each arithmetic (NEURON-exact, fast
/// double, fast single) on one and two threads. Building is measured separately so that the run figure is the
/// simulation alone.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class NetworkBenchmarks
{
    private Network network = null!;

    [Params(1_000, 10_000)]
    public int Cells { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(Definition.SimulationPrecision.Exact, Definition.SimulationPrecision.Fast, Definition.SimulationPrecision.Single)]
    public Definition.SimulationPrecision Precision { get; set; }

    [GlobalSetup]
    public void Setup() => network = NetworkBuilder.Build(EiBenchmarkModel.Create(Cells, fastConnectivity: Cells >= 100_000));

    [Benchmark(Description = "run 1 s")]
    public int RunOneSecond() => network.Run(new RunOptions { Threads = Threads, Precision = Precision }).SpikeTimes.Length;
}

/// <summary>Network construction with the NetPyNE-identical probability rule and with O(connections) sampling.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class BuildBenchmarks
{
    [Params(10_000)]
    public int Cells { get; set; }

    [Benchmark(Description = "build, NetPyNE-identical rule")]
    public int BuildExact() => NetworkBuilder.Build(EiBenchmarkModel.Create(Cells, fastConnectivity: false)).Connections.Count;

    [Benchmark(Description = "build, O(connections) rule")]
    public int BuildFast() => NetworkBuilder.Build(EiBenchmarkModel.Create(Cells, fastConnectivity: true)).Connections.Count;
}
