using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetDsl.Kernels;

/// <summary>
/// The Exp2Syn instances of one cell for one step, as NEURON computes them: each slot's current at v and at
/// v + 0.001 and their slope, added to the node's rhs and diagonal one slot after the other in slot order, then
/// the cnexp decay of A and B. Four slots at a time in <see cref="Vector256{T}"/> with the same IEEE operations
/// as the scalar loop (no fused multiply-add, the division by 0.001 kept), so the bits are NEURON's; only the
/// two running sums stay sequential.
/// </summary>
internal static class Exp2SynSlots
{
    /// <summary>
    /// Adds the currents of slots [<paramref name="from"/>, <paramref name="to"/>) to <paramref name="rhs"/> and
    /// their slopes to <paramref name="diag"/> (both scaled by <paramref name="scale"/>), then decays A and B.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Step(double[] synA, double[] synB, int[] slotKind, double[] kindE, double[] decayA, double[] decayB,
        int from, int to, double v, double scale, ref double rhs, ref double diag)
    {
        if (from < 0 || to > synA.Length || to > synB.Length || to > slotKind.Length)
            throw new ArgumentOutOfRangeException(nameof(to), "The slots lie outside the synapse arrays.");
        int s = from;
        // Running sums in registers (not through the references) while the slots are added.
        double r = rhs, d = diag;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double a0 = ref MemoryMarshal.GetArrayDataReference(synA);
            ref double b0 = ref MemoryMarshal.GetArrayDataReference(synB);
            var vPlus = Vector256.Create(v + 0.001);
            var vNow = Vector256.Create(v);
            var thousandth = Vector256.Create(0.001);
            var sc = Vector256.Create(scale);
            for (; s + 4 <= to; s += 4)
            {
                int k0 = slotKind[s], k1 = slotKind[s + 1], k2 = slotKind[s + 2], k3 = slotKind[s + 3];
                Vector256<double> e, ca, cb;
                if (k0 == k1 && k0 == k2 && k0 == k3)
                {
                    e = Vector256.Create(kindE[k0]);
                    ca = Vector256.Create(decayA[k0]);
                    cb = Vector256.Create(decayB[k0]);
                }
                else
                {
                    e = Vector256.Create(kindE[k0], kindE[k1], kindE[k2], kindE[k3]);
                    ca = Vector256.Create(decayA[k0], decayA[k1], decayA[k2], decayA[k3]);
                    cb = Vector256.Create(decayB[k0], decayB[k1], decayB[k2], decayB[k3]);
                }
                var x = Vector256.LoadUnsafe(ref a0, (nuint)s);
                var y = Vector256.LoadUnsafe(ref b0, (nuint)s);
                var g = y - x;
                var iPlus = g * (vPlus - e);
                var iNow = g * (vNow - e);
                var rhsTerms = iNow * sc;
                var diagTerms = (iPlus - iNow) / thousandth * sc;
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
        }
        for (; s < to; s++)
        {
            int kind = slotKind[s];
            double x = synA[s], y = synB[s];
            double g = y - x;
            double e = kindE[kind];
            double iPlus = g * ((v + 0.001) - e);
            double iNow = g * (v - e);
            double gSlope = (iPlus - iNow) / 0.001;
            r -= iNow * scale;
            d += gSlope * scale;
            synA[s] = x + decayA[kind] * (0.0 - x);
            synB[s] = y + decayB[kind] * (0.0 - y);
        }
        rhs = r;
        diag = d;
    }
}
