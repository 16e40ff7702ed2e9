using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetDsl.Kernels.Simd;

/// <summary>
/// A group of consecutive cells processed together; every operator is the element-wise IEEE operation on each
/// cell (no fused multiply-add, negation by sign flip). Generic kernels over this interface compile to
/// straight vector code for each implementation.
/// </summary>
internal interface ILaneVector<TSelf> where TSelf : struct, ILaneVector<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf operator +(TSelf x, TSelf y);
    static abstract TSelf operator -(TSelf x, TSelf y);
    static abstract TSelf operator *(TSelf x, TSelf y);
    static abstract TSelf operator /(TSelf x, TSelf y);
    static abstract TSelf Negate(TSelf x);
    /// <summary>x / divisor, bit for bit, for a divisor that <see cref="ConstantDivision.Qualifies"/> (<paramref name="reciprocal"/> its reciprocal).</summary>
    static abstract TSelf DivideByConstant(TSelf x, TSelf divisor, TSelf reciprocal);
    static abstract TSelf Broadcast(double value);
    /// <summary>Count consecutive values.</summary>
    static abstract TSelf Load(ref double at);
    void Store(ref double at);
    /// <summary>Element j of Count consecutive records of <paramref name="stride"/> values each.</summary>
    static abstract TSelf Gather(ref double first, int j, int stride);
    void Scatter(ref double first, int j, int stride);
    /// <summary>The sum of the lanes (for the divergence check only: whether it is finite).</summary>
    double Sum();
}

/// <summary>Four cells in one Vector256.</summary>
internal readonly struct Lanes4 : ILaneVector<Lanes4>
{
    private readonly Vector256<double> _x;

    private Lanes4(Vector256<double> x) => _x = x;

    public static int Count => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 operator +(Lanes4 x, Lanes4 y) => new(x._x + y._x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 operator -(Lanes4 x, Lanes4 y) => new(x._x - y._x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 operator *(Lanes4 x, Lanes4 y) => new(x._x * y._x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 operator /(Lanes4 x, Lanes4 y) => new(x._x / y._x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 Negate(Lanes4 x) => new(Vector256.Xor(x._x, Vector256.Create(-0.0)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 DivideByConstant(Lanes4 x, Lanes4 divisor, Lanes4 reciprocal) => new(ConstantDivision.Divide(x._x, divisor._x, reciprocal._x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 Broadcast(double value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 Load(ref double at) => new(Vector256.LoadUnsafe(ref at));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref double at) => _x.StoreUnsafe(ref at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes4 Gather(ref double first, int j, int stride) => new(Vector256.Create(
        Unsafe.Add(ref first, j), Unsafe.Add(ref first, stride + j), Unsafe.Add(ref first, 2 * stride + j), Unsafe.Add(ref first, 3 * stride + j)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Scatter(ref double first, int j, int stride)
    {
        Unsafe.Add(ref first, j) = _x.GetElement(0);
        Unsafe.Add(ref first, stride + j) = _x.GetElement(1);
        Unsafe.Add(ref first, 2 * stride + j) = _x.GetElement(2);
        Unsafe.Add(ref first, 3 * stride + j) = _x.GetElement(3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Sum() => _x.GetElement(0) + _x.GetElement(1) + (_x.GetElement(2) + _x.GetElement(3));
}

/// <summary>Eight cells in one Vector512 (AVX-512): the same element-wise operations as <see cref="Lanes4"/>.</summary>
internal readonly struct Lanes8 : ILaneVector<Lanes8>
{
    private readonly Vector512<double> _x;

    private Lanes8(Vector512<double> x) => _x = x;

    public static int Count => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 operator +(Lanes8 x, Lanes8 y) => new(x._x + y._x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 operator -(Lanes8 x, Lanes8 y) => new(x._x - y._x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 operator *(Lanes8 x, Lanes8 y) => new(x._x * y._x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 operator /(Lanes8 x, Lanes8 y) => new(x._x / y._x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 Negate(Lanes8 x) => new(Vector512.Xor(x._x, Vector512.Create(-0.0)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 DivideByConstant(Lanes8 x, Lanes8 divisor, Lanes8 reciprocal) => new(ConstantDivision.Divide(x._x, divisor._x, reciprocal._x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 Broadcast(double value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 Load(ref double at) => new(Vector512.LoadUnsafe(ref at));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref double at) => _x.StoreUnsafe(ref at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes8 Gather(ref double first, int j, int stride) => new(Vector512.Create(
        Unsafe.Add(ref first, j), Unsafe.Add(ref first, stride + j), Unsafe.Add(ref first, 2 * stride + j), Unsafe.Add(ref first, 3 * stride + j),
        Unsafe.Add(ref first, 4 * stride + j), Unsafe.Add(ref first, 5 * stride + j), Unsafe.Add(ref first, 6 * stride + j), Unsafe.Add(ref first, 7 * stride + j)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Scatter(ref double first, int j, int stride)
    {
        Unsafe.Add(ref first, j) = _x.GetElement(0);
        Unsafe.Add(ref first, stride + j) = _x.GetElement(1);
        Unsafe.Add(ref first, 2 * stride + j) = _x.GetElement(2);
        Unsafe.Add(ref first, 3 * stride + j) = _x.GetElement(3);
        Unsafe.Add(ref first, 4 * stride + j) = _x.GetElement(4);
        Unsafe.Add(ref first, 5 * stride + j) = _x.GetElement(5);
        Unsafe.Add(ref first, 6 * stride + j) = _x.GetElement(6);
        Unsafe.Add(ref first, 7 * stride + j) = _x.GetElement(7);
    }

    /// <summary>The two halves added (the divergence check only reads whether the sum is finite).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Sum()
    {
        var half = _x.GetLower() + _x.GetUpper();
        return half.GetElement(0) + half.GetElement(1) + (half.GetElement(2) + half.GetElement(3));
    }
}
