using System.Globalization;
using NetDsl.Simulation;

namespace NetDsl.Output;

/// <summary>The console summary of a run, in NetPyNE's terms and layout.</summary>
public static class RunSummary
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Lines like NetPyNE's "Cells: 30", "Connections: 161 (5.37 per cell)", "Spikes: 1074 (35.80 Hz)".</summary>
    public static IReadOnlyList<string> Lines(SimulationResult result)
    {
        var statistics = NetworkStatistics.Of(result);
        var lines = new List<string>();
        if (result.Partial)
        {
            lines.Add(string.Format(Invariant, "  PARTIAL RUN: stopped at {0:0.###} of {1:0.###} ms", result.SimulatedTime, result.Definition.Simulation.Duration));
        }
        if (result.Precision != Definition.SimulationPrecision.Exact)
        {
            lines.Add(result.Precision == Definition.SimulationPrecision.Single
                ? "  Precision: single (closed-form step in float; not NEURON's arithmetic)"
                : "  Precision: fast (closed-form step in double; not bit-identical to NEURON)");
        }
        foreach (string warning in result.Warnings) lines.Add("  Warning: " + warning);
        foreach (var rule in result.Definition.Connections)
        {
            if (rule.Within is double within)
                lines.Add(string.Format(Invariant, "  Connection '{0}': only pairs within {1} um considered (a cutoff NetPyNE does not have: a different random instance than NetPyNE's all-pairs rule)", rule.Label, within));
        }
        lines.Add(string.Format(Invariant, "  Cells: {0}", statistics.Cells));
        lines.Add(string.Format(Invariant, "  Connections: {0} ({1} per cell)", statistics.Connections, NetPyneFormat.Fixed(statistics.ConnectionsPerCell, 2)));
        lines.Add(string.Format(Invariant, "  Spikes: {0} ({1} Hz)", statistics.Spikes, NetPyneFormat.Fixed(statistics.RateHz, 2)));
        foreach (var population in statistics.Populations)
        {
            lines.Add(string.Format(Invariant, "     {0} : {1} Hz ({2} spikes, {3} cells)", population.Population, NetPyneFormat.Fixed(population.RateHz, 3), population.Spikes, population.Cells));
        }
        // NetPyNE counts its MPI processes as workers (threads inside a process are not).
        lines.Add(string.Format(Invariant, "  Simulated time: {0:0.0##} s; {1} workers", statistics.SimulatedSeconds, result.Workers));
        lines.Add(string.Format(Invariant, "  Run time: {0:0.000} s; real-time factor: {1}", result.Timing.RunTime, FormatFactor(RealTimeFactor(result))));
        if (SlowExactSynapses(result, statistics.ConnectionsPerCell))
        {
            lines.Add(string.Format(Invariant,
                "  Tip: {0:0} synapses per cell, each its own {1} (NEURON's voltages bit for bit); `sim synapses=aggregated` makes the step's cost independent of them (voltages within ~1e-9 mV), `--precision fast` is faster still",
                statistics.ConnectionsPerCell, SynapseModels(result.Definition)));
        }
        return lines;
    }

    /// <summary>Synapses per cell from which the exact engine's per-connection synapses dominate a step.</summary>
    public const double ManySynapsesPerCell = 20;

    private static bool SlowExactSynapses(SimulationResult result, double connectionsPerCell) =>
        result.Precision == Definition.SimulationPrecision.Exact && !result.Definition.Simulation.AggregateSynapses
        && connectionsPerCell >= ManySynapsesPerCell;

    /// <summary>The synapse mechanisms of a network as the tip names them: "Exp2Syn", "ExpSyn" or "Exp2Syn or ExpSyn" (catalog order).</summary>
    private static string SynapseModels(Definition.NetworkDefinition definition)
    {
        var used = definition.Synapses.Select(s => Kernels.SynapseModels.Info(s.Model)).ToHashSet();
        var names = Catalog.MechanismCatalog.OfRole(Catalog.MechanismRole.Synapse).Where(used.Contains).Select(m => m.Name)
            .OrderBy(n => n == Catalog.MechanismCatalog.Exp2Syn.Name ? 0 : 1).ToArray();
        return names.Length == 0 ? Catalog.MechanismCatalog.Exp2Syn.Name : string.Join(" or ", names);
    }

    /// <summary>Simulated seconds per wall-clock second of the run (NetPyNE's "real-time ratio").</summary>
    public static double RealTimeFactor(SimulationResult result) =>
        result.Timing.RunTime <= 0 ? double.PositiveInfinity : result.SimulatedTime / 1000.0 / result.Timing.RunTime;

    /// <summary>Build and run costs: what <c>netdsl run --timing</c> prints.</summary>
    /// <param name="buildAllocatedBytes">Bytes allocated while building the network, or a negative value when unknown.</param>
    public static IReadOnlyList<string> TimingLines(SimulationResult result, long peakWorkingSetBytes, long buildAllocatedBytes = -1)
    {
        var statistics = NetworkStatistics.Of(result);
        var timing = result.Timing;
        double buildSeconds = timing.CreateTime + timing.ConnectTime + timing.StimsTime + timing.SetrecordTime;
        double steps = result.Definition.Simulation.Dt > 0 ? Math.Round(result.SimulatedTime / result.Definition.Simulation.Dt) : 0;
        double neuronSteps = steps * statistics.Cells;
        var lines = new List<string>
        {
            string.Format(Invariant, "  Build time: {0:0.0000} s (create {1:0.0000}, connect {2:0.0000}, stims {3:0.0000}, record {4:0.0000})",
                buildSeconds, timing.CreateTime, timing.ConnectTime, timing.StimsTime, timing.SetrecordTime),
            string.Format(Invariant, "  Run time: {0:0.0000} s ({1}, {2} {3}); real-time factor: {4}", timing.RunTime, EngineName(result.Precision),
                result.Threads, result.Threads == 1 ? "thread" : "threads", FormatFactor(RealTimeFactor(result))),
            string.Format(Invariant, "  Total time: {0:0.0000} s", timing.TotalTime),
            string.Format(Invariant, "  Steps: {0:0} x {1} cells = {2:0} neuron-steps; {3} ns per neuron-step",
                steps, statistics.Cells, neuronSteps, neuronSteps > 0 ? (timing.RunTime * 1e9 / neuronSteps).ToString("0.0", Invariant) : "n/a"),
            string.Format(Invariant, "  Synaptic events delivered: {0}; {1} ns per event (run time / events)",
                statistics.DeliveredEvents, statistics.DeliveredEvents > 0 ? (timing.RunTime * 1e9 / statistics.DeliveredEvents).ToString("0.0", Invariant) : "n/a"),
            string.Format(Invariant, "  Connections: {0} cell-to-cell", statistics.CellConnections),
            string.Format(Invariant, "  Peak memory: {0:0.0} MiB (process peak working set)", peakWorkingSetBytes / (1024.0 * 1024.0)),
        };
        if (result.ThreadLoad is { } load)
        {
            // What the threads waited for: each other at the end of a parallel part, and what runs between the parts.
            lines.Add(string.Format(Invariant, "  Threads: work {0} s in {1} parallel parts of {2:0.000} s; the rest of the run {3:0.000} s (before and between the parts)",
                string.Join(" / ", load.WorkSeconds.Select(w => w.ToString("0.000", Invariant))), load.Parts, load.ParallelSeconds,
                Math.Max(0, timing.RunTime - load.ParallelSeconds)));
        }
        if (result.RankReports.Count > 0)
        {
            lines.Add(string.Format(Invariant, "  Ranks: {0} (cells in blocks of consecutive gids; spikes exchanged every window of the shortest delay)", result.Workers));
            foreach (var rank in result.RankReports)
            {
                string gids = rank.Cells == 0 ? "no gids" : string.Format(Invariant, "gids {0}-{1}", rank.FirstGid, rank.FirstGid + rank.Cells - 1);
                lines.Add(string.Format(Invariant,
                    "    rank {0}: {1} ({2} cells, {3} connections); build {4:0.000} s, run {5:0.000} s = compute {6:0.000} + wait {7:0.000} + exchange {8:0.000} s; {9} windows ({10:0.0} us exchange per window), {11} spikes sent; peak memory {12:0.0} MiB",
                    rank.Rank, gids, rank.Cells, rank.Connections, rank.BuildSeconds, rank.RunSeconds, rank.ComputeSeconds, rank.WaitSeconds, rank.ExchangeSeconds,
                    rank.Windows, rank.Windows > 0 ? rank.ExchangeSeconds * 1e6 / rank.Windows : 0, rank.SpikesSent, rank.PeakMemoryBytes / (1024.0 * 1024.0)));
            }
        }
        if (buildAllocatedBytes >= 0)
        {
            lines.Add(string.Format(Invariant, "  Network memory: {0:0.00} MiB allocated while building{1}",
                buildAllocatedBytes / (1024.0 * 1024.0),
                statistics.CellConnections > 0 ? string.Format(Invariant, "; {0:0.0} bytes per synapse (all build allocations / connections)", buildAllocatedBytes / (double)statistics.CellConnections) : ""));
        }
        return lines;
    }

    /// <summary>The engine a run used, as `--precision` names it.</summary>
    private static string EngineName(Definition.SimulationPrecision precision) => precision switch
    {
        Definition.SimulationPrecision.Fast => "fast, double",
        Definition.SimulationPrecision.Single => "single",
        _ => "exact",
    };

    private static string FormatFactor(double factor) =>
        double.IsPositiveInfinity(factor) ? "n/a" : factor.ToString("0.00", Invariant);
}
