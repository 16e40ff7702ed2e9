using System.Runtime.CompilerServices;
using NetDsl.Construction;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Recording;

/// <summary>
/// NetPyNE's recordTraces at recordStep: Vector.record(ref, Dt) is a queue event at 0, Dt, 2Dt, ...
/// (times accumulated by +Dt). A sample due at or before t_{k+1} is taken at the end of the step (before a
/// reset at t_{k+1}); one due just after t_{k+1} is taken after that step's reset, as NEURON delivers it.
/// </summary>
internal sealed class TraceSet
{
    private readonly Trace[] _traces;
    private readonly double[] _times;
    private readonly int[] _slotStart;
    private readonly int[] _slotKind;
    private int _count;
    private double[] _gateM = [], _gateH = [], _gateN = [];

    private sealed record Trace(string Name, int Gid, RecordVariable Variable, string? Synapse, int Kind, double[] Values);

    private TraceSet(Trace[] traces, double[] times, CompiledNetwork net)
    {
        _traces = traces;
        _times = times;
        _slotStart = net.CellSlotStart;
        _slotKind = net.SlotKind;
    }

    public static TraceSet Create(Network network, double finalTime)
    {
        var definition = network.Definition;
        double recordStep = definition.Simulation.RecordStep;
        var times = new List<double>();
        for (double t = 0; t <= finalTime; t += recordStep) times.Add(t);
        int samples = times.Count;

        var plotted = new SortedSet<int>();
        foreach (var plot in definition.Plots)
        {
            if (plot.Kind != PlotKind.Traces || plot.Include is null) continue;
            foreach (int gid in CellSelection.Resolve(plot.Include, network.Populations, network.Cells.Count, "Traces plot")) plotted.Add(gid);
        }
        var traces = new List<Trace>();
        foreach (var record in definition.Records)
        {
            int kind = -1;
            if (record.Variable == RecordVariable.G)
            {
                for (int s = 0; s < definition.Synapses.Count; s++)
                {
                    if (definition.Synapses[s].Name == record.Synapse) kind = s;
                }
                if (kind < 0) throw new NetDslModelException("synMech", $"Record '{record.Name}': unknown synapse '{record.Synapse}'.");
            }
            IEnumerable<int> gids = record.Cells is null
                ? plotted
                : CellSelection.Resolve(record.Cells, network.Populations, network.Cells.Count, $"Record '{record.Name}'");
            foreach (int gid in gids)
            {
                CheckRecordable(network, record, gid);
                traces.Add(new Trace(record.Name, gid, record.Variable, record.Synapse, kind, new double[samples]));
            }
        }
        return new TraceSet(traces.ToArray(), times.ToArray(), network.Compiled);
    }

    /// <summary>u exists only on Izhi2007b cells, m, h and n only on cells with hh.</summary>
    private static void CheckRecordable(Network network, RecordDefinition record, int gid)
    {
        var net = network.Compiled;
        bool ok = record.Variable switch
        {
            RecordVariable.U => net.Model[gid] == CellModel.Izhikevich,
            RecordVariable.M or RecordVariable.H or RecordVariable.N => net.Membrane is { } membrane && membrane.HasHh[gid],
            _ => true,
        };
        if (!ok)
        {
            string variable = record.Variable.ToString().ToLowerInvariant();
            string owner = record.Variable == RecordVariable.U ? "Izhi2007b" : "hh";
            throw new NetDslModelException("var", $"Record '{record.Name}': cell {gid} ({network.Cells[gid].CellType}) has no {owner} mechanism, so it has no '{variable}' to record.");
        }
    }

    public void Reset() => _count = 0;

    /// <summary>The hh gate arrays (per gid) that m, h and n traces read.</summary>
    public void BindGates(double[] m, double[] h, double[] n)
    {
        _gateM = m; _gateH = h; _gateN = n;
    }

    public void SampleAtInit(double[] v, double[] u, double[] synA, double[] synB)
    {
        _count = 0;
        if (_times.Length > 0) Sample(v, u, synA, synB);
    }

    /// <summary>After the step's threshold checks and resets, before integration (event time in (t_k, t_k + dt/2]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SampleBeforeStep(double tm, double[] v, double[] u, double[] synA, double[] synB)
    {
        while (_count < _times.Length && _times[_count] <= tm) Sample(v, u, synA, synB);
    }

    /// <summary>At the end of a step, at t_{k+1}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SampleAfterStep(double t, double[] v, double[] u, double[] synA, double[] synB)
    {
        while (_count < _times.Length && _times[_count] <= t) Sample(v, u, synA, synB);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Sample(double[] v, double[] u, double[] synA, double[] synB)
    {
        int index = _count++;
        foreach (var trace in _traces)
        {
            trace.Values[index] = trace.Variable switch
            {
                RecordVariable.V => v[trace.Gid],
                RecordVariable.U => u[trace.Gid],
                RecordVariable.M => _gateM[trace.Gid],
                RecordVariable.H => _gateH[trace.Gid],
                RecordVariable.N => _gateN[trace.Gid],
                _ => Conductance(trace.Gid, trace.Kind, synA, synB),
            };
        }
    }

    private double Conductance(int gid, int kind, double[] synA, double[] synB)
    {
        double g = 0;
        for (int s = _slotStart[gid]; s < _slotStart[gid + 1]; s++)
        {
            if (_slotKind[s] == kind) g += synB[s] - synA[s];
        }
        return g;
    }

    public double[] Times() => _times.AsSpan(0, _count).ToArray();

    // For engines that write samples themselves (the fast engine samples each block of cells separately).

    /// <summary>Sample times (recordStep apart) up to the planned end of the run.</summary>
    internal ReadOnlySpan<double> SampleTimes => _times;

    internal int TraceCount => _traces.Length;

    /// <summary>What trace <paramref name="index"/> records: cell, variable and synapse kind (for g).</summary>
    internal (int Gid, RecordVariable Variable, int Kind) Describe(int index) => (_traces[index].Gid, _traces[index].Variable, _traces[index].Kind);

    internal double[] ValuesOf(int index) => _traces[index].Values;

    /// <summary>Marks the first <paramref name="count"/> samples as taken.</summary>
    internal void SetSampleCount(int count) => _count = Math.Clamp(count, 0, _times.Length);

    public IReadOnlyList<TraceRecord> Records()
    {
        var records = new List<TraceRecord>(_traces.Length);
        foreach (var trace in _traces) records.Add(new TraceRecord(trace.Name, trace.Gid, trace.Variable, trace.Synapse, trace.Values.AsSpan(0, _count).ToArray()));
        return records;
    }
}
