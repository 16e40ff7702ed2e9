using System.Diagnostics;
using System.Globalization;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Benchmarks;

/// <summary>
/// Build and run figures of the E/I model at one size: build time, run time (wall and process CPU), real-time
/// factor, ns per neuron-step, ns per delivered synaptic event, bytes per synapse, peak memory and the bytes
/// allocated per step. All variants of one size run on the same built network, one after the other.
/// </summary>
internal static class ScalingRun
{
    public const string Header =
        "| N | synapses | variant | build (s) | run (s) | CPU (s) | real-time factor | ns / neuron-step | CPU ns / neuron-step | run ns / syn. event | spikes | rate (Hz) | bytes / synapse (engine / all) | peak memory (MiB) | bytes / step |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public static string Machine()
    {
        string model = "unknown CPU";
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    model = line[(line.IndexOf(':') + 1)..].Trim();
                    break;
                }
            }
        }
        catch (IOException)
        {
        }
        return $"{model}, {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, Vector256 accelerated: {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}";
    }

    public static IEnumerable<string> Measure(int cells, double durationMs, double fanIn, bool scalar, int threads, IReadOnlyList<SimulationPrecision> precisions, bool aggregateSynapses = true)
    {
        var definition = EiBenchmarkModel.Create(cells, fastConnectivity: cells >= 100_000, aggregateSynapses: aggregateSynapses, durationMs: durationMs, fanIn: fanIn);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var build = Stopwatch.StartNew();
        var network = NetworkBuilder.Build(definition);
        build.Stop();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        var compiled = network.Compiled;
        long synapses = compiled.OutSlot.Length;
        double engineBytes = synapses == 0 ? 0 : (compiled.OutSlot.Length * 4.0 + compiled.OutIncrement.Length * 8.0 + compiled.SegmentIncrement.Length * 8.0 + compiled.SegmentConnStart.Length * 4.0 + compiled.SegmentDelay.Length * 8.0) / synapses;
        double allBytes = synapses == 0 ? 0 : (after - before) / (double)synapses;
        long steps = Simulator.StepsFor(durationMs, definition.Simulation.Dt);

        var variants = new List<(string Name, bool Vector, int Threads, SimulationPrecision Precision)>();
        foreach (var precision in precisions)
        {
            string label = precision switch
            {
                SimulationPrecision.Fast => "fast double",
                SimulationPrecision.Single => "fast single",
                _ => aggregateSynapses ? "vector" : "exact synapses",
            };
            if (precision == SimulationPrecision.Exact && scalar) variants.Add(("scalar, 1 thread", false, 1, precision));
            variants.Add(($"{label}, 1 thread", true, 1, precision));
            if (threads > 1) variants.Add(($"{label}, {threads} threads", true, threads, precision));
        }
        foreach (var (name, vector, count, precision) in variants)
        {
            // The exact engine's simulator is made before the clock starts; the fast engine prepares inside its run.
            var simulator = precision == SimulationPrecision.Exact ? network.CreateSimulator() : null;
            if (simulator is not null) simulator.UseVectorKernel = vector;
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var run = Stopwatch.StartNew();
            var options = new RunOptions { Threads = count, Precision = precision };
            var result = simulator is null ? network.Run(options) : simulator.Run(options);
            run.Stop();
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            double events = DeliveredEvents(compiled, result);
            double perStep = precision == SimulationPrecision.Exact ? AllocatedPerStep(network, vector, count) : FastAllocatedPerStep(network, precision, count);
            double seconds = run.Elapsed.TotalSeconds;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"| {cells:N0} | {synapses:N0} | {name} | {build.Elapsed.TotalSeconds:F2} | {seconds:F2} | {cpuSeconds:F2} | {durationMs / 1000 / seconds:F2} | " +
                $"{seconds * 1e9 / ((double)steps * cells):F2} | {cpuSeconds * 1e9 / ((double)steps * cells):F2} | {seconds * 1e9 / Math.Max(1, events):F1} | {result.SpikeTimes.Length:N0} | " +
                $"{result.SpikeTimes.Length / (double)cells / (durationMs / 1000):F1} | {engineBytes:F1} / {allBytes:F1} | {process.PeakWorkingSet64 / 1048576.0:F0} | {perStep:F0} |");
            GC.KeepAlive(result);
        }
    }

    /// <summary>Synaptic events applied: every spike times its fan-out, plus every NetStim event.</summary>
    private static double DeliveredEvents(CompiledNetwork compiled, SimulationResult result)
    {
        double events = 0;
        foreach (int gid in result.SpikeGids)
            events += compiled.SegmentConnStart[compiled.OutSegmentStart[gid + 1]] - compiled.SegmentConnStart[compiled.OutSegmentStart[gid]];
        foreach (var stim in result.Stims) events += stim.EventTimes.Count;
        return events;
    }

    /// <summary>The same for the fast engine, which advances whole windows: 800 steps after 800 warm-up steps.</summary>
    private static double FastAllocatedPerStep(Network network, SimulationPrecision precision, int threads)
    {
        return precision == SimulationPrecision.Single ? Measure(new FastSimulator<float>(network)) : Measure(new FastSimulator<double>(network));

        double Measure<T>(FastSimulator<T> simulator) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            try
            {
                simulator.Start(threads);
                simulator.EnsureSpikeCapacity(network.Cells.Count * 20);
                simulator.Advance(800);
                // The stepping threads only: the runtime's own background threads (tiered compilation) allocate now
                // and then, which a process-wide count would put on the step.
                long before = GC.GetAllocatedBytesForCurrentThread() + simulator.WorkerAllocatedBytes;
                long from = simulator.StepCount;
                simulator.Advance(800);
                return (GC.GetAllocatedBytesForCurrentThread() + simulator.WorkerAllocatedBytes - before) / (double)Math.Max(1, simulator.StepCount - from);
            }
            finally
            {
                simulator.Stop();
            }
        }
    }

    /// <summary>Bytes allocated by the stepping threads over 400 steps after 400 warm-up steps, per step.</summary>
    private static double AllocatedPerStep(Network network, bool vector, int threads)
    {
        var simulator = network.CreateSimulator();
        simulator.UseVectorKernel = vector;
        simulator.SetThreads(threads);
        try
        {
            simulator.Initialize();
            simulator.EnsureSpikeCapacity(network.Cells.Count * 20);
            simulator.Advance(400);
            long before = GC.GetAllocatedBytesForCurrentThread() + simulator.WorkerAllocatedBytes;
            simulator.Advance(400);
            return (GC.GetAllocatedBytesForCurrentThread() + simulator.WorkerAllocatedBytes - before) / 400.0;
        }
        finally
        {
            simulator.SetThreads(1);
        }
    }
}
