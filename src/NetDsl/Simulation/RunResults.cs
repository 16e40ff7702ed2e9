using NetDsl.Definition;
using NetDsl.Recording;

namespace NetDsl.Simulation;

/// <summary>Assembles a <see cref="SimulationResult"/> from what an engine recorded; shared by both engines.</summary>
internal static class RunResults
{
    /// <param name="sourceTimes">Every event time drawn per stimulus source; those after <paramref name="endTime"/> are left out.</param>
    public static SimulationResult Collect(Network network, IReadOnlyList<List<double>> sourceTimes, double endTime, EventLog spikes, EventLog resets,
        TraceSet traces, double setrecordTime, double runTime, bool partial, SimulationPrecision precision, int threads, PlasticWeights? weights = null)
    {
        var net = network.Compiled;
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
            SpikeTimes = spikes.Times.ToArray(),
            SpikeGids = spikes.Gids.ToArray(),
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
            Weights = weights,
        };
    }
}
