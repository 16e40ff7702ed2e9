using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetDsl.Kernels.Simd;

/// <summary>
/// The NEURON step of Izhi2007b cells (Exp2Syn currents, u update, Izhi current and its slope at v and
/// v+0.001, capacitance, axial terms, triang/bksub of the three-node soma) for four cells per vector.
/// Every lane performs exactly the scalar engine's IEEE operations in the same order: element-wise
/// add/sub/mul/div, no fused multiply-add, divisions kept as divisions, negation as a sign flip. The
/// results are therefore bit-identical to the scalar path, only four cells run side by side.
/// </summary>
internal static class SomaVectorKernel
{
    public const int Lanes = 4;

    /// <summary>Cells per tile of the two-pass step (a multiple of eight).</summary>
    private const int Tile = 64;

    /// <summary>True when Vector256 operations run on hardware (AVX on x64); otherwise the scalar path is faster.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Vector256<double>.Count == Lanes;

    /// <summary>
    /// Integrates the cells of <paramref name="run"/> over one step at mid time <paramref name="tmid"/>. With
    /// <paramref name="decayA"/>/<paramref name="decayB"/> (per synapse kind) the run's A and B also decay over
    /// the step right after their conductance was read, which saves the separate decay pass over these slots.
    /// Returns the sum of the new v and u of the run's cells (finite unless a state diverged).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double IntegrateRun(VectorRun run, SomaParameters parameters, SomaState state, double[] kindE, double tmid,
        double[]? decayA = null, double[]? decayB = null) =>
        IntegrateRun(run, parameters, state, kindE, tmid, decayA, decayB, VectorWidth.W256);

    /// <summary>
    /// As the overload without <paramref name="width"/>, eight cells per Vector512 when it is <see cref="VectorWidth.W512"/>
    /// (resolved, <see cref="VectorWidths.Resolve"/>) and the last four of a run whose length is not a multiple of
    /// eight by the four-lane loop: every lane performs the same operations either way, so both widths give NEURON's bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double IntegrateRun(VectorRun run, SomaParameters parameters, SomaState state, double[] kindE, double tmid,
        double[]? decayA, double[]? decayB, VectorWidth width)
    {
        int first = run.FirstCell, count = run.CellCount, slots = run.SlotsPerCell;
        // One range check per run; the loop below then indexes without bounds checks.
        if (count % Lanes != 0) throw new ArgumentException("A vector run covers whole vectors.", nameof(run));
        CheckRange(state.V1, first, count);
        CheckRange(state.V0, first, count);
        CheckRange(state.V2, first, count);
        CheckRange(state.U, first, count);
        CheckRange(state.T0, first, count);
        foreach (var values in parameters.All) CheckRange(values, first, count);
        CheckRange(state.SynA, run.FirstSlot, count * slots);
        CheckRange(state.SynB, run.FirstSlot, count * slots);
        if (run.SlotKinds.Length != slots) throw new ArgumentException("Slot kinds do not match the slot count.", nameof(run));
        if (run.Blocked && count % Exp2SynBlocks.Lanes != 0) throw new ArgumentException("A run in slot blocks covers whole blocks.", nameof(run));

        return IntegrateChecked(run, parameters, state, kindE, tmid, decayA, decayB, width, null, null);
    }

    /// <summary>
    /// A run of <see cref="VectorRun.PresummedCurrents"/> cells: each cell's rhs and diagonal start from
    /// <paramref name="rhs"/>[cell] and <paramref name="diag"/>[cell] (its electrode and synaptic currents, summed in
    /// NEURON's order on the scalar path), then the Izhi2007b current, the capacitance and the solve as above.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double IntegratePresummedRun(VectorRun run, SomaParameters parameters, SomaState state, double[] rhs, double[] diag, double tmid, VectorWidth width)
    {
        if (!run.PresummedCurrents || run.SlotsPerCell != 0) throw new ArgumentException("The run's currents are not presummed.", nameof(run));
        if (run.CellCount % Lanes != 0) throw new ArgumentException("A vector run covers whole vectors.", nameof(run));
        // Every array the kernel reads is at least as long as the shortest of them (measured once per simulator).
        long end = (long)run.FirstCell + run.CellCount;
        if (run.FirstCell < 0 || end > rhs.Length || end > diag.Length || end > state.CellLength || end > parameters.CellLength)
            throw new ArgumentOutOfRangeException(nameof(run), "The run lies outside the cell arrays.");
        return IntegrateChecked(run, parameters, state, [], tmid, null, null, width, rhs, diag);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double IntegrateChecked(VectorRun run, SomaParameters parameters, SomaState state, double[] kindE, double tmid,
        double[]? decayA, double[]? decayB, VectorWidth width, double[]? rhsStart, double[]? diagStart)
    {
        int first = run.FirstCell, count = run.CellCount;
        bool fuse = decayA is not null && decayB is not null;
        int wide = width == VectorWidth.W512 && VectorWidths.Supports512 ? count / Lanes8.Count * Lanes8.Count : 0;
        // Two slots per cell in blocks, decayed in the same pass (every aggregated exc/inh network): unrolled with their
        // constants in registers. The general loop's bookkeeping per slot (kinds, constants, flags) took room in the
        // processor's reorder window that the divisions' latency needs for other vectors of cells.
        bool twoSlots = fuse && run.Blocked && run.SlotsPerCell == 2 && rhsStart is null;
        double sum = 0;
        if (wide > 0)
        {
            sum = (run.UniformParameters, twoSlots) switch
            {
                (true, true) => Integrate<Broadcast, Lanes8, TwoBlockedSlots>(run, first, first + wide, parameters, state, kindE, decayA, decayB, fuse, tmid, rhsStart, diagStart),
                (true, false) => Integrate<Broadcast, Lanes8, AnySlots>(run, first, first + wide, parameters, state, kindE, decayA, decayB, fuse, tmid, rhsStart, diagStart),
                (false, true) => Integrate<PerCell, Lanes8, TwoBlockedSlots>(run, first, first + wide, parameters, state, kindE, decayA, decayB, fuse, tmid, rhsStart, diagStart),
                (false, false) => Integrate<PerCell, Lanes8, AnySlots>(run, first, first + wide, parameters, state, kindE, decayA, decayB, fuse, tmid, rhsStart, diagStart),
            };
        }
        if (wide < count)
        {
            sum += (run.UniformParameters, twoSlots) switch
            {
                (true, true) => Integrate<Broadcast, Lanes4, TwoBlockedSlots>(run, first + wide, first + count, parameters, state, kindE, decayA, decayB, fuse, tmid, rhsStart, diagStart),
                (true, false) => Integrate<Broadcast, Lanes4, AnySlots>(run, first + wide, first + count, parameters, state, kindE, decayA, decayB, fuse, tmid, rhsStart, diagStart),
                (false, true) => Integrate<PerCell, Lanes4, TwoBlockedSlots>(run, first + wide, first + count, parameters, state, kindE, decayA, decayB, fuse, tmid, rhsStart, diagStart),
                (false, false) => Integrate<PerCell, Lanes4, AnySlots>(run, first + wide, first + count, parameters, state, kindE, decayA, decayB, fuse, tmid, rhsStart, diagStart),
            };
        }
        return sum;
    }

    /// <summary>Slot loop shape, resolved when the generic method is compiled: any number of slots, or two in blocks, decayed.</summary>
    private struct AnySlots;
    private struct TwoBlockedSlots;

    /// <summary>
    /// One Exp2Syn slot of a vector of cells read from its row of the blocks, its current and slope added to the cell's
    /// sums and its A and B decayed: the operations of the general slot loop, in its order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BlockedSlot<TLanes>(ref double aRef, ref double bRef, TLanes v, TLanes vPlus, TLanes e, TLanes keepA, TLanes keepB, TLanes sc,
        TLanes step, TLanes zero, ref TLanes rhs, ref TLanes diag) where TLanes : struct, ILaneVector<TLanes>
    {
        var a = TLanes.Load(ref aRef);
        var b = TLanes.Load(ref bRef);
        AddSlotCurrent(a, b, v, vPlus, e, sc, step, ref rhs, ref diag);
        (a + keepA * (zero - a)).Store(ref aRef);
        (b + keepB * (zero - b)).Store(ref bRef);
    }

    /// <summary>
    /// A slot's current at v and at v + step (<paramref name="vPlus"/>) and their slope, taken into the cell's sums as
    /// NEURON's Exp2Syn BREAKPOINT and the numerical slope do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSlotCurrent<TLanes>(TLanes a, TLanes b, TLanes v, TLanes vPlus, TLanes e, TLanes sc, TLanes step,
        ref TLanes rhs, ref TLanes diag) where TLanes : struct, ILaneVector<TLanes>
    {
        var g = b - a;
        var iPlus = g * (vPlus - e);
        var iNow = g * (v - e);
        var gSlope = (iPlus - iNow) / step;
        rhs = rhs - iNow * sc;
        diag = diag + gSlope * sc;
    }

    /// <summary>
    /// <see cref="IntegratePresummedRun"/> two cells per Vector128 (SSE2, which every x64 processor has; the same
    /// operations per lane, so the same bits), written without generics: code that a ReadyToRun image holds compiled,
    /// for runs too short to repay compiling the wider kernel (its static abstract lane operations are compiled just in time).
    /// </summary>
    [SkipLocalsInit]
    public static double IntegratePresummedRunNarrow(VectorRun run, SomaParameters p, SomaState state, double[] rhsStart, double[] diagStart, double tmidScalar)
    {
        if (!run.PresummedCurrents || run.SlotsPerCell != 0) throw new ArgumentException("The run's currents are not presummed.", nameof(run));
        if (run.CellCount % Lanes != 0) throw new ArgumentException("A vector run covers whole vectors.", nameof(run));
        long end = (long)run.FirstCell + run.CellCount;
        if (run.FirstCell < 0 || end > rhsStart.Length || end > diagStart.Length || end > state.CellLength || end > p.CellLength)
            throw new ArgumentOutOfRangeException(nameof(run), "The run lies outside the cell arrays.");
        var step = Vector128.Create(0.001);
        var thousand = Vector128.Create(1000.0);
        var zero = Vector128<double>.Zero;
        var tmid = Vector128.Create(tmidScalar);
        bool divideByC = run.DivideByC;
        ref double rhsRef = ref MemoryMarshal.GetArrayDataReference(rhsStart);
        ref double diagRef = ref MemoryMarshal.GetArrayDataReference(diagStart);
        ref double kRef = ref MemoryMarshal.GetArrayDataReference(p.K);
        ref double vrRef = ref MemoryMarshal.GetArrayDataReference(p.Vr);
        ref double vtRef = ref MemoryMarshal.GetArrayDataReference(p.Vt);
        ref double aRef = ref MemoryMarshal.GetArrayDataReference(p.A);
        ref double bRef = ref MemoryMarshal.GetArrayDataReference(p.B);
        ref double cRef = ref MemoryMarshal.GetArrayDataReference(p.C);
        ref double iinRef = ref MemoryMarshal.GetArrayDataReference(p.Iin);
        ref double scaleRef = ref MemoryMarshal.GetArrayDataReference(p.Scale);
        ref double capRef = ref MemoryMarshal.GetArrayDataReference(p.CapTerm);
        ref double a1Ref = ref MemoryMarshal.GetArrayDataReference(p.AxialA1);
        ref double b1Ref = ref MemoryMarshal.GetArrayDataReference(p.AxialB1);
        ref double a2Ref = ref MemoryMarshal.GetArrayDataReference(p.AxialA2);
        ref double b2Ref = ref MemoryMarshal.GetArrayDataReference(p.AxialB2);
        ref double endFactorRef = ref MemoryMarshal.GetArrayDataReference(p.EndFactor);
        ref double endProductRef = ref MemoryMarshal.GetArrayDataReference(p.EndProduct);
        ref double v0Ref = ref MemoryMarshal.GetArrayDataReference(state.V0);
        ref double v1Ref = ref MemoryMarshal.GetArrayDataReference(state.V1);
        ref double v2Ref = ref MemoryMarshal.GetArrayDataReference(state.V2);
        ref double uRef = ref MemoryMarshal.GetArrayDataReference(state.U);
        ref double t0Ref = ref MemoryMarshal.GetArrayDataReference(state.T0);
        var sum = zero;
        // Two passes per tile, as the wide kernel: currents, u and axial terms (buffered), then the solve's chain of
        // four dependent divisions, so that more cells are in flight than along one long chain per pair.
        Span<double> buffer = stackalloc double[4 * Tile];
        ref double rhsTile = ref buffer[0];
        ref double diagTile = ref buffer[Tile];
        ref double rhs0Tile = ref buffer[2 * Tile];
        ref double rhs2Tile = ref buffer[3 * Tile];
        for (int tile = run.FirstCell; tile < end; tile += Tile)
        {
            int tileEnd = (int)Math.Min(tile + Tile, end);
            for (int cell = tile; cell < tileEnd; cell += 2)
            {
                nuint at = (nuint)cell;
                var v = Vector128.LoadUnsafe(ref v1Ref, at);
                var sc = Vector128.LoadUnsafe(ref scaleRef, at);
                var rhs = Vector128.LoadUnsafe(ref rhsRef, at);
                var diag = Vector128.LoadUnsafe(ref diagRef, at);

                // Izhi2007b, as the wide kernel: u advanced at v + 0.001, the current at v + 0.001 and at v.
                var vr = Vector128.LoadUnsafe(ref vrRef, at);
                var vt = Vector128.LoadUnsafe(ref vtRef, at);
                var k = Vector128.LoadUnsafe(ref kRef, at);
                var iin = Vector128.LoadUnsafe(ref iinRef, at);
                var vp = v + step;
                var ui = Vector128.LoadUnsafe(ref uRef, at);
                var delta = tmid - Vector128.LoadUnsafe(ref t0Ref, at);
                ui = ui + delta * Vector128.LoadUnsafe(ref aRef, at) * (Vector128.LoadUnsafe(ref bRef, at) * (vp - vr) - ui);
                tmid.StoreUnsafe(ref t0Ref, at);
                ui.StoreUnsafe(ref uRef, at);
                // Unary minus is the sign flip (Vector128.Xor would keep the method out of the image).
                var iIzhPlus = -(k * (vp - vr) * (vp - vt) - ui + iin);
                var iIzh = -(k * (v - vr) * (v - vt) - ui + iin);
                if (divideByC)
                {
                    var c = Vector128.LoadUnsafe(ref cRef, at);
                    iIzhPlus = iIzhPlus / c;
                    iIzh = iIzh / c;
                }
                iIzhPlus = iIzhPlus / thousand;
                iIzh = iIzh / thousand;
                var gIzh = (iIzhPlus - iIzh) / step;
                rhs = rhs - iIzh * sc;
                diag = diag + gIzh * sc;
                diag = diag + Vector128.LoadUnsafe(ref capRef, at);

                // Axial terms and the end node's elimination.
                var a1 = Vector128.LoadUnsafe(ref a1Ref, at);
                var b1 = Vector128.LoadUnsafe(ref b1Ref, at);
                var a2 = Vector128.LoadUnsafe(ref a2Ref, at);
                var b2 = Vector128.LoadUnsafe(ref b2Ref, at);
                var r0 = Vector128.LoadUnsafe(ref v0Ref, at);
                var r2 = Vector128.LoadUnsafe(ref v2Ref, at);
                var dv1 = r0 - v;
                rhs = rhs - b1 * dv1;
                var rhs0 = zero + a1 * dv1;
                var dv2 = v - r2;
                var rhs2 = zero - b2 * dv2;
                rhs = rhs + a2 * dv2;
                diag = diag - b1;
                diag = diag - a2;
                diag = diag - Vector128.LoadUnsafe(ref endProductRef, at);
                rhs = rhs - Vector128.LoadUnsafe(ref endFactorRef, at) * rhs2;

                nuint local = (nuint)(cell - tile);
                rhs.StoreUnsafe(ref rhsTile, local);
                diag.StoreUnsafe(ref diagTile, local);
                rhs0.StoreUnsafe(ref rhs0Tile, local);
                rhs2.StoreUnsafe(ref rhs2Tile, local);
                sum += ui;
            }

            // triang / bksub.
            for (int cell = tile; cell < tileEnd; cell += 2)
            {
                nuint at = (nuint)cell;
                nuint local = (nuint)(cell - tile);
                var rhs = Vector128.LoadUnsafe(ref rhsTile, local);
                var diag = Vector128.LoadUnsafe(ref diagTile, local);
                var rhs0 = Vector128.LoadUnsafe(ref rhs0Tile, local);
                var rhs2 = Vector128.LoadUnsafe(ref rhs2Tile, local);
                var a1 = Vector128.LoadUnsafe(ref a1Ref, at);
                var b1 = Vector128.LoadUnsafe(ref b1Ref, at);
                var b2 = Vector128.LoadUnsafe(ref b2Ref, at);
                var d0 = zero - a1;
                var d2 = zero - b2;
                var factor = a1 / diag;
                d0 = d0 - factor * b1;
                rhs0 = rhs0 - factor * rhs;
                rhs0 = rhs0 / d0;
                rhs = rhs - b1 * rhs0;
                rhs = rhs / diag;
                rhs2 = rhs2 - b2 * rhs;
                rhs2 = rhs2 / d2;

                (Vector128.LoadUnsafe(ref v0Ref, at) + rhs0).StoreUnsafe(ref v0Ref, at);
                var vNew = Vector128.LoadUnsafe(ref v1Ref, at) + rhs;
                vNew.StoreUnsafe(ref v1Ref, at);
                (Vector128.LoadUnsafe(ref v2Ref, at) + rhs2).StoreUnsafe(ref v2Ref, at);
                sum += vNew;
            }
        }
        return sum.GetElement(0) + sum.GetElement(1);
    }

    private static void CheckRange(double[] array, int first, int count)
    {
        if (first < 0 || count < 0 || (long)first + count > array.Length) throw new ArgumentOutOfRangeException(nameof(first));
    }

    /// <summary>Parameter access mode, resolved when the generic method is compiled (no per-cell branch).</summary>
    private struct Broadcast;
    private struct PerCell;

    /// <summary>The run's first cell's constant broadcast, where the run's constants are uniform (unused otherwise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Hoist<TMode, TLanes>(double[] values, int first) where TLanes : struct, ILaneVector<TLanes> =>
        typeof(TMode) == typeof(Broadcast) ? TLanes.Broadcast(values[first]) : default;

    /// <summary>Constants of cells i.. (one lane group), or <paramref name="hoisted"/> (<see cref="Hoist"/>) where they are uniform.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Pick<TMode, TLanes>(TLanes hoisted, double[] values, int i) where TLanes : struct, ILaneVector<TLanes> =>
        typeof(TMode) == typeof(Broadcast) ? hoisted : TLanes.Load(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), i));


    // The tile buffer is written before it is read: zeroing it (2 KiB) on every call cost more than a small run's step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static double Integrate<TMode, TLanes, TSlots>(VectorRun run, int from, int to, SomaParameters p, SomaState state, double[] kindE,
        double[]? decayA, double[]? decayB, bool fuse, double tmidScalar, double[]? rhsStart, double[]? diagStart) where TLanes : struct, ILaneVector<TLanes>
    {
        bool two = typeof(TSlots) == typeof(TwoBlockedSlots);
        // Presummed runs start from the currents summed on the scalar path (their slot count is 0).
        bool presummed = rhsStart is not null;
        ref double rhsStartRef = ref presummed ? ref MemoryMarshal.GetArrayDataReference(rhsStart!) : ref Unsafe.NullRef<double>();
        ref double diagStartRef = ref presummed ? ref MemoryMarshal.GetArrayDataReference(diagStart!) : ref Unsafe.NullRef<double>();
        var step = TLanes.Broadcast(0.001);
        var thousand = TLanes.Broadcast(1000.0);
        var zero = TLanes.Broadcast(0.0);
        var tmid = TLanes.Broadcast(tmidScalar);
        int first = run.FirstCell, slots = run.SlotsPerCell;
        bool divideByC = run.DivideByC;
        bool blocked = run.Blocked;
        // The end node's pivot 0 - b2 is one constant when the run's constants are: the last division of the solve's chain
        // as an exact product where it qualifies (ConstantDivision).
        double endPivot = 0.0 - p.AxialB2[first];
        bool endByProduct = run.PivotByProduct && typeof(TMode) == typeof(Broadcast) && ConstantDivision.Qualifies(endPivot);
        var endReciprocal = TLanes.Broadcast(endByProduct ? ConstantDivision.Reciprocal(endPivot) : 0.0);
        int[] slotKinds = run.SlotKinds;
        double[] k = p.K, vr = p.Vr, vt = p.Vt, pa = p.A, pb = p.B, pc = p.C, iin = p.Iin, scale = p.Scale, cap = p.CapTerm;
        double[] a1s = p.AxialA1, b1s = p.AxialB1, a2s = p.AxialA2, b2s = p.AxialB2, endFactor = p.EndFactor, endProduct = p.EndProduct;
        // Uniform constants broadcast once per call into registers (per-cell constants are loaded per vector instead).
        var scaleHoisted = Hoist<TMode, TLanes>(scale, first);
        var vrHoisted = Hoist<TMode, TLanes>(vr, first);
        var vtHoisted = Hoist<TMode, TLanes>(vt, first);
        var kHoisted = Hoist<TMode, TLanes>(k, first);
        var iinHoisted = Hoist<TMode, TLanes>(iin, first);
        var paHoisted = Hoist<TMode, TLanes>(pa, first);
        var pbHoisted = Hoist<TMode, TLanes>(pb, first);
        var pcHoisted = Hoist<TMode, TLanes>(pc, first);
        var capHoisted = Hoist<TMode, TLanes>(cap, first);
        var a1sHoisted = Hoist<TMode, TLanes>(a1s, first);
        var b1sHoisted = Hoist<TMode, TLanes>(b1s, first);
        var a2sHoisted = Hoist<TMode, TLanes>(a2s, first);
        var b2sHoisted = Hoist<TMode, TLanes>(b2s, first);
        var endFactorHoisted = Hoist<TMode, TLanes>(endFactor, first);
        var endProductHoisted = Hoist<TMode, TLanes>(endProduct, first);
        ref double v0Start = ref MemoryMarshal.GetArrayDataReference(state.V0);
        ref double v1Start = ref MemoryMarshal.GetArrayDataReference(state.V1);
        ref double v2Start = ref MemoryMarshal.GetArrayDataReference(state.V2);
        ref double uStart = ref MemoryMarshal.GetArrayDataReference(state.U);
        ref double t0Start = ref MemoryMarshal.GetArrayDataReference(state.T0);
        ref double aSlots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.SynA), run.FirstSlot);
        ref double bSlots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.SynB), run.FirstSlot);
        var sum = zero;
        // The two slots' constants, broadcast once (unused with any other slot count).
        var e0 = two ? TLanes.Broadcast(kindE[slotKinds[0]]) : zero;
        var e1 = two ? TLanes.Broadcast(kindE[slotKinds[1]]) : zero;
        var keepA0 = two ? TLanes.Broadcast(decayA![slotKinds[0]]) : zero;
        var keepA1 = two ? TLanes.Broadcast(decayA![slotKinds[1]]) : zero;
        var keepB0 = two ? TLanes.Broadcast(decayB![slotKinds[0]]) : zero;
        var keepB1 = two ? TLanes.Broadcast(decayB![slotKinds[1]]) : zero;

        // Cells go in tiles: the first pass (currents, u, axial terms) leaves rhs/diag per cell in a small
        // buffer, the second pass solves. Two short loops keep more cells in flight than one long chain.
        Span<double> buffer = stackalloc double[4 * Tile];
        ref double rhsTile = ref buffer[0];
        ref double diagTile = ref buffer[Tile];
        ref double rhs0Tile = ref buffer[2 * Tile];
        ref double rhs2Tile = ref buffer[3 * Tile];
        for (int tile = from; tile < to; tile += Tile)
        {
            int tileEnd = Math.Min(tile + Tile, to);
            for (int cell = tile; cell < tileEnd; cell += TLanes.Count)
            {
                var v = TLanes.Load(ref Unsafe.Add(ref v1Start, cell));
                var sc = Pick<TMode, TLanes>(scaleHoisted, scale, cell);
                var rhs = presummed ? TLanes.Load(ref Unsafe.Add(ref rhsStartRef, cell)) : zero;
                var diag = presummed ? TLanes.Load(ref Unsafe.Add(ref diagStartRef, cell)) : zero;

                // Exp2Syn slots in the cell's summation order; conductance frozen over the step. In slot blocks slot j of
                // the vector's cells is one load (8 apart per slot), otherwise one value per cell (slots apart).
                int offset = blocked ? ((cell - first) >> 3) * 8 * slots + ((cell - first) & 7) : (cell - first) * slots;
                ref double aRef = ref Unsafe.Add(ref aSlots, offset);
                ref double bRef = ref Unsafe.Add(ref bSlots, offset);
                if (two)
                {
                    var vPlus = v + step;
                    BlockedSlot(ref aRef, ref bRef, v, vPlus, e0, keepA0, keepB0, sc, step, zero, ref rhs, ref diag);
                    BlockedSlot(ref Unsafe.Add(ref aRef, 8), ref Unsafe.Add(ref bRef, 8), v, vPlus, e1, keepA1, keepB1, sc, step, zero, ref rhs, ref diag);
                }
                else
                {
                    for (int j = 0; j < slots; j++)
                    {
                        int kind = slotKinds[j];
                        var a = blocked ? TLanes.Load(ref Unsafe.Add(ref aRef, 8 * j)) : TLanes.Gather(ref aRef, j, slots);
                        var b = blocked ? TLanes.Load(ref Unsafe.Add(ref bRef, 8 * j)) : TLanes.Gather(ref bRef, j, slots);
                        AddSlotCurrent(a, b, v, v + step, TLanes.Broadcast(kindE[kind]), sc, step, ref rhs, ref diag);
                        if (fuse)
                        {
                            var aNext = a + TLanes.Broadcast(decayA![kind]) * (zero - a);
                            var bNext = b + TLanes.Broadcast(decayB![kind]) * (zero - b);
                            if (blocked)
                            {
                                aNext.Store(ref Unsafe.Add(ref aRef, 8 * j));
                                bNext.Store(ref Unsafe.Add(ref bRef, 8 * j));
                            }
                            else
                            {
                                aNext.Scatter(ref aRef, j, slots);
                                bNext.Scatter(ref bRef, j, slots);
                            }
                        }
                    }
                }

                // Izhi2007b: the v+0.001 evaluation advances u explicitly (delta = t - t0); the second has delta 0.
                var vr4 = Pick<TMode, TLanes>(vrHoisted, vr, cell);
                var vt4 = Pick<TMode, TLanes>(vtHoisted, vt, cell);
                var k4 = Pick<TMode, TLanes>(kHoisted, k, cell);
                var iin4 = Pick<TMode, TLanes>(iinHoisted, iin, cell);
                var vp = v + step;
                ref double uRef = ref Unsafe.Add(ref uStart, cell);
                ref double t0Ref = ref Unsafe.Add(ref t0Start, cell);
                var ui = TLanes.Load(ref uRef);
                var delta = tmid - TLanes.Load(ref t0Ref);
                ui = ui + delta * Pick<TMode, TLanes>(paHoisted, pa, cell) * (Pick<TMode, TLanes>(pbHoisted, pb, cell) * (vp - vr4) - ui);
                tmid.Store(ref t0Ref);
                ui.Store(ref uRef);
                var iIzhPlus = TLanes.Negate(k4 * (vp - vr4) * (vp - vt4) - ui + iin4);
                var iIzh = TLanes.Negate(k4 * (v - vr4) * (v - vt4) - ui + iin4);
                if (divideByC)
                {
                    var c4 = Pick<TMode, TLanes>(pcHoisted, pc, cell);
                    iIzhPlus = iIzhPlus / c4;
                    iIzh = iIzh / c4;
                }
                // (x / C where every C is exactly 1 returns x unchanged, so that division is skipped.)
                // (As exact products, ConstantDivision, these three measured slower here than the divisions.)
                iIzhPlus = iIzhPlus / thousand;
                iIzh = iIzh / thousand;
                var gIzh = (iIzhPlus - iIzh) / step;
                rhs = rhs - iIzh * sc;
                diag = diag + gIzh * sc;

                diag = diag + Pick<TMode, TLanes>(capHoisted, cap, cell);

                // Axial terms of the three-node section and the end node's (constant) elimination.
                var a1 = Pick<TMode, TLanes>(a1sHoisted, a1s, cell);
                var b1 = Pick<TMode, TLanes>(b1sHoisted, b1s, cell);
                var a2 = Pick<TMode, TLanes>(a2sHoisted, a2s, cell);
                var b2 = Pick<TMode, TLanes>(b2sHoisted, b2s, cell);
                var r0 = TLanes.Load(ref Unsafe.Add(ref v0Start, cell));
                var r2 = TLanes.Load(ref Unsafe.Add(ref v2Start, cell));
                var dv1 = r0 - v;
                rhs = rhs - b1 * dv1;
                var rhs0 = zero + a1 * dv1;
                var dv2 = v - r2;
                var rhs2 = zero - b2 * dv2;
                rhs = rhs + a2 * dv2;
                diag = diag - b1;
                diag = diag - a2;
                diag = diag - Pick<TMode, TLanes>(endProductHoisted, endProduct, cell);
                rhs = rhs - Pick<TMode, TLanes>(endFactorHoisted, endFactor, cell) * rhs2;

                int at = cell - tile;
                rhs.Store(ref Unsafe.Add(ref rhsTile, at));
                diag.Store(ref Unsafe.Add(ref diagTile, at));
                rhs0.Store(ref Unsafe.Add(ref rhs0Tile, at));
                rhs2.Store(ref Unsafe.Add(ref rhs2Tile, at));
                sum += ui;
            }

            // Second pass over the tile: triang / bksub, a short chain of four dependent divisions per cell.
            for (int cell = tile; cell < tileEnd; cell += TLanes.Count)
            {
                int at = cell - tile;
                var rhs = TLanes.Load(ref Unsafe.Add(ref rhsTile, at));
                var diag = TLanes.Load(ref Unsafe.Add(ref diagTile, at));
                var rhs0 = TLanes.Load(ref Unsafe.Add(ref rhs0Tile, at));
                var rhs2 = TLanes.Load(ref Unsafe.Add(ref rhs2Tile, at));
                var a1 = Pick<TMode, TLanes>(a1sHoisted, a1s, cell);
                var b1 = Pick<TMode, TLanes>(b1sHoisted, b1s, cell);
                var b2 = Pick<TMode, TLanes>(b2sHoisted, b2s, cell);
                var d0 = zero - a1;
                var d2 = zero - b2;
                var factor = a1 / diag;
                d0 = d0 - factor * b1;
                rhs0 = rhs0 - factor * rhs;

                rhs0 = rhs0 / d0;
                rhs = rhs - b1 * rhs0;
                rhs = rhs / diag;
                rhs2 = rhs2 - b2 * rhs;
                rhs2 = endByProduct ? TLanes.DivideByConstant(rhs2, d2, endReciprocal) : rhs2 / d2;

                ref double v0Ref = ref Unsafe.Add(ref v0Start, cell);
                ref double v1Ref = ref Unsafe.Add(ref v1Start, cell);
                ref double v2Ref = ref Unsafe.Add(ref v2Start, cell);
                (TLanes.Load(ref v0Ref) + rhs0).Store(ref v0Ref);
                var vNew = TLanes.Load(ref v1Ref) + rhs;
                vNew.Store(ref v1Ref);
                (TLanes.Load(ref v2Ref) + rhs2).Store(ref v2Ref);
                sum += vNew;
            }
        }
        return sum.Sum();
    }
}
