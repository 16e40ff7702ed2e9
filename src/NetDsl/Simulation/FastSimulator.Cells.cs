using System.Runtime.CompilerServices;
using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Kernels.Fast;
using NetDsl.Kernels.Membrane;

namespace NetDsl.Simulation;

/// <summary>The fast engine's work on cells: one step of a partition, the threshold checks, resets and traces.</summary>
internal sealed partial class FastSimulator<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepCells(Partition part, long k, T delta, int epochStep)
    {
        var s = _state;
        var decay = _epochs.Decay(epochStep);
        var changed = part.Changed.AsSpan();
        var conditions = part.ChangedConditions.AsSpan();
        int count = 0;
        for (int r = 0; r < part.RunFrom.Length; r++)
            count += FastSomaKernel<T>.Step(_parameters, s, part.RunFrom[r], part.RunTo[r], part.RunUniform[r], delta, decay, changed[count..], conditions[count..], _width);
        foreach (int cell in part.ScalarCells) ScalarStep(cell, k, delta, decay);
        if (part.MembraneCells.Length > 0) StepMembraneCells(part, k, decay);

        // Samples at t_{k+1} before the checks, then the checks (spikes and resets), then the samples that
        // NEURON takes after them (due in (t_{k+1}, t_{k+1} + dt/2]). Synapse values at t_{k+1} are a step further
        // into the epoch.
        var next = _epochs.Decay(epochStep + 1);
        if (part.Traces.Length > 0) SamplePartition(part, _beforeEnd[k], _afterEnd[k], next);
        // A reset reads its cell's CellReset, which the delivery tables streaming through the caches since its last
        // reset have evicted: all of the step's are requested first, so that their misses overlap.
        int lanes = FastSomaKernel<T>.Lanes;
        for (int c = 0; c < count; c++)
        {
            uint resets = (conditions[c] & ~s.Conditions[changed[c] / lanes]) >> lanes;
            if (resets != 0) PrefetchValue(_cellResets, changed[c] + System.Numerics.BitOperations.TrailingZeroCount(resets));
        }
        for (int c = 0; c < count; c++) ApplyVectorConditions(part, changed[c], conditions[c], k + 1);
        foreach (int cell in part.ScalarCells) CheckCell(part, cell, k + 1);
        foreach (int cell in part.MembraneCells) CheckCell(part, cell, k + 1);
        if (part.Traces.Length > 0) SamplePartition(part, _afterEnd[k], _beforeEnd[k + 1], next);
    }

    /// <summary>NetCon threshold and Izhi WATCH of one cell at state(t_step); spikes and resets go to the partition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckCell(Partition part, int i, long step)
    {
        var (above, watch) = Izhi2007b.Conditions(_state.V[i], _state.U[i], _parameters.Threshold[i], _parameters.Vpeak[i], _parameters.WatchSlope[i]);
        ApplyConditions(part, i, above, watch, step);
    }

    /// <summary>
    /// A cell's conditions found at state(t_step): a threshold condition turning true is a spike, a WATCH turning
    /// true the reset; both are stored for the next check.
    /// </summary>
    private void ApplyConditions(Partition part, int i, bool above, bool watch, long step)
    {
        var s = _state;
        if (above && !s.Above(i)) part.Spikes.Add(step, i);
        if (watch && !s.Watch(i)) Reset(part, i, step);
        s.SetConditions(i, above, watch);
    }

    /// <summary>Izhi2007b NET_RECEIVE flag 2 of cell <paramref name="i"/>, recorded for a live cell.</summary>
    private void Reset(Partition part, int i, long step)
    {
        var s = _state;
        ref readonly var reset = ref _cellResets[i];
        Izhi2007b.ApplyReset(reset.Kind, reset.C, reset.D, ref s.V[i], ref s.U[i]);
        if (reset.Alive) part.Resets.Add(step, i);
    }

    /// <summary>
    /// <see cref="ApplyConditions"/> for the vector of cells from <paramref name="first"/> whose conditions the kernel
    /// found to be <paramref name="bits"/> (as <see cref="FastCellState{T}.Conditions"/> holds them): the conditions
    /// that turned true are found for all its cells at once, and only their cells are visited, in lane order.
    /// </summary>
    private void ApplyVectorConditions(Partition part, int first, uint bits, long step)
    {
        var s = _state;
        int lanes = FastSomaKernel<T>.Lanes;
        ref uint stored = ref s.Conditions[first / lanes];
        uint rising = bits & ~stored;
        uint laneMask = (1u << lanes) - 1;
        for (uint spikes = rising & laneMask; spikes != 0; spikes &= spikes - 1)
            part.Spikes.Add(step, first + System.Numerics.BitOperations.TrailingZeroCount(spikes));
        for (uint resets = rising >> lanes; resets != 0; resets &= resets - 1)
            Reset(part, first + System.Numerics.BitOperations.TrailingZeroCount(resets), step);
        stored = bits;
    }

    /// <summary>Izhi2007b NET_RECEIVE flag 2 of one cell: its reset kind, c and d, and whether its reset is recorded (a live cell).</summary>
    private readonly record struct CellReset(T C, T D, ResetKind Kind, bool Alive);

    /// <summary>
    /// The closed-form step for one cell of any recovery kind, with its IClamps (cells the vector kernel does
    /// not take: other cell types, electrodes, a partial vector).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScalarStep(int i, long k, T delta, ReadOnlySpan<T> decay)
    {
        var net = _net;
        var p = _parameters;
        var s = _state;
        T v = s.V[i], u = s.U[i];
        T gSum = T.Zero, gE = T.Zero;
        for (int kind = 0; kind < p.KindE.Length; kind++)
        {
            T g = s.Conductance(kind, i, decay);
            gSum += g;
            gE += g * p.KindE[kind];
        }
        T clamp = T.Zero;
        double tmid = _stepTime[k] + 0.5 * _dt;
        for (int j = net.ClampStart[i]; j < net.ClampStart[i + 1]; j++)
        {
            if (tmid < net.ClampEnd[j] && tmid >= net.ClampDelay[j]) clamp += T.CreateTruncating(net.ClampAmp[j]);
        }

        T vp = v + T.CreateTruncating(0.001);
        T da = delta * p.A[i];
        T vr = p.Vr[i];
        switch (net.Recovery[i])
        {
            case RecoveryKind.Linear:
                u += da * (p.B[i] * (vp - vr) - u);
                break;
            case RecoveryKind.FastSpiking:
                {
                    T vb = T.CreateTruncating(net.D[i]);
                    T above = vp - vb;
                    u += vp < vb ? da * -u : da * (T.CreateTruncating(0.025) * above * above * above - u);
                    break;
                }
            case RecoveryKind.Thalamocortical:
                u += da * ((vp > T.CreateTruncating(-65) ? T.Zero : T.CreateTruncating(15)) * (vp - vr) - u);
                break;
            case RecoveryKind.Reticular:
                u += da * ((vp > T.CreateTruncating(-65) ? T.CreateTruncating(2) : T.CreateTruncating(10)) * (vp - vr) - u);
                break;
        }
        // As the vector kernel computes it (FastCellParameters), in nA and µS.
        T kv = p.KP[i] * v;
        T coefficient = kv + p.Linear[i] - gSum;
        T rhs = coefficient * v + (p.Constant[i] - p.P[i] * u + gE + clamp);
        T diag = p.DiagConstant[i] - kv - coefficient;
        v += rhs / diag;
        s.V[i] = v;
        s.U[i] = u;
    }

    /// <summary>
    /// One step of the partition's cells made of density mechanisms, in double whatever the run's precision: the
    /// one-node backward-Euler update in closed form (synaptic and electrode currents scaled to mA/cm², the
    /// mechanisms' slopes computed), then the mechanisms' states with the new v, as the exact engine updates them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepMembraneCells(Partition part, long k, ReadOnlySpan<T> decay)
    {
        var net = _net;
        var mechanisms = net.Mechanisms!.All;
        var p = _parameters;
        var v = _membraneV; var rhs = _membraneRhs; var diag = _membraneDiag;
        double tmid = _stepTime[k] + 0.5 * _dt;
        foreach (int i in part.MembraneCells)
        {
            double vi = double.CreateTruncating(_state.V[i]);
            double gSum = 0, gE = 0;
            for (int kind = 0; kind < p.KindE.Length; kind++)
            {
                double g = double.CreateTruncating(_state.Conductance(kind, i, decay));
                gSum += g;
                gE += g * net.KindE[kind];
            }
            double clamp = 0;
            for (int j = net.ClampStart[i]; j < net.ClampStart[i + 1]; j++)
            {
                if (tmid < net.ClampEnd[j] && tmid >= net.ClampDelay[j]) clamp += net.ClampAmp[j];
            }
            v[i] = vi;
            rhs[i] = (gE - vi * gSum + clamp) * net.Scale[i];
            diag[i] = net.CapTerm[i] + gSum * net.Scale[i];
        }
        for (int m = 0; m < mechanisms.Length; m++) mechanisms[m].AddClosedFormCurrents(_densityStates[m], part.MechanismCells[m], v, rhs, diag);
        foreach (int i in part.MembraneCells)
        {
            v[i] += rhs[i] / diag[i];
            _state.V[i] = T.CreateTruncating(v[i]);
        }
        for (int m = 0; m < mechanisms.Length; m++) mechanisms[m].Advance(_densityStates[m], part.MechanismCells[m], v, _dt);
    }

    /// <summary>Samples [from, to) of the traces of every cell (at initialization).</summary>
    private void SampleAll(int to, ReadOnlySpan<T> decay)
    {
        foreach (var part in _partitions) SamplePartition(part, 0, to, decay);
    }

    /// <summary>Samples [from, to) of the partition's traces; <paramref name="decay"/> turns stored synapse values into A and B.</summary>
    private void SamplePartition(Partition part, int from, int to, ReadOnlySpan<T> decay)
    {
        if (from >= to) return;
        var s = _state;
        foreach (int t in part.Traces)
        {
            var (cell, variable, kind) = _traces.Describe(t);
            double value = variable switch
            {
                RecordVariable.V => double.CreateTruncating(s.V[cell]),
                RecordVariable.U => double.CreateTruncating(s.U[cell]),
                RecordVariable.G => double.CreateTruncating(s.Conductance(kind, cell, decay)),
                _ => _traceStates[t]![cell],
            };
            var values = _traces.ValuesOf(t);
            for (int sample = from; sample < to; sample++) values[sample] = value;
        }
    }
}
