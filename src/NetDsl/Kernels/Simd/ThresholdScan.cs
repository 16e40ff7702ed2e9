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
    /// Groups of <paramref name="size"/> cells (starting at multiples of it; four for <see cref="IsQuiet"/>, eight for
    /// <see cref="SkipQuietOctets"/>) whose WATCH is v - (vpeak + 0*u), i.e. v - vpeak for finite u (standard and
    /// fast-spiking resets), so the vector test decides exactly as the scalar one.
    /// </summary>
    public static bool[] PlainWatchGroups(double[] watchSlope, int size = SomaVectorKernel.Lanes)
    {
        var groups = new bool[watchSlope.Length / size];
        for (int g = 0; g < groups.Length; g++)
        {
            bool plain = true;
            for (int l = 0; l < size; l++) plain &= watchSlope[g * size + l] == 0.0;
            groups[g] = plain;
        }
        return groups;
    }

    /// <summary>
    /// True when for all four cells from <paramref name="cell"/>: v - threshold &lt;= 0, v - vpeak &lt;= 0 (or NaN,
    /// as the scalar comparisons treat it) and neither the above-threshold nor the WATCH flag is set. A false
    /// answer only sends the group through the exact scalar check (a non-finite u, for instance, lands there).
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

    /// <summary>
    /// The cells of the four from <paramref name="cell"/> (a group with plain WATCHes, see <see cref="PlainWatchGroups"/>)
    /// whose threshold or WATCH condition differs from its stored flag, one bit per lane. The conditions are the scalar
    /// check's own: v − threshold &gt; 0, and v − (vpeak + 0*u) &gt; 0, which is v − vpeak &gt; 0 for finite u and
    /// false otherwise. A cell whose conditions did not change needs no check: it would only store the same flags.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ChangedLanes(double[] v, double[] u, double[] threshold, double[] vpeak, bool[] above, bool[] watch, int cell)
    {
        var vv = Vector256.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), cell));
        var uu = Vector256.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(u), cell));
        var thr = Vector256.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(threshold), cell));
        var peak = Vector256.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(vpeak), cell));
        uint isAbove = Vector256.GreaterThan(vv - thr, Vector256<double>.Zero).ExtractMostSignificantBits();
        uint isWatch = (Vector256.GreaterThan(vv - peak, Vector256<double>.Zero) & Vector256.Equals(uu - uu, Vector256<double>.Zero)).ExtractMostSignificantBits();
        return (isAbove ^ FlagBits(above, cell)) | (isWatch ^ FlagBits(watch, cell));
    }

    /// <summary>The four flags from <paramref name="cell"/> as bits 0..3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint FlagBits(bool[] flags, int cell)
    {
        uint bytes = Unsafe.ReadUnaligned<uint>(ref Unsafe.As<bool, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(flags), cell)));
        // A bool is stored as 0 or 1: bit 8j of the little-endian word is flag j.
        return (bytes & 1) | ((bytes >> 7) & 2) | ((bytes >> 14) & 4) | ((bytes >> 21) & 8);
    }

    /// <summary>
    /// Per cell, the line v must pass for either test to hold: v − threshold &gt; 0 or v − vpeak &gt; 0 holds exactly when
    /// v &gt; min(threshold, vpeak) (a difference of doubles is positive exactly when the first is larger; a NaN line
    /// is left out, as its test never holds).
    /// </summary>
    public static double[] QuietLines(double[] threshold, double[] vpeak)
    {
        var lines = new double[Math.Min(threshold.Length, vpeak.Length)];
        for (int i = 0; i < lines.Length; i++)
            lines[i] = double.IsNaN(threshold[i]) ? vpeak[i] : double.IsNaN(vpeak[i]) ? threshold[i] : Math.Min(threshold[i], vpeak[i]);
        return lines;
    }

    /// <summary>
    /// The first group of eight cells from <paramref name="from"/> (a multiple of eight) that is not quiet (<see cref="IsQuiet"/>
    /// for eight cells in one Vector512, against their <see cref="QuietLines"/>: the same answer as two four-cell checks)
    /// or whose WATCHes are not all plain (<paramref name="plainOctets"/>, per group of eight), or the first cell past the
    /// last whole group before <paramref name="to"/>: quiet groups are skipped in one tight loop.
    /// </summary>
    public static int SkipQuietOctets(double[] v, double[] quietLine, bool[] above, bool[] watch, bool[] plainOctets, int from, int to)
    {
        if (from < 0 || to > v.Length || to > quietLine.Length || to > above.Length || to > watch.Length || to / 8 > plainOctets.Length)
            throw new ArgumentOutOfRangeException(nameof(to), "The cells lie outside the arrays.");
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(v);
        ref double line0 = ref MemoryMarshal.GetArrayDataReference(quietLine);
        ref byte above0 = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetArrayDataReference(above));
        ref byte watch0 = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetArrayDataReference(watch));
        ref bool plain0 = ref MemoryMarshal.GetArrayDataReference(plainOctets);
        for (; from + 8 <= to; from += 8)
        {
            if (!Unsafe.Add(ref plain0, from >> 3)
                || (Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref above0, from)) | Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref watch0, from))) != 0
                || Vector512.GreaterThanAny(Vector512.LoadUnsafe(ref v0, (nuint)from), Vector512.LoadUnsafe(ref line0, (nuint)from)))
                return from;
        }
        return from;
    }

    /// <summary><see cref="IsQuiet"/> with two Vector128 (SSE2: code a ReadyToRun image holds compiled); the same answer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsQuietNarrow(double[] v, double[] threshold, double[] vpeak, bool[] above, bool[] watch, int cell)
    {
        ref byte aboveRef = ref Unsafe.As<bool, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(above), cell));
        ref byte watchRef = ref Unsafe.As<bool, byte>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(watch), cell));
        if ((Unsafe.ReadUnaligned<int>(ref aboveRef) | Unsafe.ReadUnaligned<int>(ref watchRef)) != 0) return false;
        ref double v0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(v), cell);
        ref double t0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(threshold), cell);
        ref double p0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(vpeak), cell);
        var low = Vector128.LoadUnsafe(ref v0);
        var high = Vector128.LoadUnsafe(ref v0, 2);
        var crossed = Vector128.GreaterThan(low - Vector128.LoadUnsafe(ref t0), Vector128<double>.Zero)
            | Vector128.GreaterThan(low - Vector128.LoadUnsafe(ref p0), Vector128<double>.Zero)
            | Vector128.GreaterThan(high - Vector128.LoadUnsafe(ref t0, 2), Vector128<double>.Zero)
            | Vector128.GreaterThan(high - Vector128.LoadUnsafe(ref p0, 2), Vector128<double>.Zero);
        return crossed == Vector128<double>.Zero;
    }
}
