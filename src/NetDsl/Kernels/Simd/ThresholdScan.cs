using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetDsl.Kernels.Simd;

/// <summary>
/// Vector pre-check of the per-step threshold (NetCon) and WATCH (v &gt; vpeak) tests: four cells at once are
/// "quiet" when neither test holds and neither was already true, so the scalar check would change nothing.
/// Only the rare non-quiet groups go through the scalar per-cell logic, in gid order.
/// </summary>
internal static class ThresholdScan
{
    /// <summary>
    /// Groups of four cells (starting at multiples of four) whose WATCH is plain <c>v - vpeak</c>
    /// (standard and fast-spiking resets), so the vector test is exactly the scalar one.
    /// </summary>
    public static bool[] PlainWatchGroups(ResetKind[] reset)
    {
        var groups = new bool[reset.Length / SomaVectorKernel.Lanes];
        for (int g = 0; g < groups.Length; g++)
        {
            bool plain = true;
            for (int l = 0; l < SomaVectorKernel.Lanes; l++)
            {
                var kind = reset[g * SomaVectorKernel.Lanes + l];
                plain &= kind is ResetKind.Standard or ResetKind.FastSpiking;
            }
            groups[g] = plain;
        }
        return groups;
    }

    /// <summary>
    /// True when for all four cells from <paramref name="cell"/>: v - threshold &lt;= 0, v - vpeak &lt;= 0 (or NaN,
    /// as the scalar comparisons treat it) and neither the above-threshold nor the WATCH flag is set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsQuiet(double[] v, double[] threshold, double[] vpeak, bool[] above, bool[] watch, int cell)
    {
        ref byte aboveRef = ref Unsafe.As<bool, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(above), cell));
        ref byte watchRef = ref Unsafe.As<bool, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(watch), cell));
        if ((Unsafe.ReadUnaligned<int>(ref aboveRef) | Unsafe.ReadUnaligned<int>(ref watchRef)) != 0) return false;
        var vv = Vector256.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), cell));
        var thr = Vector256.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(threshold), cell));
        var peak = Vector256.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(vpeak), cell));
        var crossed = Vector256.GreaterThan(vv - thr, Vector256<double>.Zero) | Vector256.GreaterThan(vv - peak, Vector256<double>.Zero);
        return crossed == Vector256<double>.Zero;
    }
}
