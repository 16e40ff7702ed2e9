using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetDsl.Kernels.Fast;

/// <summary>
/// One step of the closed-form soma (<see cref="FastCellParameters{T}"/>) for a range of cells with linear
/// recovery and no electrode, a whole vector of cells at a time (4 doubles or 8 floats), fused multiply-adds
/// where the hardware has them. The vectors holding a cell whose threshold or WATCH condition changed are reported
/// to the caller with their new conditions, which applies spikes and resets one by one. Synapse values are only read: they are
/// stored relative to the start of a decay epoch (<see cref="SynapseEpochs{T}"/>) and scaled by the step's decay.
/// </summary>
internal static class FastSomaKernel<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Lanes => Vector256<T>.Count;

    public static bool IsSupported => Vector256.IsHardwareAccelerated && (typeof(T) == typeof(double) || typeof(T) == typeof(float));

    /// <summary>
    /// Integrates cells [from, to) (a multiple of <see cref="Lanes"/> long) over one step and finds the vectors of
    /// cells whose NetCon threshold or WATCH conditions differ from the ones stored at the last check: writes the
    /// first cell of each to <paramref name="vectors"/> and its new conditions (as <see cref="FastCellState{T}.Conditions"/>
    /// holds them) to <paramref name="conditions"/>, and returns how many. <paramref name="decay"/> holds the step's
    /// factors of the stored synapse values (<see cref="SynapseEpochs{T}.Decay"/>).
    /// </summary>
    public static int Step(FastCellParameters<T> p, FastCellState<T> s, int from, int to, bool uniform, T delta, ReadOnlySpan<T> decay,
        Span<int> vectors, Span<uint> conditions) =>
        Step(p, s, from, to, uniform, delta, decay, vectors, conditions, VectorWidth.W256);

    /// <summary>
    /// As <see cref="Step(FastCellParameters{T}, FastCellState{T}, int, int, bool, T, ReadOnlySpan{T}, Span{int}, Span{uint})"/>
    /// with 512-bit vectors when <paramref name="width"/> is <see cref="VectorWidth.W512"/> (resolved, see
    /// <see cref="VectorWidths.Resolve"/>): two of the state's vectors of cells (<see cref="Lanes"/> each) per
    /// operation, the same operations per lane in the same order, so both widths give the same bits. The 512-bit
    /// loop needs a state grouped by 512-bit vectors (<see cref="FastCellState{T}.GroupLanesFor"/>); on any other it
    /// runs at 256 bits. The conditions are reported per vector of <see cref="Lanes"/> cells at either width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Step(FastCellParameters<T> p, FastCellState<T> s, int from, int to, bool uniform, T delta, ReadOnlySpan<T> decay,
        Span<int> vectors, Span<uint> conditions, VectorWidth width)
    {
        if ((to - from) % Lanes != 0 || from < 0 || to > s.CellCount || to <= from)
            throw new ArgumentOutOfRangeException(nameof(to), "A vector step covers whole vectors inside the cell range.");
        if (vectors.Length < (to - from) / Lanes || conditions.Length < (to - from) / Lanes)
            throw new ArgumentException("Room for every vector of the range to change its conditions.", nameof(vectors));
        if (decay.Length < 2 * s.KindStride) throw new ArgumentException("One decay factor per synapse value of a cell.", nameof(decay));
        // The 512-bit loop reads a group's values with one load: only for a state grouped by 512-bit vectors.
        bool wide = width == VectorWidth.W512 && Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Bmi2.X64.IsSupported && s.GroupLanes == 2 * Lanes;
        if (!uniform) return Integrate<PerCell>(p, s, from, to, delta, decay, vectors, conditions, wide);
        // Most cell types WATCH v > vpeak: then one constant bounds both conditions.
        return p.WatchSlope[from] == T.Zero
            ? Integrate<BroadcastFlatWatch>(p, s, from, to, delta, decay, vectors, conditions, wide)
            : Integrate<Broadcast>(p, s, from, to, delta, decay, vectors, conditions, wide);
    }

    /// <summary>
    /// Multiplies the stored synapse values of cells [from, to) by <paramref name="decay"/> (per kind slot, A then B):
    /// the end of a decay epoch. <paramref name="from"/> is a multiple of <see cref="FastCellState{T}.GroupLanes"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rescale(FastCellState<T> s, int from, int to, ReadOnlySpan<T> decay)
    {
        int lanes = Lanes;
        int group = s.GroupLanes;
        int width = 2 * s.KindStride;
        if (from % group != 0 || from < 0 || to > s.CellCount || decay.Length < width)
            throw new ArgumentOutOfRangeException(nameof(from), "Rescaling covers whole groups of cells.");
        var values = s.Synapses.AsSpan(from * width, ((to + group - 1) / group - from / group) * width * group);
        for (int at = 0; at < values.Length; at += width * group)
        {
            for (int slot = 0; slot < width; slot++)
            {
                var factor = Vector256.Create(decay[slot]);
                for (int half = 0; half < group; half += lanes)
                {
                    var line = values.Slice(at + slot * group + half, lanes);
                    (Vector256.Create<T>(line) * factor).CopyTo(line);
                }
            }
        }
    }

    /// <summary>The sum of v + u over cells [from, to): finite unless some state diverged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfStates(FastCellState<T> s, int from, int to)
    {
        var v = s.V.AsSpan(from, to - from);
        var u = s.U.AsSpan(from, to - from);
        var sum = Vector256<T>.Zero;
        int i = 0;
        for (; i + Lanes <= v.Length; i += Lanes) sum += Vector256.Create<T>(v[i..]) + Vector256.Create<T>(u[i..]);
        double total = double.CreateTruncating(Vector256.Sum(sum));
        for (; i < v.Length; i++) total += double.CreateTruncating(v[i] + u[i]);
        return total;
    }

    /// <summary>The conditions of a vector of cells as <see cref="FastCellState{T}.Conditions"/> holds them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ConditionBits(Vector256<T> above, Vector256<T> watch) =>
        above.ExtractMostSignificantBits() | (watch.ExtractMostSignificantBits() << Lanes);

    /// <summary>
    /// The conditions of two consecutive vectors of cells from the 512-bit masks over both (lower cells in the low
    /// bits) as two <see cref="FastCellState{T}.Conditions"/> entries, the lower vector's in the low 32 bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong PairConditionBits(ulong above, ulong watch)
    {
        // Each vector's above bits go to bits 0.. of its entry and its watch bits to bits Lanes.. of it (BMI2: every
        // CPU with AVX-512 has it, and Step runs the 512-bit loop only then).
        ulong aboveLanes = ((1ul << Lanes) - 1) * (1ul | (1ul << 32));
        return Bmi2.X64.ParallelBitDeposit(above, aboveLanes) | Bmi2.X64.ParallelBitDeposit(watch, aboveLanes << Lanes);
    }

    /// <summary>Cells that share every constant: each is broadcast once before the loop.</summary>
    private struct Broadcast;
    /// <summary>As <see cref="Broadcast"/>, with a WATCH line that does not depend on u (slope 0).</summary>
    private struct BroadcastFlatWatch;
    /// <summary>Constants loaded per vector of cells.</summary>
    private struct PerCell;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBroadcast<TMode>() => typeof(TMode) == typeof(Broadcast) || typeof(TMode) == typeof(BroadcastFlatWatch);

    /// <summary>A constant of cells i.. : the vector at i, or (uniform run) the value broadcast before the loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Get<TMode>(ref T values, Vector256<T> broadcast, int i) =>
        IsBroadcast<TMode>() ? broadcast : Vector256.LoadUnsafe(ref values, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(double)) return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            if (typeof(T) == typeof(float)) return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
        return a * b + c;
    }

    /// <summary>c - a * b, fused where the hardware can.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> NegatedMultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(double)) return Fma.MultiplyAddNegated(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            if (typeof(T) == typeof(float)) return Fma.MultiplyAddNegated(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
        return c - a * b;
    }

    /// <summary>a * b - c, fused where the hardware can.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplySubtract(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(double)) return Fma.MultiplySubtract(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            if (typeof(T) == typeof(float)) return Fma.MultiplySubtract(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
        return a * b - c;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Integrate<TMode>(FastCellParameters<T> p, FastCellState<T> s, int from, int to, T delta, ReadOnlySpan<T> decay,
        Span<int> vectors, Span<uint> conditions, bool wide)
    {
        int kinds = p.KindE.Length;
        if (p.CellCount < to || s.Kinds != kinds || from % Lanes != 0)
            throw new ArgumentException("State and parameter arrays do not match.");
        // Two synapse kinds (excitatory and inhibitory) is the common case: unrolled, constants in registers; an
        // excitatory kind reversing at 0 mV adds nothing to Σg*e.
        if (kinds != 2) return Integrate<TMode, Any>(p, s, from, to, delta, decay, vectors, conditions, wide);
        return p.KindE[0] == T.Zero
            ? Integrate<TMode, TwoFirstAtZero>(p, s, from, to, delta, decay, vectors, conditions, wide)
            : Integrate<TMode, Two>(p, s, from, to, delta, decay, vectors, conditions, wide);
    }

    /// <summary>
    /// The 512-bit loop over the range's whole synapse groups (pairs of vectors of cells), the 256-bit loop over a
    /// vector before the first or after the last (the same operations per lane either way).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Integrate<TMode, TKinds>(FastCellParameters<T> p, FastCellState<T> s, int from, int to, T delta, ReadOnlySpan<T> decay,
        Span<int> vectors, Span<uint> conditions, bool wide)
    {
        if (!wide)
        {
            return s.GroupLanes == Lanes
                ? Integrate<TMode, TKinds, VectorGroups>(p, s, from, to, delta, decay, vectors, conditions)
                : Integrate<TMode, TKinds, PairGroups>(p, s, from, to, delta, decay, vectors, conditions);
        }
        // Pairs of vectors are whole synapse groups: a vector before the first group or after the last runs at 256 bits.
        int wideLanes = 2 * Lanes;
        int first = Math.Min(to, (from + wideLanes - 1) / wideLanes * wideLanes);
        int pairs = first + (to - first) / wideLanes * wideLanes;
        int count = first > from ? Integrate<TMode, TKinds, PairGroups>(p, s, from, first, delta, decay, vectors, conditions) : 0;
        if (pairs > first) count += IntegrateWide<TMode, TKinds>(p, s, first, pairs, delta, decay, vectors[count..], conditions[count..]);
        if (pairs < to) count += Integrate<TMode, TKinds, PairGroups>(p, s, pairs, to, delta, decay, vectors[count..], conditions[count..]);
        return count;
    }

    private struct Two;
    private struct TwoFirstAtZero;
    private struct Any;

    /// <summary>Synapse values grouped by one 256-bit vector of cells (<see cref="FastCellState{T}.GroupLanes"/> = <see cref="Lanes"/>).</summary>
    private struct VectorGroups;
    /// <summary>Synapse values grouped by two 256-bit vectors of cells (a 512-bit run's grouping).</summary>
    private struct PairGroups;

    /// <summary>The 256-bit loop, for either grouping of the synapse values (a constant of each instantiation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Integrate<TMode, TKinds, TGroups>(FastCellParameters<T> p, FastCellState<T> s, int from, int to, T delta, ReadOnlySpan<T> decay,
        Span<int> vectors, Span<uint> conditions)
    {
        int lanes = Lanes;
        int kinds = p.KindE.Length;
        var dt = Vector256.Create(delta);
        ref T v0 = ref s.V.Reference;
        ref T u0 = ref s.U.Reference;
        ref uint conditions0 = ref MemoryMarshal.GetArrayDataReference(s.Conditions);
        // At most one entry per vector of the range (Step checked the room).
        ref int vectors0 = ref MemoryMarshal.GetReference(vectors);
        ref uint newConditions0 = ref MemoryMarshal.GetReference(conditions);
        // Per group of cells (one or two vectors), per kind, A then B (see FastCellState): the values of the cells
        // i.. start at their group's values plus i's place in the group, a slot's values a group's cells apart. With
        // one vector per group the loop walks them with a reference.
        int slotStride = typeof(TGroups) == typeof(VectorGroups) ? lanes : 2 * lanes;
        if (s.GroupLanes != slotStride) throw new ArgumentException("The state's synapse grouping does not match the loop's.", nameof(s));
        int groupValues = 2 * s.KindStride * slotStride;
        ref T synapses0 = ref s.Synapses.Reference;
        ref T group = ref Unsafe.Add(ref synapses0, from * 2 * s.KindStride);
        ref T e0 = ref MemoryMarshal.GetArrayDataReference(p.KindE);
        ref T decay0 = ref MemoryMarshal.GetReference(decay);
        // g = B*keepB^j - A*keepA^j = keepB^j * (B - A*ratio) with ratio = (keepA/keepB)^j <= 1 (A decays faster):
        // one fused operation per kind, then the kinds' sums.
        var ratioFirst = Vector256.Create(decay[0] / decay[1]);
        var decayFirst = Vector256.Create(decay[1]);
        var ratioSecond = Vector256.Create(decay[kinds > 1 ? 2 : 0] / decay[kinds > 1 ? 3 : 1]);
        var decaySecond = Vector256.Create(decay[kinds > 1 ? 3 : 1]);
        var eDecayFirst = Vector256.Create(p.KindE[0] * decay[1]);
        var eDecaySecond = Vector256.Create(p.KindE[kinds > 1 ? 1 : 0] * decay[kinds > 1 ? 3 : 1]);

        ref T linears = ref MemoryMarshal.GetArrayDataReference(p.Linear);
        ref T constants = ref MemoryMarshal.GetArrayDataReference(p.Constant);
        ref T kps = ref MemoryMarshal.GetArrayDataReference(p.KP);
        ref T ps = ref MemoryMarshal.GetArrayDataReference(p.P);
        ref T diagConstants = ref MemoryMarshal.GetArrayDataReference(p.DiagConstant);
        ref T uOffsets = ref MemoryMarshal.GetArrayDataReference(p.UOffset);
        ref T as_ = ref MemoryMarshal.GetArrayDataReference(p.A);
        ref T bs = ref MemoryMarshal.GetArrayDataReference(p.B);
        ref T thresholds = ref MemoryMarshal.GetArrayDataReference(p.Threshold);
        ref T vpeaks = ref MemoryMarshal.GetArrayDataReference(p.Vpeak);
        ref T watchSlopes = ref MemoryMarshal.GetArrayDataReference(p.WatchSlope);
        // Uniform runs: every constant broadcast once (the per-cell arrays are then not read in the loop).
        var linearB = Vector256.Create(p.Linear[from]);
        var constantB = Vector256.Create(p.Constant[from]);
        var kpB = Vector256.Create(p.KP[from]);
        var pB = Vector256.Create(p.P[from]);
        var diagConstantB = Vector256.Create(p.DiagConstant[from]);
        var (uKeepB, uSlopeB, uConstantB) = Recovery(dt, Vector256.Create(p.A[from]), Vector256.Create(p.B[from]), Vector256.Create(p.UOffset[from]));
        var thresholdB = Vector256.Create(p.Threshold[from]);
        var vpeakB = Vector256.Create(p.Vpeak[from]);
        var watchSlopeB = Vector256.Create(p.WatchSlope[from]);

        int count = 0;
        for (int i = from; i < to; i += lanes)
        {
            nuint at = (nuint)i;
            var v = Vector256.LoadUnsafe(ref v0, at);
            var u = Vector256.LoadUnsafe(ref u0, at);

            // Izhi2007b: u advanced explicitly at v + 0.001 (in nA and µS, see FastCellParameters).
            var kp = Get<TMode>(ref kps, kpB, i);
            var (uKeep, uSlope, uConstant) = IsBroadcast<TMode>()
                ? (uKeepB, uSlopeB, uConstantB)
                : Recovery(dt, Vector256.LoadUnsafe(ref as_, at), Vector256.LoadUnsafe(ref bs, at), Vector256.LoadUnsafe(ref uOffsets, at));
            u = MultiplyAdd(uSlope, v, MultiplyAdd(uKeep, u, uConstant));
            var kv = kp * v;
            var rest = NegatedMultiplyAdd(Get<TMode>(ref ps, pB, i), u, Get<TMode>(ref constants, constantB, i));

            // Exp2Syn: conductance g = B - A frozen over the step (the stored values times the step's decay), taken
            // into rhs = (kP*v + linear - Σg)*v + (constant - P*u + Σg*e) as it is summed.
            if (typeof(TGroups) == typeof(PairGroups))
                group = ref Unsafe.Add(ref synapses0, (int)((uint)i / (uint)slotStride) * groupValues + (int)((uint)i % (uint)slotStride));
            Vector256<T> coefficient;
            if (typeof(TKinds) == typeof(Two) || typeof(TKinds) == typeof(TwoFirstAtZero))
            {
                var first = NegatedMultiplyAdd(Vector256.LoadUnsafe(ref group), ratioFirst, Vector256.LoadUnsafe(ref group, (nuint)slotStride));
                var second = NegatedMultiplyAdd(Vector256.LoadUnsafe(ref group, (nuint)(2 * slotStride)), ratioSecond, Vector256.LoadUnsafe(ref group, (nuint)(3 * slotStride)));
                coefficient = NegatedMultiplyAdd(first, decayFirst, NegatedMultiplyAdd(second, decaySecond, kv + Get<TMode>(ref linears, linearB, i)));
                rest = MultiplyAdd(second, eDecaySecond, rest);
                if (typeof(TKinds) == typeof(Two)) rest = MultiplyAdd(first, eDecayFirst, rest);
            }
            else
            {
                var gSum = Vector256<T>.Zero;
                var gE = Vector256<T>.Zero;
                for (int k = 0; k < kinds; k++)
                {
                    var a = Vector256.LoadUnsafe(ref group, (nuint)(2 * k * slotStride)) * Vector256.Create(Unsafe.Add(ref decay0, 2 * k));
                    var g = MultiplySubtract(Vector256.LoadUnsafe(ref group, (nuint)((2 * k + 1) * slotStride)), Vector256.Create(Unsafe.Add(ref decay0, 2 * k + 1)), a);
                    gSum += g;
                    gE = MultiplyAdd(g, Vector256.Create(Unsafe.Add(ref e0, k)), gE);
                }
                coefficient = kv + Get<TMode>(ref linears, linearB, i) - gSum;
                rest += gE;
            }
            if (typeof(TGroups) == typeof(VectorGroups)) group = ref Unsafe.Add(ref group, groupValues);

            // The current's slope, diag = diagConstant - 2kP*v + Σg, from the coefficient that holds -Σg.
            var rhs = MultiplyAdd(coefficient, v, rest);
            var diag = Get<TMode>(ref diagConstants, diagConstantB, i) - kv - coefficient;
            v += rhs / diag;
            v.StoreUnsafe(ref v0, at);
            u.StoreUnsafe(ref u0, at);

            // NetCon threshold and WATCH: only a cell whose conditions changed since the last check needs one. Both
            // conditions are computed for every vector and the branch taken on a change only: a cell is above
            // threshold for some 30 steps of each spike's upstroke, and a branch on "above some line" would be
            // taken (and often mispredicted, after the division's latency) on each of them.
            var threshold = Get<TMode>(ref thresholds, thresholdB, i);
            var watchLine = typeof(TMode) == typeof(BroadcastFlatWatch)
                ? vpeakB
                : MultiplyAdd(Get<TMode>(ref watchSlopes, watchSlopeB, i), u, Get<TMode>(ref vpeaks, vpeakB, i));
            uint stored = Unsafe.Add(ref conditions0, (nuint)((uint)i / (uint)lanes));
            uint bits = ConditionBits(Vector256.GreaterThan(v, threshold), Vector256.GreaterThan(v, watchLine));
            if (bits != stored)
            {
                // No call here: every vector register is caller-saved, a call would evict the loop's constants.
                Unsafe.Add(ref vectors0, count) = i;
                Unsafe.Add(ref newConditions0, count) = bits;
                count++;
            }
        }
        return count;
    }

    // The 512-bit loop: the 256-bit loop's operations, lane for lane, on two vectors of cells at a time.

    /// <summary>A constant of cells i.. (16 floats or 8 doubles): the vector at i, or the value broadcast before the loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Get<TMode>(ref T values, Vector512<T> broadcast, int i) =>
        IsBroadcast<TMode>() ? broadcast : Vector512.LoadUnsafe(ref values, (nuint)i);

    // AVX-512F has the fused operations (the caller checked it): the same roundings as the 256-bit FMA forms.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(double)) return Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        throw new NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> NegatedMultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(double)) return Avx512F.FusedMultiplyAddNegated(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Avx512F.FusedMultiplyAddNegated(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        throw new NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MultiplySubtract(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(double)) return Avx512F.FusedMultiplySubtract(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        if (typeof(T) == typeof(float)) return Avx512F.FusedMultiplySubtract(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        throw new NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<T> Keep, Vector512<T> Slope, Vector512<T> Constant) Recovery(Vector512<T> delta, Vector512<T> a, Vector512<T> b, Vector512<T> uOffset)
    {
        var gain = delta * a;
        var slope = gain * b;
        return (Vector512<T>.One - gain, slope, slope * uOffset);
    }

    /// <summary>
    /// Cells [from, to) (a multiple of 2 * <see cref="Lanes"/> long), 2 * <see cref="Lanes"/> at a time: as the
    /// 256-bit loop, with each pair's conditions split back into its two vectors of cells.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int IntegrateWide<TMode, TKinds>(FastCellParameters<T> p, FastCellState<T> s, int from, int to, T delta, ReadOnlySpan<T> decay,
        Span<int> vectors, Span<uint> conditions)
    {
        int lanes = Lanes;
        int wideLanes = 2 * lanes;
        int kinds = p.KindE.Length;
        var dt = Vector512.Create(delta);
        ref T v0 = ref s.V.Reference;
        ref T u0 = ref s.U.Reference;
        ref uint conditions0 = ref MemoryMarshal.GetArrayDataReference(s.Conditions);
        ref int vectors0 = ref MemoryMarshal.GetReference(vectors);
        ref uint newConditions0 = ref MemoryMarshal.GetReference(conditions);
        // One group of cells (see FastCellState) per pair of vectors: each synapse value of the pair is one load.
        int groupValues = 2 * s.KindStride * wideLanes;
        ref T group = ref Unsafe.Add(ref s.Synapses.Reference, from * 2 * s.KindStride);
        ref T e0 = ref MemoryMarshal.GetArrayDataReference(p.KindE);
        ref T decay0 = ref MemoryMarshal.GetReference(decay);
        var ratioFirst = Vector512.Create(decay[0] / decay[1]);
        var decayFirst = Vector512.Create(decay[1]);
        var ratioSecond = Vector512.Create(decay[kinds > 1 ? 2 : 0] / decay[kinds > 1 ? 3 : 1]);
        var decaySecond = Vector512.Create(decay[kinds > 1 ? 3 : 1]);
        var eDecayFirst = Vector512.Create(p.KindE[0] * decay[1]);
        var eDecaySecond = Vector512.Create(p.KindE[kinds > 1 ? 1 : 0] * decay[kinds > 1 ? 3 : 1]);

        ref T linears = ref MemoryMarshal.GetArrayDataReference(p.Linear);
        ref T constants = ref MemoryMarshal.GetArrayDataReference(p.Constant);
        ref T kps = ref MemoryMarshal.GetArrayDataReference(p.KP);
        ref T ps = ref MemoryMarshal.GetArrayDataReference(p.P);
        ref T diagConstants = ref MemoryMarshal.GetArrayDataReference(p.DiagConstant);
        ref T uOffsets = ref MemoryMarshal.GetArrayDataReference(p.UOffset);
        ref T as_ = ref MemoryMarshal.GetArrayDataReference(p.A);
        ref T bs = ref MemoryMarshal.GetArrayDataReference(p.B);
        ref T thresholds = ref MemoryMarshal.GetArrayDataReference(p.Threshold);
        ref T vpeaks = ref MemoryMarshal.GetArrayDataReference(p.Vpeak);
        ref T watchSlopes = ref MemoryMarshal.GetArrayDataReference(p.WatchSlope);
        var linearB = Vector512.Create(p.Linear[from]);
        var constantB = Vector512.Create(p.Constant[from]);
        var kpB = Vector512.Create(p.KP[from]);
        var pB = Vector512.Create(p.P[from]);
        var diagConstantB = Vector512.Create(p.DiagConstant[from]);
        var (uKeepB, uSlopeB, uConstantB) = Recovery(dt, Vector512.Create(p.A[from]), Vector512.Create(p.B[from]), Vector512.Create(p.UOffset[from]));
        var thresholdB = Vector512.Create(p.Threshold[from]);
        var vpeakB = Vector512.Create(p.Vpeak[from]);
        var watchSlopeB = Vector512.Create(p.WatchSlope[from]);

        int count = 0;
        for (int i = from; i < to; i += wideLanes)
        {
            nuint at = (nuint)i;
            var v = Vector512.LoadUnsafe(ref v0, at);
            var u = Vector512.LoadUnsafe(ref u0, at);

            // Izhi2007b: u advanced explicitly at v + 0.001 (in nA and µS, see FastCellParameters).
            var kp = Get<TMode>(ref kps, kpB, i);
            var (uKeep, uSlope, uConstant) = IsBroadcast<TMode>()
                ? (uKeepB, uSlopeB, uConstantB)
                : Recovery(dt, Vector512.LoadUnsafe(ref as_, at), Vector512.LoadUnsafe(ref bs, at), Vector512.LoadUnsafe(ref uOffsets, at));
            u = MultiplyAdd(uSlope, v, MultiplyAdd(uKeep, u, uConstant));
            var kv = kp * v;
            var rest = NegatedMultiplyAdd(Get<TMode>(ref ps, pB, i), u, Get<TMode>(ref constants, constantB, i));

            // Exp2Syn: conductance g = B - A frozen over the step (the stored values times the step's decay), taken
            // into rhs = (kP*v + linear - Σg)*v + (constant - P*u + Σg*e) as it is summed.
            Vector512<T> coefficient;
            if (typeof(TKinds) == typeof(Two) || typeof(TKinds) == typeof(TwoFirstAtZero))
            {
                var first = NegatedMultiplyAdd(Vector512.LoadUnsafe(ref group), ratioFirst, Vector512.LoadUnsafe(ref group, (nuint)wideLanes));
                var second = NegatedMultiplyAdd(Vector512.LoadUnsafe(ref group, (nuint)(2 * wideLanes)), ratioSecond, Vector512.LoadUnsafe(ref group, (nuint)(3 * wideLanes)));
                coefficient = NegatedMultiplyAdd(first, decayFirst, NegatedMultiplyAdd(second, decaySecond, kv + Get<TMode>(ref linears, linearB, i)));
                rest = MultiplyAdd(second, eDecaySecond, rest);
                if (typeof(TKinds) == typeof(Two)) rest = MultiplyAdd(first, eDecayFirst, rest);
            }
            else
            {
                var gSum = Vector512<T>.Zero;
                var gE = Vector512<T>.Zero;
                for (int k = 0; k < kinds; k++)
                {
                    var a = Vector512.LoadUnsafe(ref group, (nuint)(2 * k * wideLanes)) * Vector512.Create(Unsafe.Add(ref decay0, 2 * k));
                    var g = MultiplySubtract(Vector512.LoadUnsafe(ref group, (nuint)((2 * k + 1) * wideLanes)), Vector512.Create(Unsafe.Add(ref decay0, 2 * k + 1)), a);
                    gSum += g;
                    gE = MultiplyAdd(g, Vector512.Create(Unsafe.Add(ref e0, k)), gE);
                }
                coefficient = kv + Get<TMode>(ref linears, linearB, i) - gSum;
                rest += gE;
            }
            group = ref Unsafe.Add(ref group, groupValues);

            // The current's slope, diag = diagConstant - 2kP*v + Σg, from the coefficient that holds -Σg.
            var rhs = MultiplyAdd(coefficient, v, rest);
            var diag = Get<TMode>(ref diagConstants, diagConstantB, i) - kv - coefficient;
            v += rhs / diag;
            v.StoreUnsafe(ref v0, at);
            u.StoreUnsafe(ref u0, at);

            var threshold = Get<TMode>(ref thresholds, thresholdB, i);
            var watchLine = typeof(TMode) == typeof(BroadcastFlatWatch)
                ? vpeakB
                : MultiplyAdd(Get<TMode>(ref watchSlopes, watchSlopeB, i), u, Get<TMode>(ref vpeaks, vpeakB, i));
            // The conditions of each vector of cells, as the 256-bit loop reports them (lower cells first), and the
            // stored ones of both vectors read as one pair: one comparison per pair of vectors.
            nuint vector = (nuint)((uint)i / (uint)lanes);
            ulong stored = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<uint, byte>(ref Unsafe.Add(ref conditions0, vector)));
            ulong bits = PairConditionBits(Vector512.GreaterThan(v, threshold).ExtractMostSignificantBits(),
                Vector512.GreaterThan(v, watchLine).ExtractMostSignificantBits());
            if (bits != stored)
            {
                uint low = (uint)bits, high = (uint)(bits >> 32);
                if (low != (uint)stored)
                {
                    Unsafe.Add(ref vectors0, count) = i;
                    Unsafe.Add(ref newConditions0, count) = low;
                    count++;
                }
                if (high != (uint)(stored >> 32))
                {
                    Unsafe.Add(ref vectors0, count) = i + lanes;
                    Unsafe.Add(ref newConditions0, count) = high;
                    count++;
                }
            }
        }
        return count;
    }

    /// <summary>
    /// The linear recovery step u' = u + delta*a*(b*(v + 0.001 - vr) - u) as keep*u + slope*v + constant, computed
    /// the same way for broadcast and per-cell constants.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<T> Keep, Vector256<T> Slope, Vector256<T> Constant) Recovery(Vector256<T> delta, Vector256<T> a, Vector256<T> b, Vector256<T> uOffset)
    {
        var gain = delta * a;
        var slope = gain * b;
        return (Vector256<T>.One - gain, slope, slope * uOffset);
    }
}
