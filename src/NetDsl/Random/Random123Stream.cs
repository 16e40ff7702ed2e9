using System.Runtime.CompilerServices;

namespace NetDsl.Random;

/// <summary>
/// NEURON's <c>Random.Random123(id1, id2, id3)</c> stream: Philox4x32-10 over the counter
/// [seq, id3, id1, id2] with key [globalIndex, 0]; each block yields four 32-bit draws.
/// A value type so that per-cell and per-stimulus streams cost no allocation.
/// </summary>
public struct Random123Stream
{
    private uint _c0, _c1, _c2, _c3;
    private uint _r0, _r1, _r2, _r3;
    private readonly uint _k0;
    private int _which;

    public Random123Stream(uint id1, uint id2, uint id3, uint globalIndex = 0)
    {
        _c0 = 0;
        _c1 = id3;
        _c2 = id1;
        _c3 = id2;
        _k0 = globalIndex;
        _which = 0;
        _r0 = _r1 = _r2 = _r3 = 0;
        Refill();
    }

    /// <summary>
    /// The stream positioned at its draw number <paramref name="index"/> (0 is the first draw): the draws are Philox
    /// blocks of a counter, so any of them is computed directly (the counter wraps as NEURON's 32-bit one does).
    /// </summary>
    public static Random123Stream At(uint id1, uint id2, uint id3, ulong index, uint globalIndex = 0)
    {
        var stream = new Random123Stream(id1, id2, id3, globalIndex);
        stream._c0 = (uint)(index >> 2);
        stream._which = (int)(index & 3);
        stream.Refill();
        return stream;
    }

    // The draws are inlined into their callers: a fast run draws every NetStim interval of the run in one burst at
    // its start, before tiered compilation would optimize small methods called from there.

    /// <summary>The next raw 32-bit draw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt()
    {
        uint value = _which switch { 0 => _r0, 1 => _r1, 2 => _r2, _ => _r3 };
        _which++;
        if (_which > 3)
        {
            _which = 0;
            _c0++;
            Refill();
        }
        return value;
    }

    /// <summary>A draw in the open interval (0, 1), as nrnran123_uint2dbl: (u + 1) / (2^32 + 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => ToDouble(NextUInt());

    private const double Shift32 = 1.0 / 4294967297.0;

    /// <summary>The value <see cref="NextDouble"/> makes of the raw draw <paramref name="draw"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ToDouble(uint draw) => ((double)draw + 1.0) * Shift32;

    /// <summary>libg++ Uniform(low, high).</summary>
    public double Uniform(double low, double high) => ToUniform(NextUInt(), low, high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ToUniform(uint draw, double low, double high) => low + (high - low) * ToDouble(draw);

    /// <summary>
    /// The largest raw draw u for which <c>p &gt;= Uniform(0, 1)</c> holds when Uniform(0, 1) is made from u, or -1 when
    /// it holds for none (p below every uniform, or NaN). The uniform never decreases as u grows (u + 1 is exact in a
    /// double; a product and a sum with positive factors, each rounded to nearest, keep the order), so for every draw
    /// <c>p &gt;= Uniform(0, 1)</c> exactly when u is at most this value: a comparison of integers, no conversion.
    /// </summary>
    internal static long LargestDrawWithUniformAtMost(double p)
    {
        if (!(p >= ToUniform(0, 0, 1))) return -1;
        long low = 0, high = uint.MaxValue;
        // Invariant: the predicate holds at low; the answer is in [low, high].
        while (low < high)
        {
            long middle = low + (high - low + 1) / 2;
            if (p >= ToUniform((uint)middle, 0, 1)) low = middle;
            else high = middle - 1;
        }
        return low;
    }

    /// <summary>libg++ NegativeExpntl(mean).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NegExp(double mean) => -mean * Math.Log(NextDouble());

    /// <summary>
    /// libg++ Normal(mean, variance), polar method. A new Normal is built per call in NetPyNE, so the
    /// cached second variate is never used.
    /// </summary>
    public double Normal(double mean, double variance)
    {
        double stdDev = Math.Sqrt(variance);
        while (true)
        {
            double u1 = NextDouble();
            double u2 = NextDouble();
            double v1 = 2 * u1 - 1;
            double v2 = 2 * u2 - 1;
            double w = v1 * v1 + v2 * v2;
            if (w <= 1)
            {
                double y = Math.Sqrt(-2 * Math.Log(w) / w);
                double x1 = v1 * y;
                return x1 * stdDev + mean;
            }
        }
    }

    /// <summary>libg++ DiscreteUniform(low, high): low + floor((high - low + 1) * U).</summary>
    public long DiscreteUniform(long low, long high)
    {
        double delta = high - low + 1;
        return low + (long)Math.Floor(delta * NextDouble());
    }

    // Optimized from the first call: a run draws millions of NetStim intervals right at its start, long before
    // tiered compilation would replace a quick first version.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Refill()
    {
        uint c0 = _c0, c1 = _c1, c2 = _c2, c3 = _c3;
        uint k0 = _k0, k1 = 0;
        for (int round = 0; round < 10; round++)
        {
            if (round > 0)
            {
                k0 += 0x9E3779B9u;
                k1 += 0xBB67AE85u;
            }
            ulong p0 = 0xD2511F53ul * c0;
            ulong p1 = 0xCD9E8D57ul * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0;
            uint hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        _r0 = c0; _r1 = c1; _r2 = c2; _r3 = c3;
    }
}
