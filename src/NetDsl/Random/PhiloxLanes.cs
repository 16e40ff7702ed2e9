using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetDsl.Random;

/// <summary>How many Philox blocks <see cref="PhiloxLanes"/> computes at once.</summary>
internal enum PhiloxWidth
{
    /// <summary>One block at a time, <see cref="Random123Stream"/> itself (any CPU).</summary>
    Scalar = 1,
    /// <summary>8 blocks at a time, in two 256-bit vectors (AVX2).</summary>
    W256 = 8,
    /// <summary>16 blocks at a time, in two 512-bit vectors (AVX-512F).</summary>
    W512 = 16,
}

/// <summary>Receives the draw numbers a scan of a stream finds (<see cref="PhiloxLanes.DrawsAtMost{TSink}"/>).</summary>
internal interface IDrawSink
{
    void Draw(ulong index);
}

/// <summary>
/// Philox4x32-10 of 8 or 16 consecutive counters at once: lane i computes the block of counter [c0 + i, c1, c2, c3]
/// and key [k0, 0] that <see cref="Random123Stream"/> computes one block at a time (its draws 4·c0 … 4·c0 + 3).
/// </summary>
/// <remarks>
/// Why the bits are the scalar ones: a Philox round is 32×32→64-bit products, xors and the key's 32-bit additions,
/// all exact integer operations, and each lane does the scalar round's operations on its own counter. A lane is
/// 64 bits wide and holds its 32-bit word in the low half: the hardware's unsigned multiply (vpmuludq) multiplies
/// the low halves into the full 64-bit product, whose high half, shifted down, is the round's hi and whose low half
/// is its lo. High halves are never read (the next multiply reads low halves, the final comparison masks them off),
/// so xors may leave anything there, and the block numbers wrap at 32 bits as NEURON's counter does. The first two
/// rounds differ only in what is computed once for all lanes (<see cref="FirstRounds"/>).
/// <c>PhiloxLanesTests</c> compares every draw with the stream.
/// </remarks>
internal static class PhiloxLanes
{
    private const uint M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;

    /// <summary>The widest the CPU runs, chosen once per process.</summary>
    public static PhiloxWidth Best { get; } =
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? PhiloxWidth.W512
        : Avx2.IsSupported ? PhiloxWidth.W256
        : PhiloxWidth.Scalar;

    /// <summary>Whether <paramref name="width"/> runs on this CPU.</summary>
    public static bool Supports(PhiloxWidth width) => width switch
    {
        PhiloxWidth.W512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        PhiloxWidth.W256 => Avx2.IsSupported,
        _ => true,
    };

    /// <summary>
    /// Calls <paramref name="sink"/> for every draw number in [<paramref name="first"/>, <paramref name="end"/>) of
    /// the stream Random123(id1, id2, id3) with key <paramref name="globalIndex"/> whose raw draw is at most
    /// <paramref name="threshold"/>, in ascending order: what reading the stream from <paramref name="first"/> and
    /// comparing each <see cref="Random123Stream.NextUInt"/> would find.
    /// </summary>
    public static void DrawsAtMost<TSink>(uint id1, uint id2, uint id3, uint globalIndex, ulong first, ulong end, uint threshold,
        ref TSink sink, PhiloxWidth width)
        where TSink : struct, IDrawSink
    {
        if (end <= first) return;
        if (width == PhiloxWidth.W512 && Supports(width)) DrawsAtMost512(id1, id2, id3, globalIndex, first, end, threshold, ref sink);
        else if (width == PhiloxWidth.W256 && Supports(width)) DrawsAtMost256(id1, id2, id3, globalIndex, first, end, threshold, ref sink);
        else DrawsAtMostScalar(id1, id2, id3, globalIndex, first, end, threshold, ref sink);
    }

    /// <summary>
    /// The raw draws of the blocks from <paramref name="firstBlock"/> on (draw numbers 4·firstBlock, …), computed
    /// <paramref name="width"/> blocks at a time; <paramref name="output"/> holds a whole number of vectors of blocks.
    /// </summary>
    public static void Fill(uint id1, uint id2, uint id3, uint globalIndex, ulong firstBlock, Span<uint> output, PhiloxWidth width)
    {
        if (!Supports(width)) throw new PlatformNotSupportedException($"This CPU does not run {width} Philox blocks.");
        int blocks = (int)width;
        if (output.Length % (4 * blocks) != 0) throw new ArgumentException("The output must hold whole vectors of blocks.", nameof(output));
        for (int at = 0; at < output.Length; at += 4 * blocks)
        {
            ulong block = firstBlock + (ulong)(at / 4);
            var words = output.Slice(at, 4 * blocks);
            if (width == PhiloxWidth.W512)
            {
                var start = new Start512(new FirstRounds(id1, id2, id3, globalIndex));
                State512 a = start.At(block), b = start.At(block + 8);
                LastRounds(ref a, ref b, globalIndex);
                for (int i = 0; i < 8; i++)
                {
                    Write(words, i, a.C0[i], a.C1[i], a.C2[i], a.C3[i]);
                    Write(words, 8 + i, b.C0[i], b.C1[i], b.C2[i], b.C3[i]);
                }
            }
            else if (width == PhiloxWidth.W256)
            {
                var start = new Start256(new FirstRounds(id1, id2, id3, globalIndex));
                State256 a = start.At(block), b = start.At(block + 4);
                LastRounds(ref a, ref b, globalIndex);
                for (int i = 0; i < 4; i++)
                {
                    Write(words, i, a.C0[i], a.C1[i], a.C2[i], a.C3[i]);
                    Write(words, 4 + i, b.C0[i], b.C1[i], b.C2[i], b.C3[i]);
                }
            }
            else
            {
                var stream = Random123Stream.At(id1, id2, id3, block << 2, globalIndex);
                for (int k = 0; k < 4; k++) words[k] = stream.NextUInt();
            }
        }
    }

    /// <summary>Block <paramref name="lane"/>'s four words, its draws 4·lane … 4·lane + 3 (each word's low half).</summary>
    private static void Write(Span<uint> words, int lane, ulong r0, ulong r1, ulong r2, ulong r3)
    {
        words[4 * lane] = (uint)r0;
        words[4 * lane + 1] = (uint)r1;
        words[4 * lane + 2] = (uint)r2;
        words[4 * lane + 3] = (uint)r3;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DrawsAtMostScalar<TSink>(uint id1, uint id2, uint id3, uint globalIndex, ulong first, ulong end, uint threshold, ref TSink sink)
        where TSink : struct, IDrawSink
    {
        var stream = Random123Stream.At(id1, id2, id3, first, globalIndex);
        for (ulong index = first; index < end; index++)
        {
            if (stream.NextUInt() <= threshold) sink.Draw(index);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DrawsAtMost512<TSink>(uint id1, uint id2, uint id3, uint globalIndex, ulong first, ulong end, uint threshold, ref TSink sink)
        where TSink : struct, IDrawSink
    {
        var limit = Vector512.Create((ulong)threshold);
        var start = new Start512(new FirstRounds(id1, id2, id3, globalIndex));
        for (ulong block = first >> 2, last = (end - 1) >> 2; block <= last; block += 16)
        {
            // Two independent vectors of 8 blocks each, so that their rounds overlap.
            var a = start.At(block);
            var b = start.At(block + 8);
            LastRounds(ref a, ref b, globalIndex);
            Report(block, first, end, Passed(a.C0, b.C0, limit), Passed(a.C1, b.C1, limit), Passed(a.C2, b.C2, limit), Passed(a.C3, b.C3, limit), ref sink);
        }
    }

    /// <summary>Bit i: whether block i's word (block i in lane i of <paramref name="a"/>, 8 + i of <paramref name="b"/>) is at most the limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Passed(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> limit)
    {
        var low = Vector512.Create(0xFFFF_FFFFul);
        return (uint)(Vector512.LessThanOrEqual(a & low, limit).ExtractMostSignificantBits()
            | (Vector512.LessThanOrEqual(b & low, limit).ExtractMostSignificantBits() << 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DrawsAtMost256<TSink>(uint id1, uint id2, uint id3, uint globalIndex, ulong first, ulong end, uint threshold, ref TSink sink)
        where TSink : struct, IDrawSink
    {
        var limit = Vector256.Create((ulong)threshold);
        var start = new Start256(new FirstRounds(id1, id2, id3, globalIndex));
        for (ulong block = first >> 2, last = (end - 1) >> 2; block <= last; block += 8)
        {
            var a = start.At(block);
            var b = start.At(block + 4);
            LastRounds(ref a, ref b, globalIndex);
            Report(block, first, end, Passed(a.C0, b.C0, limit), Passed(a.C1, b.C1, limit), Passed(a.C2, b.C2, limit), Passed(a.C3, b.C3, limit), ref sink);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Passed(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> limit)
    {
        var low = Vector256.Create(0xFFFF_FFFFul);
        return Vector256.LessThanOrEqual(a & low, limit).ExtractMostSignificantBits()
            | (Vector256.LessThanOrEqual(b & low, limit).ExtractMostSignificantBits() << 4);
    }

    /// <summary>
    /// The draws of blocks <paramref name="block"/> + i whose word k passed (bit i of <paramref name="m0"/> …
    /// <paramref name="m3"/>), in draw order, those in [first, end) only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Report<TSink>(ulong block, ulong first, ulong end, uint m0, uint m1, uint m2, uint m3, ref TSink sink)
        where TSink : struct, IDrawSink
    {
        for (uint any = m0 | m1 | m2 | m3; any != 0; any &= any - 1)
        {
            int i = BitOperations.TrailingZeroCount(any);
            uint words = ((m0 >> i) & 1) | (((m1 >> i) & 1) << 1) | (((m2 >> i) & 1) << 2) | (((m3 >> i) & 1) << 3);
            ulong blockStart = (block + (uint)i) << 2;
            for (; words != 0; words &= words - 1)
            {
                ulong index = blockStart + (uint)BitOperations.TrailingZeroCount(words);
                if (index >= first && index < end) sink.Draw(index);
            }
        }
    }

    /// <summary>
    /// The first two rounds' values that are the same in every lane. A lane's counter is [block, id3, id1, id2], the
    /// same in every lane but for its block, so round 0's product M1·c2 = M1·id1 and therefore round 0's new c0 and c1,
    /// and round 1's product M0·c0, are the same in every lane: computed here once per stream, the two rounds take two
    /// vector products instead of four. With P = M0·block and Q = M1·(hi(P) ^ id2), the state after round 1 is
    /// c0 = hi(Q) ^ <see cref="X0"/>, c1 = lo(Q), c2 = lo(P) ^ <see cref="X2"/>, c3 = <see cref="C3"/>.
    /// </summary>
    private readonly struct FirstRounds
    {
        public readonly ulong Id2, X0, X2, C3;

        public FirstRounds(uint id1, uint id2, uint id3, uint k0)
        {
            // Round 0: c0 = hi(M1·id1) ^ id3 ^ k0, c1 = lo(M1·id1); c2 = hi(P) ^ id2 and c3 = lo(P) differ per lane.
            ulong product = (ulong)M1 * id1;
            uint c0 = (uint)(product >> 32) ^ id3 ^ k0, c1 = (uint)product;
            // Round 1, key [k0 + W0, W1]: c0 = hi(Q) ^ c1 ^ (k0 + W0), c2 = hi(M0·c0) ^ c3 ^ W1, c3 = lo(M0·c0).
            product = (ulong)M0 * c0;
            Id2 = id2;
            X0 = c1 ^ unchecked(k0 + W0);
            X2 = (uint)(product >> 32) ^ W1;
            C3 = (uint)product;
        }
    }

    /// <summary>Philox states of 8 blocks, one per 64-bit lane, each 32-bit word in the low half of its lane.</summary>
    private struct State512
    {
        public Vector512<ulong> C0, C1, C2, C3;
    }

    private readonly struct Start512(FirstRounds first)
    {
        private readonly Vector512<ulong> _id2 = Vector512.Create(first.Id2), _x0 = Vector512.Create(first.X0),
            _x2 = Vector512.Create(first.X2), _c3 = Vector512.Create(first.C3);

        /// <summary>Blocks <paramref name="block"/> … + 7 after rounds 0 and 1 (<see cref="FirstRounds"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public State512 At(ulong block)
        {
            var p = Multiply(Vector512.Create(block) + Vector512<ulong>.Indices, M0);
            var q = Multiply((p >>> 32) ^ _id2, M1);
            return new State512 { C0 = (q >>> 32) ^ _x0, C1 = q, C2 = p ^ _x2, C3 = _c3 };
        }
    }

    /// <summary>
    /// Rounds 2 to 9 of <c>Random123Stream.Refill</c> on two vectors of blocks, the key [k0, 0] bumped by the Weyl
    /// constants before each round; written out so that the JIT keeps the state in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LastRounds(ref State512 a, ref State512 b, uint k0)
    {
        Round(ref a, ref b, k0, 2);
        Round(ref a, ref b, k0, 3);
        Round(ref a, ref b, k0, 4);
        Round(ref a, ref b, k0, 5);
        Round(ref a, ref b, k0, 6);
        Round(ref a, ref b, k0, 7);
        Round(ref a, ref b, k0, 8);
        Round(ref a, ref b, k0, 9);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref State512 a, ref State512 b, uint k0, uint round)
    {
        var key0 = Vector512.Create((ulong)unchecked(k0 + round * W0));
        var key1 = Vector512.Create((ulong)unchecked(round * W1));
        Round(ref a, key0, key1);
        Round(ref b, key0, key1);
    }

    /// <summary>One round: c0 = hi(M1·c2) ^ c1 ^ k0, c1 = lo(M1·c2), c2 = hi(M0·c0) ^ c3 ^ k1, c3 = lo(M0·c0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref State512 s, Vector512<ulong> key0, Vector512<ulong> key1)
    {
        var p0 = Multiply(s.C0, M0);
        var p1 = Multiply(s.C2, M1);
        s.C0 = (p1 >>> 32) ^ s.C1 ^ key0;
        s.C1 = p1;
        s.C2 = (p0 >>> 32) ^ s.C3 ^ key1;
        s.C3 = p0;
    }

    /// <summary>Per lane, the 64-bit product of the lane's low half and <paramref name="m"/> (vpmuludq).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Multiply(Vector512<ulong> a, uint m) => Avx512F.Multiply(a.AsUInt32(), Vector512.Create((ulong)m).AsUInt32());

    private struct State256
    {
        public Vector256<ulong> C0, C1, C2, C3;
    }

    private readonly struct Start256(FirstRounds first)
    {
        private readonly Vector256<ulong> _id2 = Vector256.Create(first.Id2), _x0 = Vector256.Create(first.X0),
            _x2 = Vector256.Create(first.X2), _c3 = Vector256.Create(first.C3);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public State256 At(ulong block)
        {
            var p = Multiply(Vector256.Create(block) + Vector256<ulong>.Indices, M0);
            var q = Multiply((p >>> 32) ^ _id2, M1);
            return new State256 { C0 = (q >>> 32) ^ _x0, C1 = q, C2 = p ^ _x2, C3 = _c3 };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LastRounds(ref State256 a, ref State256 b, uint k0)
    {
        Round(ref a, ref b, k0, 2);
        Round(ref a, ref b, k0, 3);
        Round(ref a, ref b, k0, 4);
        Round(ref a, ref b, k0, 5);
        Round(ref a, ref b, k0, 6);
        Round(ref a, ref b, k0, 7);
        Round(ref a, ref b, k0, 8);
        Round(ref a, ref b, k0, 9);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref State256 a, ref State256 b, uint k0, uint round)
    {
        var key0 = Vector256.Create((ulong)unchecked(k0 + round * W0));
        var key1 = Vector256.Create((ulong)unchecked(round * W1));
        Round(ref a, key0, key1);
        Round(ref b, key0, key1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref State256 s, Vector256<ulong> key0, Vector256<ulong> key1)
    {
        var p0 = Multiply(s.C0, M0);
        var p1 = Multiply(s.C2, M1);
        s.C0 = (p1 >>> 32) ^ s.C1 ^ key0;
        s.C1 = p1;
        s.C2 = (p0 >>> 32) ^ s.C3 ^ key1;
        s.C3 = p0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Multiply(Vector256<ulong> a, uint m) => Avx2.Multiply(a.AsUInt32(), Vector256.Create((ulong)m).AsUInt32());
}
