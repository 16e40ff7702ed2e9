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

    /// <summary>True when Vector256 operations run on hardware (AVX on x64); otherwise the scalar path is faster.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Vector256<double>.Count == Lanes;

    /// <summary>
    /// Integrates the cells of <paramref name="run"/> over one step at mid time <paramref name="tmid"/>. With
    /// <paramref name="decayA"/>/<paramref name="decayB"/> (per synapse kind) the run's A and B also decay over
    /// the step right after their conductance was read, which saves the separate decay pass over these slots.
    /// Returns the sum of the new v and u of the run's cells (finite unless a state diverged).
    /// </summary>
    public static double IntegrateRun(VectorRun run, SomaParameters parameters, SomaState state, double[] kindE, double tmid,
        double[]? decayA = null, double[]? decayB = null)
    {
        int first = run.FirstCell, count = run.CellCount, slots = run.SlotsPerCell;
        if (count % Lanes != 0) throw new ArgumentException("A vector run covers whole vectors.", nameof(run));
        CheckRange(state.V1, first, count);
        CheckRange(state.V0, first, count);
        CheckRange(state.V2, first, count);
        CheckRange(state.U, first, count);
        CheckRange(state.T0, first, count);
        CheckRange(parameters.K, first, count);
        CheckRange(state.SynA, run.FirstSlot, count * slots);
        CheckRange(state.SynB, run.FirstSlot, count * slots);
        if (run.SlotKinds.Length != slots) throw new ArgumentException("Slot kinds do not match the slot count.", nameof(run));

        // Per slot position: reversal potential and decay coefficients, the same in every lane.
        Span<double> e = stackalloc double[slots];
        Span<double> ca = stackalloc double[slots];
        Span<double> cb = stackalloc double[slots];
        bool fuse = decayA is not null && decayB is not null;
        for (int j = 0; j < slots; j++)
        {
            int kind = run.SlotKinds[j];
            e[j] = kindE[kind];
            ca[j] = fuse ? decayA![kind] : 0;
            cb[j] = fuse ? decayB![kind] : 0;
        }

        var sum = Vector256<double>.Zero;
        var tm = Vector256.Create(tmid);
        if (run.UniformParameters)
        {
            var p = CellVectors.Broadcast(parameters, first);
            for (int c = 0; c < count; c += Lanes)
                sum += Integrate4(in p, state, first + c, run.FirstSlot + c * slots, slots, e, ca, cb, fuse, tm);
        }
        else
        {
            for (int c = 0; c < count; c += Lanes)
            {
                var p = CellVectors.Load(parameters, first + c);
                sum += Integrate4(in p, state, first + c, run.FirstSlot + c * slots, slots, e, ca, cb, fuse, tm);
            }
        }
        return sum[0] + sum[1] + (sum[2] + sum[3]);
    }

    private static void CheckRange(double[] array, int first, int count)
    {
        if (first < 0 || count < 0 || (long)first + count > array.Length) throw new ArgumentOutOfRangeException(nameof(first));
    }

    /// <summary>Constants of four consecutive cells (or one cell's constants broadcast).</summary>
    private readonly struct CellVectors
    {
        public readonly Vector256<double> K, Vr, Vt, A, B, C, Iin, Scale, Cap, A1, B1, A2, B2, EndFactor, EndProduct;

        private CellVectors(SomaParameters p, int i, bool broadcast)
        {
            K = Get(p.K, i, broadcast); Vr = Get(p.Vr, i, broadcast); Vt = Get(p.Vt, i, broadcast);
            A = Get(p.A, i, broadcast); B = Get(p.B, i, broadcast); C = Get(p.C, i, broadcast); Iin = Get(p.Iin, i, broadcast);
            Scale = Get(p.Scale, i, broadcast); Cap = Get(p.CapTerm, i, broadcast);
            A1 = Get(p.AxialA1, i, broadcast); B1 = Get(p.AxialB1, i, broadcast);
            A2 = Get(p.AxialA2, i, broadcast); B2 = Get(p.AxialB2, i, broadcast);
            EndFactor = Get(p.EndFactor, i, broadcast); EndProduct = Get(p.EndProduct, i, broadcast);
        }

        public static CellVectors Broadcast(SomaParameters p, int i) => new(p, i, true);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static CellVectors Load(SomaParameters p, int i) => new(p, i, false);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> Get(double[] values, int i, bool broadcast)
        {
            ref double at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), i);
            return broadcast ? Vector256.Create(at) : Vector256.LoadUnsafe(ref at);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Negate(Vector256<double> x) => Vector256.Xor(x, Vector256.Create(-0.0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Integrate4(in CellVectors p, SomaState state, int cell, int slot, int slots,
        ReadOnlySpan<double> kindE, ReadOnlySpan<double> decayA, ReadOnlySpan<double> decayB, bool fuse, Vector256<double> tmid)
    {
        var step = Vector256.Create(0.001);
        var thousand = Vector256.Create(1000.0);
        var zero = Vector256<double>.Zero;

        ref double v1Ref = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.V1), cell);
        var v = Vector256.LoadUnsafe(ref v1Ref);
        var sc = p.Scale;
        var rhs = zero;
        var diag = zero;

        // Exp2Syn slots in the cell's summation order; conductance frozen over the step.
        ref double aRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.SynA), slot);
        ref double bRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.SynB), slot);
        for (int j = 0; j < slots; j++)
        {
            var a = Gather(ref aRef, j, slots);
            var b = Gather(ref bRef, j, slots);
            var g = b - a;
            var e = Vector256.Create(kindE[j]);
            var iPlus = g * ((v + step) - e);
            var iNow = g * (v - e);
            var gSlope = (iPlus - iNow) / step;
            rhs = rhs - iNow * sc;
            diag = diag + gSlope * sc;
            if (fuse)
            {
                Scatter(ref aRef, j, slots, a + Vector256.Create(decayA[j]) * (zero - a));
                Scatter(ref bRef, j, slots, b + Vector256.Create(decayB[j]) * (zero - b));
            }
        }

        // Izhi2007b: the v+0.001 evaluation advances u explicitly (delta = t - t0); the second has delta 0.
        var vp = v + step;
        ref double uRef = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.U), cell);
        ref double t0Ref = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.T0), cell);
        var ui = Vector256.LoadUnsafe(ref uRef);
        var delta = tmid - Vector256.LoadUnsafe(ref t0Ref);
        ui = ui + delta * p.A * (p.B * (vp - p.Vr) - ui);
        tmid.StoreUnsafe(ref t0Ref);
        ui.StoreUnsafe(ref uRef);
        var iIzhPlus = Negate(p.K * (vp - p.Vr) * (vp - p.Vt) - ui + p.Iin) / p.C / thousand;
        var iIzh = Negate(p.K * (v - p.Vr) * (v - p.Vt) - ui + p.Iin) / p.C / thousand;
        var gIzh = (iIzhPlus - iIzh) / step;
        rhs = rhs - iIzh * sc;
        diag = diag + gIzh * sc;

        diag = diag + p.Cap;

        // Axial terms of the three-node section, then triang / bksub.
        ref double v0Ref = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.V0), cell);
        ref double v2Ref = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(state.V2), cell);
        var r0 = Vector256.LoadUnsafe(ref v0Ref);
        var r2 = Vector256.LoadUnsafe(ref v2Ref);
        var dv1 = r0 - v;
        rhs = rhs - p.B1 * dv1;
        var rhs0 = zero + p.A1 * dv1;
        var dv2 = v - r2;
        var rhs2 = zero - p.B2 * dv2;
        rhs = rhs + p.A2 * dv2;
        diag = diag - p.B1;
        var d0 = zero - p.A1;
        var d2 = zero - p.B2;
        diag = diag - p.A2;

        var factor = p.EndFactor;
        diag = diag - p.EndProduct;
        rhs = rhs - factor * rhs2;
        factor = p.A1 / diag;
        d0 = d0 - factor * p.B1;
        rhs0 = rhs0 - factor * rhs;

        rhs0 = rhs0 / d0;
        rhs = rhs - p.B1 * rhs0;
        rhs = rhs / diag;
        rhs2 = rhs2 - p.B2 * rhs;
        rhs2 = rhs2 / d2;

        (r0 + rhs0).StoreUnsafe(ref v0Ref);
        var vNew = v + rhs;
        vNew.StoreUnsafe(ref v1Ref);
        (r2 + rhs2).StoreUnsafe(ref v2Ref);
        return vNew + ui;
    }

    /// <summary>Slot <paramref name="j"/> of four consecutive cells with <paramref name="stride"/> slots each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Gather(ref double first, int j, int stride) => Vector256.Create(
        Unsafe.Add(ref first, j), Unsafe.Add(ref first, stride + j), Unsafe.Add(ref first, 2 * stride + j), Unsafe.Add(ref first, 3 * stride + j));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scatter(ref double first, int j, int stride, Vector256<double> values)
    {
        Unsafe.Add(ref first, j) = values.GetElement(0);
        Unsafe.Add(ref first, stride + j) = values.GetElement(1);
        Unsafe.Add(ref first, 2 * stride + j) = values.GetElement(2);
        Unsafe.Add(ref first, 3 * stride + j) = values.GetElement(3);
    }
}
