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
