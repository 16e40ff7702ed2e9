using System.Numerics;
using NetDsl.Simulation;

namespace NetDsl.Kernels.Fast;

/// <summary>
/// Constants of the closed-form soma step per cell, in the run's precision. NEURON's step of an Izhi2007b soma
/// with Exp2Syn conductances g_j, divided by the soma's scale (100/area, which turns nA into mA/cm2), reads in nA
/// and µS with kP = k/(1000 C), P = 1/(1000 C):
/// <code>
///   u'    = u + delta*a*(b*(v + 0.001 - vr) - u)
///   rhs   = kP*(v - vr)*(v - vt) + P*Iin - P*u' - (v*Σg_j - Σg_j*e_j) + I_clamp
///         = c*v + (Constant - P*u' + Σg_j*e_j + I_clamp)       with c = kP*v + Linear - Σg_j
///   diag  = cap/scale - kP*(2v + 0.001 - vr - vt) + Σg_j  =  DiagConstant - kP*v - c
///   v'    = v + rhs/diag
/// </code>
/// which is what NEURON computes (its slope (i(v+0.001) - i(v))/0.001 is exact for these currents) without
/// the three-node solve (the zero-area end nodes carry no current), with the constants folded and the scale
/// cancelled (fewer operations per step; not NEURON's rounding). Written in powers of v, the current and its slope
/// share kP*v and c: ten multiply-adds per cell and step with two synapse kinds instead of twelve. The expanded
/// terms are a few nA against a diagonal of about 4 µS, so their rounding moves v' by about 1e-7 mV in single
/// precision, well under the last bit of v (4e-6 mV at -60 mV).
/// </summary>
internal sealed class FastCellParameters<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public required T[] Vr { get; init; }
    /// <summary>-kP*(vr + vt): the current's term in v.</summary>
    public required T[] Linear { get; init; }
    /// <summary>k/(1000 C).</summary>
    public required T[] KP { get; init; }
    /// <summary>1/(1000 C).</summary>
    public required T[] P { get; init; }
    /// <summary>P*Iin + kP*vr*vt: the current's terms that do not change with v, u or g.</summary>
    public required T[] Constant { get; init; }
    /// <summary>cap/scale - 0.001*kP: the diagonal's terms that do not change with v or g.</summary>
    public required T[] DiagConstant { get; init; }
    /// <summary>0.001 - vr (the u update reads the current at v + 0.001).</summary>
    public required T[] UOffset { get; init; }
    public required T[] A { get; init; }
    public required T[] B { get; init; }
    public required T[] Threshold { get; init; }
    public required T[] Vpeak { get; init; }
    public required T[] WatchSlope { get; init; }

    /// <summary>Reversal potential per synapse kind (the decay of A and B is in <see cref="SynapseEpochs{T}"/>).</summary>
    public required T[] KindE { get; init; }

    /// <summary>Cells covered (every per-cell array has this length).</summary>
    public int CellCount => Vr.Length;

    private T[][] PerCell => [Vr, Linear, KP, P, Constant, DiagConstant, UOffset, A, B, Threshold, Vpeak, WatchSlope];

    public static FastCellParameters<T> From(CompiledNetwork net)
    {
        int n = net.CellCount;
        var vr = new T[n]; var linear = new T[n]; var kp = new T[n]; var p = new T[n]; var constant = new T[n];
        var diagConstant = new T[n]; var uOffset = new T[n]; var a = new T[n]; var b = new T[n];
        var threshold = new T[n]; var vpeak = new T[n]; var watchSlope = new T[n];
        for (int i = 0; i < n; i++)
        {
            // Folded in double, rounded once to T.
            double pd = 1.0 / (1000.0 * net.C[i]);
            double kpd = net.K[i] * pd;
            vr[i] = T.CreateTruncating(net.Vr[i]);
            linear[i] = T.CreateTruncating(-kpd * (net.Vr[i] + net.Vt[i]));
            kp[i] = T.CreateTruncating(kpd);
            p[i] = T.CreateTruncating(pd);
            constant[i] = T.CreateTruncating(pd * net.Iin[i] + kpd * net.Vr[i] * net.Vt[i]);
            diagConstant[i] = T.CreateTruncating(net.CapTerm[i] / net.Scale[i] - 0.001 * kpd);
            uOffset[i] = T.CreateTruncating(0.001 - net.Vr[i]);
            a[i] = T.CreateTruncating(net.A[i]);
            b[i] = T.CreateTruncating(net.B[i]);
            threshold[i] = T.CreateTruncating(net.Threshold[i]);
            vpeak[i] = T.CreateTruncating(net.Vpeak[i]);
            watchSlope[i] = T.CreateTruncating(net.WatchSlope[i]);
        }
        int kinds = net.KindE.Length;
        var e = new T[kinds];
        for (int k = 0; k < kinds; k++) e[k] = T.CreateTruncating(net.KindE[k]);
        return new FastCellParameters<T>
        {
            Vr = vr, Linear = linear, KP = kp, P = p, Constant = constant, DiagConstant = diagConstant, UOffset = uOffset,
            A = a, B = b, Threshold = threshold, Vpeak = vpeak, WatchSlope = watchSlope,
            KindE = e,
        };
    }

    /// <summary>True when cells [from, to) share every per-cell constant (they can be broadcast).</summary>
    public bool Uniform(int from, int to)
    {
        foreach (var values in PerCell)
        {
            for (int i = from + 1; i < to; i++)
            {
                if (!values[i].Equals(values[from])) return false;
            }
        }
        return true;
    }
}

/// <summary>
/// State of the cells in the run's precision. The Exp2Syn state is grouped by <see cref="GroupLanes"/> cells (one
/// vector of the run's width): for the cells g*GroupLanes .. g*GroupLanes + GroupLanes - 1 come, for each synapse
/// kind, their A values then their B values (half a 64-byte cache line each in 256-bit groups, a whole one in
/// 512-bit groups). The kernel loads A and B of a group with one vector load each; an event touches one cache line
/// (two in 512-bit groups). A and B are stored relative to the start of the current decay epoch (see
/// <see cref="SynapseEpochs{T}"/>): the kernel only reads them.
/// </summary>
internal sealed class FastCellState<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <param name="cells">Cells held.</param>
    /// <param name="kinds">Synapse kinds per cell.</param>
    /// <param name="groupLanes">Cells per synapse group: <see cref="Lanes"/> (the default) or twice that, the 512-bit
    /// kernel's vector (see <see cref="GroupLanesFor"/>).</param>
    public FastCellState(int cells, int kinds, int groupLanes = 0)
    {
        GroupLanes = groupLanes == 0 ? Lanes : groupLanes;
        if (GroupLanes != Lanes && GroupLanes != 2 * Lanes)
            throw new ArgumentOutOfRangeException(nameof(groupLanes), "A synapse group is one 256-bit or one 512-bit vector of cells.");
        CellCount = cells;
        Kinds = kinds;
        // A power of two, so that an event finds the kind of its target with a shift and a mask.
        KindStride = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, kinds));
        int groups = (cells + GroupLanes - 1) / GroupLanes;
        V = new AlignedArray<T>(cells);
        U = new AlignedArray<T>(cells);
        Synapses = new AlignedArray<T>(groups * KindStride * 2 * GroupLanes);
        Conditions = new uint[(cells + Lanes - 1) / Lanes];
    }

    /// <summary>Cells of a 256-bit vector: the kernel's unit and the unit of <see cref="Conditions"/>.</summary>
    public static int Lanes => System.Runtime.Intrinsics.Vector256<T>.Count;

    /// <summary>The synapse grouping for a run at <paramref name="width"/> (resolved): one vector of that width.</summary>
    public static int GroupLanesFor(VectorWidth width) => width == VectorWidth.W512 ? 2 * Lanes : Lanes;

    /// <summary>Cells per synapse group (a vector of <see cref="Lanes"/> or 2 * <see cref="Lanes"/>): the B values of a group's kind follow its A values at this distance.</summary>
    public int GroupLanes { get; }

    public int CellCount { get; }
    public int Kinds { get; }
    /// <summary>Synapse kinds held per cell (a power of two, at least <see cref="Kinds"/>): synapse values per cell are 2 * KindStride.</summary>
    public int KindStride { get; }
    // On cache-line boundaries: the 512-bit kernel's loads and stores of whole vectors never split across two lines.
    public AlignedArray<T> V { get; }
    public AlignedArray<T> U { get; }
    public AlignedArray<T> Synapses { get; }

    /// <summary>Index of A of synapse kind <paramref name="kind"/> of a cell; its B is <see cref="GroupLanes"/> further.</summary>
    public int IndexOfA(int kind, int cell) => ((cell / GroupLanes) * KindStride + kind) * 2 * GroupLanes + cell % GroupLanes;

    /// <summary>
    /// The conductance g = B - A of synapse kind <paramref name="kind"/> of a cell: the stored values times the
    /// epoch's <paramref name="decay"/> factors (<see cref="SynapseEpochs{T}.Decay"/>).
    /// </summary>
    public T Conductance(int kind, int cell, ReadOnlySpan<T> decay)
    {
        int at = IndexOfA(kind, cell);
        return Synapses[at + GroupLanes] * decay[2 * kind + 1] - Synapses[at] * decay[2 * kind];
    }

    /// <summary>The synapse kind of the A or B value at <paramref name="index"/>: (index &gt;&gt; KindShift) &amp; (KindStride - 1).</summary>
    public int KindShift => BitOperations.Log2((uint)(2 * GroupLanes));

    /// <summary>
    /// The NetCon threshold condition (v &gt; threshold) and the WATCH condition as the last check left them, per
    /// vector of cells: bit <c>lane</c> for the threshold, bit <c>Lanes + lane</c> for the WATCH. The kernel finds the
    /// cells whose conditions changed from the sign masks of its two comparisons; 4 bytes per vector keep this out
    /// of the way of the state that the kernel and the events stream through the caches.
    /// </summary>
    public uint[] Conditions { get; }

    /// <summary>The threshold condition of a cell as the last check left it.</summary>
    public bool Above(int cell) => (Conditions[cell / Lanes] & (1u << (cell % Lanes))) != 0;

    /// <summary>The WATCH condition of a cell as the last check left it.</summary>
    public bool Watch(int cell) => (Conditions[cell / Lanes] & (1u << (Lanes + cell % Lanes))) != 0;

    /// <summary>The lanes (bit per cell) of the vector of cells at <paramref name="vector"/> whose conditions differ from <paramref name="conditions"/>.</summary>
    public uint ChangedLanes(int vector, uint conditions)
    {
        uint difference = conditions ^ Conditions[vector];
        return (difference | (difference >> Lanes)) & ((1u << Lanes) - 1);
    }

    /// <summary>Stores the conditions of a cell found by a check.</summary>
    public void SetConditions(int cell, bool above, bool watch)
    {
        int lane = cell % Lanes;
        uint mask = (1u << lane) | (1u << (Lanes + lane));
        uint bits = (above ? 1u << lane : 0) | (watch ? 1u << (Lanes + lane) : 0);
        ref uint conditions = ref Conditions[cell / Lanes];
        conditions = (conditions & ~mask) | bits;
    }
}
