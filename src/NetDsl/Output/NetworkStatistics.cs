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

        // The network's own table gives the pre gids as an array (one decoding pass); other lists are read as they are.
        var (pre, post) = result.Connections is Construction.ConnectionTable table ? (table.PreGids(), PostGids(table)) : Pairs(result.Connections);
        var sourcesPerCell = CountSourcesPerCell(result, pre, post);
        Connections = 0;
        foreach (int count in sourcesPerCell) Connections += count;

        Spikes = result.SpikeTimes.Length;
        RateHz = Cells == 0 || SimulatedSeconds <= 0 ? 0 : Spikes / (double)Cells / SimulatedSeconds;

        var populations = new List<PopulationStatistics>(result.Populations.Count);
        foreach (var rate in result.PopulationRates())
        {
            var population = FindPopulation(result, rate.Population);
            long sources = 0;
            for (int gid = population.FirstGid; gid < population.EndGid; gid++) sources += sourcesPerCell[gid];
            double perCell = population.Count == 0 ? 0 : sources / (double)population.Count;
            populations.Add(new PopulationStatistics(rate.Population, rate.Cells, perCell, rate.Spikes, rate.RateHz));
        }
        Populations = populations;
        Synchrony = SynchronyMeasure(result.SpikeTimes, result.SimulatedTime);
        DeliveredEvents = CountDeliveredEvents(result, pre);
    }

    /// <summary>
    /// The statistics of a result, counted once: the summary, the timing lines and the figures all ask for them, and at
    /// 10,000 cells with 1.25 M connections a count takes ~30 ms. A result does not change after the run.
    /// </summary>
    public static NetworkStatistics Of(SimulationResult result) => Computed.GetValue(result, static r => new NetworkStatistics(r));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SimulationResult, NetworkStatistics> Computed = new();

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

    /// <summary>Distinct presynaptic cells per cell, plus one for any NetStim/VecStim input, indexed by gid.</summary>
    private static int[] CountSourcesPerCell(SimulationResult result, int[] pre, int[] post)
    {
        int n = result.CellCount;
        var counts = new int[n];
        // Connections come grouped by post cell: a pre cell is new to its post cell unless stamped with it.
        var stampedFor = new int[n];
        int previousPost = -1;
        for (int c = 0; c < pre.Length; c++)
        {
            if (post[c] < previousPost) return CountSourcesPerCellUngrouped(result, pre, post);
            previousPost = post[c];
            if (stampedFor[pre[c]] == post[c] + 1) continue;
            stampedFor[pre[c]] = post[c] + 1;
            counts[post[c]]++;
        }
        AddStimulusSources(result, counts);
        return counts;
    }

    /// <summary>As <see cref="CountSourcesPerCell"/> for connections in any order.</summary>
    private static int[] CountSourcesPerCellUngrouped(SimulationResult result, int[] pre, int[] post)
    {
        var counts = new int[result.CellCount];
        var pairs = new HashSet<(int Pre, int Post)>();
        for (int c = 0; c < pre.Length; c++)
        {
            if (pairs.Add((pre[c], post[c]))) counts[post[c]]++;
        }
        AddStimulusSources(result, counts);
        return counts;
    }

    private static int[] PostGids(Construction.ConnectionTable table)
    {
        var postStart = table.PostStart;
        var post = new int[table.Count];
        for (int gid = 0; gid + 1 < postStart.Length; gid++) post.AsSpan(postStart[gid], postStart[gid + 1] - postStart[gid]).Fill(gid);
        return post;
    }

    private static (int[] Pre, int[] Post) Pairs(IReadOnlyList<ConnectionInfo> connections)
    {
        var pre = new int[connections.Count];
        var post = new int[connections.Count];
        int c = 0;
        foreach (var connection in connections)
        {
            pre[c] = connection.PreGid;
            post[c++] = connection.PostGid;
        }
        return (pre, post);
    }

    /// <summary>Every NetStim/VecStim input to a cell counts as one source, "NetStim".</summary>
    private static void AddStimulusSources(SimulationResult result, int[] counts)
    {
        var hasNetStim = new bool[counts.Length];
        foreach (var stim in result.Stims)
        {
            if (IsSpikeSource(stim)) hasNetStim[stim.Gid] = true;
        }
        for (int gid = 0; gid < counts.Length; gid++)
        {
            if (hasNetStim[gid]) counts[gid]++;
        }
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

    private static int CountArrivals(ReadOnlySpan<double> times, double delay, double end)
    {
        int count = 0;
        foreach (double t in times)
        {
            if (t + delay <= end) count++;
        }
        return count;
    }

    private static long CountDeliveredEvents(SimulationResult result, int[] pre)
    {
        var outDegree = new int[result.CellCount];
        foreach (int gid in pre) outDegree[gid]++;
        long events = 0;
        foreach (int gid in result.SpikeGids) events += outDegree[gid];
        foreach (var stim in result.Stims)
        {
            if (!IsSpikeSource(stim)) continue;
            // The engines' lists read as spans: a million event times at 10,000 cells, no enumerator call each.
            if (stim.EventTimes is List<double> list) events += CountArrivals(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list), stim.Delay, result.SimulatedTime);
            else if (stim.EventTimes is double[] array) events += CountArrivals(array, stim.Delay, result.SimulatedTime);
            else
            {
                foreach (double t in stim.EventTimes)
                {
                    if (t + stim.Delay <= result.SimulatedTime) events++;
                }
            }
        }
        return events;
    }
}
