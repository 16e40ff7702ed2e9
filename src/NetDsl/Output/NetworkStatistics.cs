using NetDsl.Simulation;

namespace NetDsl.Output;

/// <summary>Per-population figures as NetPyNE reports them: cells, connections per cell, spikes and rate.</summary>
public sealed record PopulationStatistics(string Population, int Cells, double ConnectionsPerCell, int Spikes, double RateHz);

/// <summary>
/// The numbers NetPyNE prints and draws after a run. Connections are counted as NetPyNE's analysis counts them:
/// distinct presynaptic sources per cell, with every NetStim input to a cell counted as one source "NetStim".
/// </summary>
public sealed class NetworkStatistics
{
    private NetworkStatistics(SimulationResult result)
    {
        Cells = result.CellCount;
        CellConnections = result.Connections.Count;
        SimulatedSeconds = result.SimulatedTime / 1000.0;

        var sourcesPerCell = CountSourcesPerCell(result);
        Connections = 0;
        foreach (int count in sourcesPerCell.Values) Connections += count;

        Spikes = result.SpikeTimes.Length;
        RateHz = Cells == 0 || SimulatedSeconds <= 0 ? 0 : Spikes / (double)Cells / SimulatedSeconds;

        var populations = new List<PopulationStatistics>(result.Populations.Count);
        foreach (var rate in result.PopulationRates())
        {
            var population = FindPopulation(result, rate.Population);
            long sources = 0;
            for (int gid = population.FirstGid; gid < population.EndGid; gid++)
            {
                if (sourcesPerCell.TryGetValue(gid, out int count)) sources += count;
            }
            double perCell = population.Count == 0 ? 0 : sources / (double)population.Count;
            populations.Add(new PopulationStatistics(rate.Population, rate.Cells, perCell, rate.Spikes, rate.RateHz));
        }
        Populations = populations;
        Synchrony = SynchronyMeasure(result.SpikeTimes, result.SimulatedTime);
        DeliveredEvents = CountDeliveredEvents(result);
    }

    public static NetworkStatistics Of(SimulationResult result) => new(result);

    public int Cells { get; }

    /// <summary>Cell-to-cell connections (NetPyNE's "Number of connections on node 0").</summary>
    public int CellConnections { get; }

    /// <summary>Connections as NetPyNE's summary counts them (distinct sources per cell, NetStim as one).</summary>
    public long Connections { get; }

    public double ConnectionsPerCell => Cells == 0 ? 0 : Connections / (double)Cells;

    public int Spikes { get; }

    public double RateHz { get; }

    public double SimulatedSeconds { get; }

    public IReadOnlyList<PopulationStatistics> Populations { get; }

    /// <summary>NetPyNE's raster "sync": 1 − (number of 1 ms windows opened by spikes) / duration in ms.</summary>
    public double Synchrony { get; }

    /// <summary>Synaptic events delivered: each spike times the out-degree of its cell, plus NetStim/VecStim events.</summary>
    public long DeliveredEvents { get; }

    private static PopulationInfo FindPopulation(SimulationResult result, string name)
    {
        foreach (var population in result.Populations)
        {
            if (population.Name == name) return population;
        }
        throw new InvalidOperationException($"Population '{name}' is not part of the result.");
    }

    private static Dictionary<int, int> CountSourcesPerCell(SimulationResult result)
    {
        var sources = new Dictionary<int, HashSet<int>>();
        foreach (var connection in result.Connections)
        {
            if (!sources.TryGetValue(connection.PostGid, out var set)) sources[connection.PostGid] = set = new HashSet<int>();
            set.Add(connection.PreGid);
        }
        var counts = new Dictionary<int, int>(sources.Count);
        foreach (var (gid, set) in sources) counts[gid] = set.Count;

        var hasNetStim = new HashSet<int>();
        foreach (var stim in result.Stims)
        {
            if (IsSpikeSource(stim)) hasNetStim.Add(stim.Gid);
        }
        foreach (int gid in hasNetStim) counts[gid] = counts.GetValueOrDefault(gid) + 1;
        return counts;
    }

    /// <summary>NetStim and VecStim inputs arrive through a synapse; IClamp injects current.</summary>
    public static bool IsSpikeSource(StimInfo stim) => !string.Equals(stim.Type, "IClamp", StringComparison.OrdinalIgnoreCase);

    internal static double SynchronyMeasure(double[] sortedSpikeTimes, double durationMs)
    {
        if (durationMs <= 0) return 0;
        const double width = 1.0;
        double windowStart = -1;
        int windows = 0;
        foreach (double t in sortedSpikeTimes)
        {
            if (t >= windowStart + width)
            {
                windowStart = t;
                windows++;
            }
        }
        return 1 - windows / (durationMs / width);
    }

    private static long CountDeliveredEvents(SimulationResult result)
    {
        var outDegree = new Dictionary<int, int>();
        foreach (var connection in result.Connections) outDegree[connection.PreGid] = outDegree.GetValueOrDefault(connection.PreGid) + 1;
        long events = 0;
        foreach (int gid in result.SpikeGids) events += outDegree.GetValueOrDefault(gid);
        foreach (var stim in result.Stims)
        {
            if (!IsSpikeSource(stim)) continue;
            foreach (double t in stim.EventTimes)
            {
                if (t + stim.Delay <= result.SimulatedTime) events++;
            }
        }
        return events;
    }
}
