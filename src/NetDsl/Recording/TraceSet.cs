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
    // Per trace of a mechanism's state (m, h, n): its per-cell values in the running engine.
    private double[][] _stateValues = [];

    /// <param name="Cell">The recorded cell's index in the engine's arrays, or -1 when another rank simulates it (its samples stay 0 here).</param>
    private sealed record Trace(string Name, int Gid, int Cell, RecordVariable Variable, string? Synapse, int Kind, double[] Values);

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

        var plotted = new SortedSet<int>();
        foreach (var plot in definition.Plots)
        {
            if (plot.Kind != PlotKind.Traces || plot.Include is null) continue;
            foreach (int gid in CellSelection.Resolve(plot.Include, network.Populations, network.Cells, "Traces plot")) plotted.Add(gid);
        }
        var recorded = new List<(RecordDefinition Record, int Gid, int Kind)>();
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
                : CellSelection.Resolve(record.Cells, network.Populations, network.Cells, $"Record '{record.Name}'");
            // (Whether each cell has the variable was checked when the network was built.)
            foreach (int gid in gids) recorded.Add((record, gid, kind));
        }

        // NetPyNE records h.t only with recordTraces (setupRecording): a model without records samples nothing, however
        // long it runs.
        if (definition.Records.Count == 0) return new TraceSet([], [], network.Compiled);

        // Every sample is kept until the run ends: refuse what cannot be held before counting the times out.
        double expected = Math.Floor(finalTime / recordStep) + 1;
        string what = $"record '{definition.Records[0].Name}', recordStep {recordStep.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} ms";
        if (expected > Array.MaxLength)
            throw new NetDslModelException("recordStep", $"Recording: {expected:0.###e0} samples per trace ({what}); at most {Array.MaxLength:N0}: use a larger recordStep.");
        ResourceGuard.CheckSamples(expected, recorded.Count + 1, what);
        var times = new List<double>((int)expected + 1);
        for (double t = 0; t <= finalTime; t += recordStep) times.Add(t);
        int samples = times.Count;

        var traces = new Trace[recorded.Count];
        var net = network.Compiled;
        for (int i = 0; i < traces.Length; i++)
        {
            var (record, gid, kind) = recorded[i];
            int cell = gid - net.FirstGid;
            traces[i] = new Trace(record.Name, gid, (uint)cell < (uint)net.CellCount ? cell : -1, record.Variable, record.Synapse, kind, new double[samples]);
        }
        return new TraceSet(traces, times.ToArray(), network.Compiled);
    }

    public void Reset() => _count = 0;

    /// <summary>Where the traces of mechanism states (m, h, n) read: the engine's per-cell values by variable name.</summary>
    public void BindStates(Func<string, double[]?> valuesOf)
    {
        _stateValues = new double[_traces.Length][];
        for (int t = 0; t < _traces.Length; t++)
        {
            if (StateName(_traces[t].Variable) is { } name) _stateValues[t] = valuesOf(name) ?? throw new InvalidOperationException($"No cell records '{name}'.");
        }
    }

    /// <summary>
    /// The catalog name of a density mechanism's state variable (hh's m, h, n: the member's name in lower case,
    /// one of the mechanism's Recordables); null for v, u and g.
    /// </summary>
    public static string? StateName(RecordVariable variable) =>
        variable is RecordVariable.V or RecordVariable.U or RecordVariable.G ? null : variable.ToString().ToLowerInvariant();

    public void SampleAtInit(double[] v, double[] u, double[] synA, double[] synB)
    {
        _count = 0;
        if (_times.Length > 0) Sample(v, u, synA, synB);
    }

    /// <summary>After the step's threshold checks and resets, before integration (event time in (t_k, t_k + dt/2]).</summary>
    // Inlined into each of the engine's step flavours (Simulator.StepWide / StepNarrow), compiled as they are.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SampleBeforeStep(double tm, double[] v, double[] u, double[] synA, double[] synB)
    {
        while (_count < _times.Length && _times[_count] <= tm) Sample(v, u, synA, synB);
    }

    /// <summary>At the end of a step, at t_{k+1}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SampleAfterStep(double t, double[] v, double[] u, double[] synA, double[] synB)
    {
        while (_count < _times.Length && _times[_count] <= t) Sample(v, u, synA, synB);
    }

    // Once per recordStep, not per step: left to tiered compilation (and to a ReadyToRun image's code).
    private void Sample(double[] v, double[] u, double[] synA, double[] synB)
    {
        int index = _count++;
        for (int t = 0; t < _traces.Length; t++)
        {
            var trace = _traces[t];
            int cell = trace.Cell;
            if (cell < 0) continue;
            trace.Values[index] = trace.Variable switch
            {
                RecordVariable.V => v[cell],
                RecordVariable.U => u[cell],
                RecordVariable.G => Conductance(cell, trace.Kind, synA, synB),
                _ => _stateValues[t][cell],
            };
        }
    }

    private double Conductance(int cell, int kind, double[] synA, double[] synB)
    {
        var store = SlotStore;
        double g = 0;
        for (int s = _slotStart[cell]; s < _slotStart[cell + 1]; s++)
        {
            int at = store is null ? s : store[s];
            if (_slotKind[s] == kind) g += synB[at] - synA[at];
        }
        return g;
    }

    /// <summary>Where each slot's A and B are in the arrays given to the samples (null: at the slot's index; see <c>Exp2SynBlocks.Store</c>).</summary>
    internal int[]? SlotStore { get; set; }

    public double[] Times() => _times.AsSpan(0, _count).ToArray();

    // For engines that write samples themselves (the fast engine samples each block of cells separately).

    /// <summary>Sample times (recordStep apart) up to the planned end of the run.</summary>
    internal ReadOnlySpan<double> SampleTimes => _times;

    internal int TraceCount => _traces.Length;

    /// <summary>What trace <paramref name="index"/> records: the cell's index in the engine (-1: not simulated here), variable and synapse kind (for g).</summary>
    internal (int Cell, RecordVariable Variable, int Kind) Describe(int index) => (_traces[index].Cell, _traces[index].Variable, _traces[index].Kind);

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
