using NetDsl.Definition;
using NetDsl.Recording;

namespace NetDsl.Simulation;

/// <summary>Assembles a <see cref="SimulationResult"/> from what an engine recorded; shared by both engines.</summary>
internal static class RunResults
{
    /// <param name="sourceTimes">Every event time drawn per stimulus source; those after <paramref name="endTime"/> are left out.</param>
    public static SimulationResult Collect(Network network, IReadOnlyList<List<double>> sourceTimes, double endTime, EventLog spikes, EventLog resets,
        TraceSet traces, double setrecordTime, double runTime, bool partial, SimulationPrecision precision, int threads, PlasticWeights? weights = null,
        IReadOnlyList<List<double>>? trainTimes = null, Concurrency.ThreadLoad? threadLoad = null)
    {
        var net = network.Compiled;
        var (spikeTimes, spikeGids) = WithGeneratorSpikes(spikes, net.SpikeTrains, trainTimes, endTime);
        var stims = new List<StimInfo>(network.Stims);
        for (int s = 0; s < net.Sources.Length; s++)
        {
            var times = new List<double>();
            foreach (double te in sourceTimes[s])
            {
                if (te <= endTime) times.Add(te);
            }
            int index = net.SourceStimIndex[s];
            stims[index] = stims[index] with { EventTimes = times };
        }
        var build = network.Timing;
        double total = build.CreateTime + build.ConnectTime + build.StimsTime + setrecordTime + runTime;
        return new SimulationResult
        {
            Definition = network.Definition,
            Populations = network.Populations,
            Cells = network.Cells,
            Connections = network.Connections,
            Stims = stims,
            Warnings = network.Warnings,
            SpikeTimes = spikeTimes,
            SpikeGids = spikeGids,
            ResetTimes = resets.Times.ToArray(),
            ResetGids = resets.Gids.ToArray(),
            TraceTimes = traces.Times(),
            Traces = traces.Records(),
            Timing = new TimingData(build.CreateTime, build.ConnectTime, build.StimsTime, setrecordTime, runTime, total),
            // A complete run reports the requested duration (NetPyNE's rates use it); t itself ends a few ulps off.
            SimulatedTime = partial ? endTime : network.Definition.Simulation.Duration,
            Partial = partial,
            Precision = precision,
            Threads = threads,
            ThreadLoad = threadLoad,
            Weights = network.Definition.Simulation.WeightRecordRules is { } rules ? weights?.Only(rules) : weights,
        };
    }

    /// <summary>
    /// The cells' spikes merged with the spikes of spike-generator cells (their train's events up to
    /// <paramref name="endTime"/>, as NEURON's spike recorder gets a NetStim's net_event), in (time, gid) order.
    /// </summary>
    private static (double[] Times, int[] Gids) WithGeneratorSpikes(EventLog spikes, EventSource[] trains, IReadOnlyList<List<double>>? trainTimes, double endTime)
    {
        if (trains.Length == 0 || trainTimes is null) return (spikes.Times.ToArray(), spikes.Gids.ToArray());
        var generated = new List<(double Time, int Gid)>();
        for (int s = 0; s < trains.Length; s++)
        {
            foreach (double te in trainTimes[s])
            {
                if (te <= endTime) generated.Add((te, trains[s].Gid));
            }
        }
        generated.Sort();
        var cellTimes = spikes.Times; var cellGids = spikes.Gids;
        var times = new double[cellTimes.Length + generated.Count];
        var gids = new int[times.Length];
        int a = 0, b = 0;
        for (int k = 0; k < times.Length; k++)
        {
            bool takeCell = b >= generated.Count
                || (a < cellTimes.Length && (cellTimes[a] < generated[b].Time || (cellTimes[a] == generated[b].Time && cellGids[a] < generated[b].Gid)));
            if (takeCell)
            {
                times[k] = cellTimes[a]; gids[k] = cellGids[a]; a++;
            }
            else
            {
                times[k] = generated[b].Time; gids[k] = generated[b].Gid; b++;
            }
        }
        return (times, gids);
    }
}
