using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetDsl.Kernels;

/// <summary>
/// The Exp2Syn instances of one cell for one step, as NEURON computes them: each slot's current at v and at
/// v + 0.001 and their slope, added to the node's rhs and diagonal one slot after the other in slot order, then
/// the cnexp decay of A and B. Four slots at a time in <see cref="Vector256{T}"/> with the same IEEE operations
/// as the scalar loop (no fused multiply-add, the division by 0.001 kept), so the bits are NEURON's; only the
/// two running sums stay sequential, which is why two cells are best done side by side (<see cref="StepPair"/>).
/// ExpSyn slots go through the same code: their A stays 0, so g = B − A is ExpSyn's g (<see cref="SynapseModels"/>).
/// </summary>
internal static class Exp2SynSlots
{
    /// <summary>The arrays every call reads: slot state, slot kinds and the per-kind constants.</summary>
    public readonly record struct Slots(double[] A, double[] B, int[] Kind, double[] KindE, double[] DecayA, double[] DecayB);

    /// <summary>
    /// Adds the currents of slots [<paramref name="from"/>, <paramref name="to"/>) to <paramref name="rhs"/> and
    /// their slopes to <paramref name="diag"/> (both scaled by <paramref name="scale"/>), then decays A and B.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Step(in Slots slots, int from, int to, double v, double scale, ref double rhs, ref double diag)
    {
        Check(slots, from, to);
        // Running sums in registers (not through the references) while the slots are added.
        double r = rhs, d = diag;
        int s = from;
        if (Vector256.IsHardwareAccelerated)
        {
            var cell = new Cell(v, scale);
            for (; s + 4 <= to; s += 4) Four(slots, s, cell, ref r, ref d);
        }
        for (; s < to; s++) One(slots, s, v, scale, ref r, ref d);
        rhs = r;
        diag = d;
    }

    /// <summary>
    /// <see cref="Step"/> for two cells at once: their slots are interleaved four by four, so that the two cells'
    /// running sums (each still in its own slot order) overlap instead of waiting for each other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StepPair(in Slots slots,
        int fromA, int toA, double vA, double scaleA, ref double rhsA, ref double diagA,
        int fromB, int toB, double vB, double scaleB, ref double rhsB, ref double diagB)
    {
        Check(slots, fromA, toA);
        Check(slots, fromB, toB);
        int common = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            common = Math.Min(toA - fromA, toB - fromB) / 4 * 4;
            double rA = rhsA, dA = diagA, rB = rhsB, dB = diagB;
            var cellA = new Cell(vA, scaleA);
            var cellB = new Cell(vB, scaleB);
            for (int q = 0; q < common; q += 4)
            {
                Four(slots, fromA + q, cellA, ref rA, ref dA);
                Four(slots, fromB + q, cellB, ref rB, ref dB);
            }
            rhsA = rA; diagA = dA; rhsB = rB; diagB = dB;
        }
        Step(slots, fromA + common, toA, vA, scaleA, ref rhsA, ref diagA);
        Step(slots, fromB + common, toB, vB, scaleB, ref rhsB, ref diagB);
    }

    /// <summary>
    /// Per-slot copies of what a slot's step reads besides A and B (its cell, the kind's E and decays, the cell's
    /// scale), and the per-slot terms the flat pass leaves for the cells' sums. Built for networks with few slots.
    /// </summary>
    public sealed class Flat
    {
        public Flat(in Slots slots, int[] cellSlotStart, double[] cellScale)
        {
            int count = slots.Kind.Length;
            CellCount = cellSlotStart.Length - 1;
            if (cellSlotStart[0] != 0 || cellSlotStart[CellCount] != count || slots.A.Length < count || slots.B.Length < count)
                throw new ArgumentException("The cells' slot ranges do not cover the slots.", nameof(cellSlotStart));
            Cell = new int[count];
            E = new double[count];
            DecayA = new double[count];
            DecayB = new double[count];
            Scale = new double[count];
            TermRhs = new double[count];
            TermDiag = new double[count];
            for (int cell = 0; cell + 1 < cellSlotStart.Length; cell++)
            {
                for (int s = cellSlotStart[cell]; s < cellSlotStart[cell + 1]; s++)
                {
                    int kind = slots.Kind[s];
                    Cell[s] = cell;
                    E[s] = slots.KindE[kind];
                    DecayA[s] = slots.DecayA[kind];
                    DecayB[s] = slots.DecayB[kind];
                    Scale[s] = cellScale[cell];
                }
            }
        }

        public int CellCount { get; }
        /// <summary>Per slot: its cell (every cell below <see cref="CellCount"/>).</summary>
        public int[] Cell { get; }
        public double[] E { get; }
        public double[] DecayA { get; }
        public double[] DecayB { get; }
        public double[] Scale { get; }
        /// <summary>Per slot after <see cref="StepFlat"/>: i(v)·scale, what the slot takes from the node's rhs.</summary>
        public double[] TermRhs { get; }
        /// <summary>Per slot after <see cref="StepFlat"/>: ((i(v + 0.001) − i(v)) / 0.001)·scale, what it adds to the diagonal.</summary>
        public double[] TermDiag { get; }
    }

    /// <summary>
    /// Slots [<paramref name="from"/>, <paramref name="to"/>) of any cells at once, four per vector across cell
    /// boundaries: each slot's current and slope terms (the operations of <see cref="Step"/>, with the voltage of the
    /// slot's own cell) go to <see cref="Flat.TermRhs"/> and <see cref="Flat.TermDiag"/>, and A and B decay. A cell
    /// then sums its slots' terms in slot order (<see cref="SumCell"/>), which gives <see cref="Step"/>'s bits: cells with
    /// a few synapses each no longer leave most of a vector empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StepFlat(in Slots slots, Flat flat, double[] v, int from, int to)
    {
        if (from < 0 || to > slots.A.Length || to > slots.B.Length || to > flat.Cell.Length || from > to)
            throw new ArgumentOutOfRangeException(nameof(to), "The slots lie outside the synapse arrays.");
        if (v.Length < flat.CellCount) throw new ArgumentOutOfRangeException(nameof(v), "The voltages do not cover the slots' cells.");
        ref double a0 = ref MemoryMarshal.GetArrayDataReference(slots.A);
        ref double b0 = ref MemoryMarshal.GetArrayDataReference(slots.B);
        ref int cell0 = ref MemoryMarshal.GetArrayDataReference(flat.Cell);
        ref double e0 = ref MemoryMarshal.GetArrayDataReference(flat.E);
        ref double ca0 = ref MemoryMarshal.GetArrayDataReference(flat.DecayA);
        ref double cb0 = ref MemoryMarshal.GetArrayDataReference(flat.DecayB);
        ref double sc0 = ref MemoryMarshal.GetArrayDataReference(flat.Scale);
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(flat.TermRhs);
        ref double d0 = ref MemoryMarshal.GetArrayDataReference(flat.TermDiag);
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(v);
        var step = Vector256.Create(0.001);
        int i = from;
        for (; i + 4 <= to; i += 4)
        {
            nuint at = (nuint)i;
            var vv = Vector256.Create(Unsafe.Add(ref v0, Unsafe.Add(ref cell0, i)), Unsafe.Add(ref v0, Unsafe.Add(ref cell0, i + 1)),
                Unsafe.Add(ref v0, Unsafe.Add(ref cell0, i + 2)), Unsafe.Add(ref v0, Unsafe.Add(ref cell0, i + 3)));
            var x = Vector256.LoadUnsafe(ref a0, at);
            var y = Vector256.LoadUnsafe(ref b0, at);
            var e = Vector256.LoadUnsafe(ref e0, at);
            var sc = Vector256.LoadUnsafe(ref sc0, at);
            var g = y - x;
            var iPlus = g * ((vv + step) - e);
            var iNow = g * (vv - e);
            (iNow * sc).StoreUnsafe(ref r0, at);
            ((iPlus - iNow) / step * sc).StoreUnsafe(ref d0, at);
            (x + Vector256.LoadUnsafe(ref ca0, at) * (Vector256<double>.Zero - x)).StoreUnsafe(ref a0, at);
            (y + Vector256.LoadUnsafe(ref cb0, at) * (Vector256<double>.Zero - y)).StoreUnsafe(ref b0, at);
        }
        for (; i < to; i++)
        {
            double vv = Unsafe.Add(ref v0, Unsafe.Add(ref cell0, i));
            double x = Unsafe.Add(ref a0, i), y = Unsafe.Add(ref b0, i);
            double g = y - x;
            double e = Unsafe.Add(ref e0, i);
            double iPlus = g * ((vv + 0.001) - e);
            double iNow = g * (vv - e);
            double sc = Unsafe.Add(ref sc0, i);
            Unsafe.Add(ref r0, i) = iNow * sc;
            Unsafe.Add(ref d0, i) = (iPlus - iNow) / 0.001 * sc;
            Unsafe.Add(ref a0, i) = x + Unsafe.Add(ref ca0, i) * (0.0 - x);
            Unsafe.Add(ref b0, i) = y + Unsafe.Add(ref cb0, i) * (0.0 - y);
        }
    }

    /// <summary>
    /// <see cref="StepFlat"/> two slots per Vector128 (SSE2, which every x64 processor has; the same operations, so
    /// the same bits), without generics: code that a ReadyToRun image holds compiled (the exact engine's narrow step).
    /// </summary>
    public static void StepFlatNarrow(in Slots slots, Flat flat, double[] v, int from, int to)
    {
        if (from < 0 || to > slots.A.Length || to > slots.B.Length || to > flat.Cell.Length || from > to)
            throw new ArgumentOutOfRangeException(nameof(to), "The slots lie outside the synapse arrays.");
        if (v.Length < flat.CellCount) throw new ArgumentOutOfRangeException(nameof(v), "The voltages do not cover the slots' cells.");
        ref double a0 = ref MemoryMarshal.GetArrayDataReference(slots.A);
        ref double b0 = ref MemoryMarshal.GetArrayDataReference(slots.B);
        ref int cell0 = ref MemoryMarshal.GetArrayDataReference(flat.Cell);
        ref double e0 = ref MemoryMarshal.GetArrayDataReference(flat.E);
        ref double ca0 = ref MemoryMarshal.GetArrayDataReference(flat.DecayA);
        ref double cb0 = ref MemoryMarshal.GetArrayDataReference(flat.DecayB);
        ref double sc0 = ref MemoryMarshal.GetArrayDataReference(flat.Scale);
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(flat.TermRhs);
        ref double d0 = ref MemoryMarshal.GetArrayDataReference(flat.TermDiag);
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(v);
        var step = Vector128.Create(0.001);
        int i = from;
        for (; i + 2 <= to; i += 2)
        {
            nuint at = (nuint)i;
            var vv = Vector128.Create(Unsafe.Add(ref v0, Unsafe.Add(ref cell0, i)), Unsafe.Add(ref v0, Unsafe.Add(ref cell0, i + 1)));
            var x = Vector128.LoadUnsafe(ref a0, at);
            var y = Vector128.LoadUnsafe(ref b0, at);
            var e = Vector128.LoadUnsafe(ref e0, at);
            var sc = Vector128.LoadUnsafe(ref sc0, at);
            var g = y - x;
            var iPlus = g * ((vv + step) - e);
            var iNow = g * (vv - e);
            (iNow * sc).StoreUnsafe(ref r0, at);
            ((iPlus - iNow) / step * sc).StoreUnsafe(ref d0, at);
            (x + Vector128.LoadUnsafe(ref ca0, at) * (Vector128<double>.Zero - x)).StoreUnsafe(ref a0, at);
            (y + Vector128.LoadUnsafe(ref cb0, at) * (Vector128<double>.Zero - y)).StoreUnsafe(ref b0, at);
        }
        if (i < to)
        {
            double vv = Unsafe.Add(ref v0, Unsafe.Add(ref cell0, i));
            double x = Unsafe.Add(ref a0, i), y = Unsafe.Add(ref b0, i);
            double g = y - x;
            double e = Unsafe.Add(ref e0, i);
            double iPlus = g * ((vv + 0.001) - e);
            double iNow = g * (vv - e);
            double sc = Unsafe.Add(ref sc0, i);
            Unsafe.Add(ref r0, i) = iNow * sc;
            Unsafe.Add(ref d0, i) = (iPlus - iNow) / 0.001 * sc;
            Unsafe.Add(ref a0, i) = x + Unsafe.Add(ref ca0, i) * (0.0 - x);
            Unsafe.Add(ref b0, i) = y + Unsafe.Add(ref cb0, i) * (0.0 - y);
        }
    }

    /// <summary>A cell's slots [<paramref name="from"/>, <paramref name="to"/>) after <see cref="StepFlat"/>: their terms summed in slot order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SumCell(Flat flat, int from, int to, ref double rhs, ref double diag)
    {
        var termRhs = flat.TermRhs;
        var termDiag = flat.TermDiag;
        if ((uint)to > (uint)termRhs.Length || (uint)to > (uint)termDiag.Length || from < 0) throw new ArgumentOutOfRangeException(nameof(to));
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(termRhs);
        ref double d0 = ref MemoryMarshal.GetArrayDataReference(termDiag);
        double r = rhs, d = diag;
        for (int s = from; s < to; s++)
        {
            r -= Unsafe.Add(ref r0, s);
            d += Unsafe.Add(ref d0, s);
        }
        rhs = r;
        diag = d;
    }

    private static void Check(in Slots slots, int from, int to)
    {
        if (from < 0 || to > slots.A.Length || to > slots.B.Length || to > slots.Kind.Length)
            throw new ArgumentOutOfRangeException(nameof(to), "The slots lie outside the synapse arrays.");
    }

    /// <summary>A cell's voltage and scale, broadcast.</summary>
    private readonly struct Cell(double v, double scale)
    {
        public readonly Vector256<double> VPlus = Vector256.Create(v + 0.001);
        public readonly Vector256<double> VNow = Vector256.Create(v);
        public readonly Vector256<double> Scale = Vector256.Create(scale);
    }

    /// <summary>Slots s .. s + 3 (inside the arrays): currents, slopes, the sums in slot order, the decay.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four(in Slots slots, int s, in Cell cell, ref double r, ref double d)
    {
        var kinds = slots.Kind;
        int k0 = kinds[s], k1 = kinds[s + 1], k2 = kinds[s + 2], k3 = kinds[s + 3];
        Vector256<double> e, ca, cb;
        if (k0 == k1 && k0 == k2 && k0 == k3)
        {
            e = Vector256.Create(slots.KindE[k0]);
            ca = Vector256.Create(slots.DecayA[k0]);
            cb = Vector256.Create(slots.DecayB[k0]);
        }
        else
        {
            e = Vector256.Create(slots.KindE[k0], slots.KindE[k1], slots.KindE[k2], slots.KindE[k3]);
            ca = Vector256.Create(slots.DecayA[k0], slots.DecayA[k1], slots.DecayA[k2], slots.DecayA[k3]);
            cb = Vector256.Create(slots.DecayB[k0], slots.DecayB[k1], slots.DecayB[k2], slots.DecayB[k3]);
        }
        ref double a0 = ref MemoryMarshal.GetArrayDataReference(slots.A);
        ref double b0 = ref MemoryMarshal.GetArrayDataReference(slots.B);
        var x = Vector256.LoadUnsafe(ref a0, (nuint)s);
        var y = Vector256.LoadUnsafe(ref b0, (nuint)s);
        var g = y - x;
        var iPlus = g * (cell.VPlus - e);
        var iNow = g * (cell.VNow - e);
        var rhsTerms = iNow * cell.Scale;
        var diagTerms = (iPlus - iNow) / Vector256.Create(0.001) * cell.Scale;
        // NEURON's order: slot by slot.
        r -= rhsTerms.GetElement(0);
        d += diagTerms.GetElement(0);
        r -= rhsTerms.GetElement(1);
        d += diagTerms.GetElement(1);
        r -= rhsTerms.GetElement(2);
        d += diagTerms.GetElement(2);
        r -= rhsTerms.GetElement(3);
        d += diagTerms.GetElement(3);
        (x + ca * (Vector256<double>.Zero - x)).StoreUnsafe(ref a0, (nuint)s);
        (y + cb * (Vector256<double>.Zero - y)).StoreUnsafe(ref b0, (nuint)s);
    }

    /// <summary>Slot s alone (the scalar form of <see cref="Four"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void One(in Slots slots, int s, double v, double scale, ref double r, ref double d)
    {
        int kind = slots.Kind[s];
        double x = slots.A[s], y = slots.B[s];
        double g = y - x;
        double e = slots.KindE[kind];
        double iPlus = g * ((v + 0.001) - e);
        double iNow = g * (v - e);
        double gSlope = (iPlus - iNow) / 0.001;
        r -= iNow * scale;
        d += gSlope * scale;
        slots.A[s] = x + slots.DecayA[kind] * (0.0 - x);
        slots.B[s] = y + slots.DecayB[kind] * (0.0 - y);
    }
}
