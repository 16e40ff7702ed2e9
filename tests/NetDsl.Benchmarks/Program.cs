using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using NetDsl.Benchmarks;
using NetDsl.Simulation;

// `scaling [N ...]` measures build and run of the E/I model once per N and prints one table row each;
// anything else is handed to BenchmarkDotNet (e.g. `--filter *NetworkBenchmarks*`).
if (args.Length > 0 && args[0] == "scaling")
{
    int[] sizes = args.Length > 1
        ? args[1..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray()
        : [1_000, 10_000];
    Console.WriteLine(ScalingRun.Header);
    foreach (int n in sizes)
    {
        Console.WriteLine(ScalingRun.Measure(n).ToRow());
    }
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(NetworkBenchmarks).Assembly).Run(args);
return 0;

/// <summary>One build and one run of the E/I model at one size, with the figures of docs/performance.md.</summary>
internal sealed record ScalingRun(int Cells, long Synapses, double BuildSeconds, double RunSeconds, int Spikes, long PeakBytes, long NetworkBytes)
{
    public const string Header = "| N | synapses | build (s) | run 1 s (s) | real-time factor | ns / neuron-step | spikes | rate (Hz) | network bytes / synapse | peak memory (MiB) |\n|---|---|---|---|---|---|---|---|---|---|";

    public static ScalingRun Measure(int cells)
    {
        var definition = EiBenchmarkModel.Create(cells, fastConnectivity: cells >= 100_000);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var build = Stopwatch.StartNew();
        var network = NetworkBuilder.Build(definition);
        build.Stop();
        long after = GC.GetTotalMemory(forceFullCollection: true);

        var run = Stopwatch.StartNew();
        var result = network.Run();
        run.Stop();
        GC.KeepAlive(network);
        return new ScalingRun(cells, network.Connections.Count, build.Elapsed.TotalSeconds, run.Elapsed.TotalSeconds,
            result.SpikeTimes.Length, Process.GetCurrentProcess().PeakWorkingSet64, after - before);
    }

    public string ToRow()
    {
        double steps = 1000 / 0.025;
        double nsPerNeuronStep = RunSeconds * 1e9 / (steps * Cells);
        double rate = Spikes / (double)Cells;
        double bytesPerSynapse = Synapses == 0 ? 0 : NetworkBytes / (double)Synapses;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {Cells:N0} | {Synapses:N0} | {BuildSeconds:F2} | {RunSeconds:F3} | {1 / RunSeconds:F2} | {nsPerNeuronStep:F2} | {Spikes:N0} | {rate:F1} | {bytesPerSynapse:F1} | {PeakBytes / 1048576.0:F0} |");
    }
}
