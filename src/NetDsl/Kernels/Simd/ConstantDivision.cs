using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetDsl.Kernels.Simd;

/// <summary>
/// x / d for a divisor d known in advance, correctly rounded (the bits of the division) with a multiplication and two
/// fused multiply-adds instead of the division, which costs several times as much per lane.
/// </summary>
/// <remarks>
/// With y = RN(1/d), q = RN(x·y), r = x − d·q (one fused operation, exact) and q' = RN(q + r·y), Markstein's theorem
/// gives q' = RN(x/d) when q is within one ulp of x/d and no intermediate value underflows (Handbook of Floating-Point
/// Arithmetic, ch. 4–5). Here, for Q = x/d: x·y = Q·d·y, so |x·y − Q| = |Q|·|d·y − 1|, which is below half an ulp of Q
/// when |d·y − 1| &lt; 2^-54 (<see cref="Qualifies"/>, checked for each divisor): q is then within one ulp of Q. The
/// sum q + r·y equals Q + (q − Q)(1 − d·y), off Q by less than 2^-54 ulp(Q), and a quotient of two doubles lies
/// farther than that from every midpoint between doubles, so rounding it gives RN(Q). The inputs where the premises
/// could fail — |x| below 1e-270 (zero included) or above 1e270, infinities, NaN — take the division, a whole vector
/// at a time. The signs of zero come out as the division's: r is computed as d·q − x and q' as q − r·y.
/// 1000 and 0.001 (NEURON's constants in the Izhi2007b current and in every numerical slope) qualify, yet on the
/// processors measured the exact engine's step is not bound by those divisions (their products measured slower); the
/// solve's last division, by the end node's pivot at the end of a chain of four, gains (docs/performance.md).
/// </remarks>
internal static class ConstantDivision
{
    // Inside [1e-270, 1e270] (within 2^-900 and 2^900) no value of the method underflows or overflows.
    private const double Smallest = 1e-270, Largest = 1e270;
    // 2^-54, exactly.
    private const double Limit = 5.5511151231257827021181583404541015625E-17;

    /// <summary>Whether <see cref="Divide(Vector256{double}, Vector256{double}, Vector256{double})"/> gives x / d for every x with this divisor.</summary>
    public static bool Qualifies(double divisor)
    {
        double magnitude = Math.Abs(divisor);
        if (!(magnitude >= Math.ScaleB(1.0, -60) && magnitude <= Math.ScaleB(1.0, 60))) return false;
        double reciprocal = 1.0 / divisor;
        // RN(d·y − 1) below 2^-54 means the exact d·y − 1 is too (rounding is monotonic and 2^-54 is a double).
        return Math.Abs(Math.FusedMultiplyAdd(divisor, reciprocal, -1.0)) < Limit;
    }

    /// <summary>The reciprocal the division uses: RN(1 / <paramref name="divisor"/>).</summary>
    public static double Reciprocal(double divisor) => 1.0 / divisor;

    /// <summary>x / <paramref name="divisor"/> for a divisor that <see cref="Qualifies"/>, <paramref name="reciprocal"/> its <see cref="Reciprocal"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Divide(Vector256<double> x, Vector256<double> divisor, Vector256<double> reciprocal)
    {
        var magnitude = Vector256.Abs(x);
        if (!Fma.IsSupported || !Vector256.GreaterThanOrEqualAll(magnitude, Vector256.Create(Smallest))
            || !Vector256.LessThanOrEqualAll(magnitude, Vector256.Create(Largest)))
            return x / divisor;
        var q = x * reciprocal;
        var r = Fma.MultiplySubtract(q, divisor, x);
        return Fma.MultiplyAddNegated(r, reciprocal, q);
    }

    /// <summary><see cref="Divide(Vector256{double}, Vector256{double}, Vector256{double})"/> for eight lanes (AVX-512F).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Divide(Vector512<double> x, Vector512<double> divisor, Vector512<double> reciprocal)
    {
        var magnitude = Vector512.Abs(x);
        if (!Avx512F.IsSupported || !Vector512.GreaterThanOrEqualAll(magnitude, Vector512.Create(Smallest))
            || !Vector512.LessThanOrEqualAll(magnitude, Vector512.Create(Largest)))
            return x / divisor;
        var q = x * reciprocal;
        var r = Avx512F.FusedMultiplySubtract(q, divisor, x);
        return Avx512F.FusedMultiplyAddNegated(r, reciprocal, q);
    }

    /// <summary>The scalar form of the same steps (the tests hold it, as the vector forms, to x / d).</summary>
    public static double Divide(double x, double divisor, double reciprocal)
    {
        double magnitude = Math.Abs(x);
        if (!(magnitude >= Smallest && magnitude <= Largest)) return x / divisor;
        double q = x * reciprocal;
        double r = Math.FusedMultiplyAdd(q, divisor, -x);
        return Math.FusedMultiplyAdd(-r, reciprocal, q);
    }
}
