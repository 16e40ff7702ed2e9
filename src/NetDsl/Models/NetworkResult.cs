using NetDsl.Simulation;

namespace NetDsl.Models;

/// <summary>
/// What a run of a generated model produced: the engine's <see cref="Raw"/> result and the typed results per
/// population (<typeparamref name="TPopulations"/>, generated with one property per population of the file).
/// </summary>
public class NetworkResult<TPopulations>
    where TPopulations : PopulationResultSet
{
    public NetworkResult(SimulationResult raw, TPopulations populations)
    {
        Raw = raw ?? throw new ArgumentNullException(nameof(raw));
        Populations = populations ?? throw new ArgumentNullException(nameof(populations));
    }

    /// <summary>The engine's result: every spike, trace, cell and connection.</summary>
    public SimulationResult Raw { get; }

    /// <summary>Spikes, traces and rates of each population, by name.</summary>
    public TPopulations Populations { get; }

    /// <summary>Spike times (ms), sorted by (time, gid) as NetPyNE gathers them.</summary>
    public double[] SpikeTimes => Raw.SpikeTimes;

    /// <summary>The gid of each spike of <see cref="SpikeTimes"/>.</summary>
    public int[] SpikeGids => Raw.SpikeGids;

    /// <summary>Sample times (ms) of every trace.</summary>
    public double[] TraceTimes => Raw.TraceTimes;

    /// <summary>Mean firing rate over all cells (Hz).</summary>
    public double AverageRate => Raw.AverageRate;
}

/// <summary>
/// The results of every population of a run, in gid order. Generated models derive from it and add one property
/// per population (<c>result.Populations.IZH_exc</c>).
/// </summary>
public class PopulationResultSet
{
    private readonly PopulationResult[] populations;

    /// <summary>Splits <paramref name="raw"/> into the populations named <paramref name="names"/>.</summary>
    public PopulationResultSet(SimulationResult raw, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(raw);
        populations = Array.ConvertAll(names, name => new PopulationResult(raw, name));
    }

    /// <summary>Every population, in gid order.</summary>
    public IReadOnlyList<PopulationResult> All => populations;

    /// <summary>The population named <paramref name="name"/>, or null.</summary>
    public PopulationResult? Find(string name) => Array.Find(populations, p => p.Name == name);
}

/// <summary>Spikes, traces and mean rate of one population in a run.</summary>
public sealed class PopulationResult
{
    /// <summary>The spikes and traces of population <paramref name="name"/> in <paramref name="raw"/> (none if it has no such population).</summary>
    public PopulationResult(SimulationResult raw, string name)
    {
        ArgumentNullException.ThrowIfNull(raw);
        int first = 0, count = 0;
        foreach (var info in raw.Populations)
        {
            if (info.Name == name)
            {
                first = info.FirstGid;
                count = info.Count;
            }
        }
        Cells = new Population(name, first, count);
        var times = new List<double>();
        var gids = new List<int>();
        for (int i = 0; i < raw.SpikeGids.Length; i++)
        {
            if (Cells.Contains(raw.SpikeGids[i]))
            {
                times.Add(raw.SpikeTimes[i]);
                gids.Add(raw.SpikeGids[i]);
            }
        }
        SpikeTimes = times.ToArray();
        SpikeGids = gids.ToArray();
        double seconds = raw.SimulatedTime / 1000.0;
        RateHz = count == 0 || seconds <= 0 ? 0 : SpikeTimes.Length / (double)count / seconds;
        var traces = new List<TraceRecord>();
        foreach (var trace in raw.Traces)
        {
            if (Cells.Contains(trace.Gid)) traces.Add(trace);
        }
        Traces = traces;
    }

    public string Name => Cells.Name;

    /// <summary>The population's gid range in this run.</summary>
    public Population Cells { get; }

    /// <summary>Spike times (ms) of the population's cells, in (time, gid) order.</summary>
    public double[] SpikeTimes { get; }

    /// <summary>The gid of each spike of <see cref="SpikeTimes"/>.</summary>
    public int[] SpikeGids { get; }

    /// <summary>Mean firing rate (spikes per cell per second of simulated time).</summary>
    public double RateHz { get; }

    /// <summary>The recorded traces of the population's cells.</summary>
    public IReadOnlyList<TraceRecord> Traces { get; }

    /// <summary>The trace <paramref name="name"/> of the cell at <paramref name="index"/> in the population, if recorded.</summary>
    public TraceRecord? Trace(string name, int index)
    {
        int gid = Cells.Gid(index);
        foreach (var trace in Traces)
        {
            if (trace.Gid == gid && trace.Name == name) return trace;
        }
        return null;
    }
}
