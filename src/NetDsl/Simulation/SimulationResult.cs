using NetDsl.Definition;

namespace NetDsl.Simulation;

/// <summary>A built cell: gid, population, position (um) and the Izhi2007b parameters it actually got.</summary>
public sealed record CellInfo(
    int Gid,
    string Population,
    string CellType,
    double X,
    double Y,
    double Z,
    double XNorm,
    double YNorm,
    double ZNorm,
    IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>The position tags selector conditions and expressions read.</summary>
    public CellTags Tags => new(X, Y, Z, XNorm, YNorm, ZNorm);
}

/// <summary>A population after construction: gids FirstGid .. FirstGid + Count - 1.</summary>
public sealed record PopulationInfo(string Name, string CellType, int FirstGid, int Count)
{
    public int EndGid => FirstGid + Count;
    public bool Contains(int gid) => gid >= FirstGid && gid < FirstGid + Count;
}

/// <summary>One cell-to-cell connection, in NetPyNE's order (per post cell, rule order).</summary>
public readonly record struct ConnectionInfo(int PreGid, int PostGid, double Weight, double Delay, string Synapse);

/// <summary>One stimulus attached to a cell; <see cref="EventTimes"/> holds NetStim/VecStim event times when recorded.</summary>
public sealed record StimInfo(int Gid, string Source, string Type, string? Synapse, double Weight, double Delay, IReadOnlyList<double> EventTimes)
{
    /// <summary>
    /// The source as this cell got it, where the source evaluates some parameter per target cell (NetPyNE's string
    /// stim parameters: a NetStim's rate, noise, ..., an IClamp's del, dur, amp); null when the source's own values apply.
    /// </summary>
    public StimSourceDefinition? Values { get; init; }
}

/// <summary>A recorded trace: <see cref="Values"/>[i] is the value at <see cref="SimulationResult.TraceTimes"/>[i].</summary>
public sealed record TraceRecord(string Name, int Gid, RecordVariable Variable, string? Synapse, double[] Values);

/// <summary>Wall-clock timing in seconds, with NetPyNE's timingData names.</summary>
public sealed record TimingData(double CreateTime, double ConnectTime, double StimsTime, double SetrecordTime, double RunTime, double TotalTime);

/// <summary>Mean firing rate of one population over the simulated time.</summary>
public sealed record PopulationRate(string Population, int Cells, int Spikes, double RateHz);

/// <summary>Everything a run produced. Spikes are sorted by (time, gid) as NetPyNE gathers them.</summary>
public sealed class SimulationResult
{
    public required NetworkDefinition Definition { get; init; }
    public required IReadOnlyList<PopulationInfo> Populations { get; init; }
    public required IReadOnlyList<CellInfo> Cells { get; init; }
    public required IReadOnlyList<ConnectionInfo> Connections { get; init; }
    public required IReadOnlyList<StimInfo> Stims { get; init; }

    /// <summary>The network's build warnings (<see cref="Network.Warnings"/>).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Spike times in ms: first grid time with v above threshold, plus 1e-10 ms (NetPyNE's stamp).</summary>
    public required double[] SpikeTimes { get; init; }
    public required int[] SpikeGids { get; init; }

    /// <summary>Sample times of the traces (0, recordStep, 2·recordStep, ...).</summary>
    public required double[] TraceTimes { get; init; }
    public required IReadOnlyList<TraceRecord> Traces { get; init; }

    public required TimingData Timing { get; init; }

    /// <summary>Izhi2007b reset events (the WATCH flag-2 time, NET_RECEIVE's net_event) of living cells.</summary>
    public double[] ResetTimes { get; init; } = [];
    public int[] ResetGids { get; init; } = [];

    /// <summary>Simulated time in ms (less than the duration when the run was cancelled).</summary>
    public required double SimulatedTime { get; init; }

    /// <summary>True when the run stopped early (cancelled) and holds what was simulated so far.</summary>
    public bool Partial { get; init; }

    /// <summary>The arithmetic the run used (NEURON-exact unless the definition or the run options asked otherwise).</summary>
    public Definition.SimulationPrecision Precision { get; init; }

    /// <summary>Threads that ran it (the request, limited by the network's size); per rank in a distributed run.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>With more than one thread: each thread's time on its cells and the time the parallel parts took (the rest of the run is setting up and what runs between the parts).</summary>
    public Concurrency.ThreadLoad? ThreadLoad { get; init; }

    /// <summary>Processes (ranks) that ran it: 1, or the ranks of a distributed run (NetPyNE's "workers").</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// The rank this result comes from. Rank 0's result of a distributed run holds the whole run (gathered from every
    /// rank); another rank's holds its own share only and is not meant for output.
    /// </summary>
    public int Rank { get; init; }

    /// <summary>Per rank of a distributed run (rank 0's result: every rank): its cells, costs and memory; empty otherwise.</summary>
    public IReadOnlyList<Distributed.RankReport> RankReports { get; init; } = [];

    /// <summary>
    /// The weights of the plastic connections (initial, final, sampled every
    /// <see cref="Definition.SimulationSettings.WeightRecordStep"/>, and their changes when recorded); null when no
    /// connection is plastic.
    /// </summary>
    public PlasticWeights? Weights { get; init; }

    public int CellCount => Cells.Count;

    /// <summary>Spike counts and mean rates per population over the simulated time.</summary>
    public IReadOnlyList<PopulationRate> PopulationRates()
    {
        var rates = new List<PopulationRate>(Populations.Count);
        double seconds = SimulatedTime / 1000.0;
        foreach (var pop in Populations)
        {
            int spikes = 0;
            foreach (int gid in SpikeGids)
            {
                if (pop.Contains(gid)) spikes++;
            }
            rates.Add(new PopulationRate(pop.Name, pop.Count, spikes, pop.Count == 0 || seconds <= 0 ? 0 : spikes / (double)pop.Count / seconds));
        }
        return rates;
    }

    /// <summary>Mean rate over all cells (NetPyNE's avgRate).</summary>
    public double AverageRate => CellCount == 0 || SimulatedTime <= 0 ? 0 : SpikeTimes.Length / (double)CellCount / (SimulatedTime / 1000.0);
}
