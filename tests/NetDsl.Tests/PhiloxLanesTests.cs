using NetDsl.Random;

namespace NetDsl.Tests;

/// <summary>
/// The vectorized Philox blocks (<see cref="PhiloxLanes"/>) against the scalar stream, bit for bit, at every width
/// this CPU runs; and the integer threshold that stands for <c>p &gt;= Uniform(0, 1)</c>.
/// </summary>
public class PhiloxLanesTests
{
    /// <summary>The widths this CPU runs, as blocks per call (the scalar stream's 1 included).</summary>
    public static TheoryData<int> Widths()
    {
        var widths = new TheoryData<int>();
        foreach (var width in new[] { PhiloxWidth.Scalar, PhiloxWidth.W256, PhiloxWidth.W512 })
        {
            if (PhiloxLanes.Supports(width)) widths.Add((int)width);
        }
        return widths;
    }

    /// <summary>Stream ids and keys: boundaries (0, all ones, the key's Weyl additions wrapping) and random ones.</summary>
    private static IEnumerable<(uint Id1, uint Id2, uint Id3, uint Key)> Streams()
    {
        yield return (0, 0, 0, 0);
        yield return (uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue);
        yield return (12345, 678, 9, 0);
        yield return (NetPyneHash.HashList([0, 1, 2]), NetPyneHash.HashList([3, 4]), 1, 0);
        yield return (1, 2, 3, unchecked(0x9E3779B9u * 7));
        var random = new System.Random(20261201);
        for (int i = 0; i < 40; i++) yield return ((uint)random.NextInt64(1L << 32), (uint)random.NextInt64(1L << 32), (uint)random.NextInt64(1L << 32), i % 3 == 0 ? 0 : (uint)random.NextInt64(1L << 32));
    }

    /// <summary>First blocks: the start, small ones, both sides of the 32-bit counter's wrap, and random 34-bit draw numbers.</summary>
    private static IEnumerable<ulong> FirstBlocks()
    {
        yield return 0;
        yield return 1;
        yield return 7;
        yield return 1000;
        yield return uint.MaxValue - 20;
        yield return uint.MaxValue;
        yield return (1ul << 32) + 3;
        yield return (3ul << 32) - 9;
        var random = new System.Random(7);
        for (int i = 0; i < 10; i++) yield return (ulong)random.NextInt64(1L << 34);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryBlockEqualsTheStreamsDraws(int blocks)
    {
        var width = (PhiloxWidth)blocks;
        var lanes = new uint[4 * 16 * 6];
        foreach (var (id1, id2, id3, key) in Streams())
        {
            foreach (ulong firstBlock in FirstBlocks())
            {
                PhiloxLanes.Fill(id1, id2, id3, key, firstBlock, lanes, width);
                var stream = Random123Stream.At(id1, id2, id3, firstBlock << 2, key);
                for (int i = 0; i < lanes.Length; i++)
                {
                    uint expected = stream.NextUInt();
                    if (lanes[i] != expected)
                        Assert.Fail($"{width}: stream ({id1}, {id2}, {id3}) key {key}, block {firstBlock} + {i / 4} word {i % 4}: {lanes[i]:X8}, the stream {expected:X8}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void AScanFindsTheDrawsTheStreamFinds(int blocks)
    {
        var width = (PhiloxWidth)blocks;
        var random = new System.Random(99);
        uint[] thresholds = [0, 1, 53_687_091, 1u << 31, uint.MaxValue - 1, uint.MaxValue];
        foreach (var (id1, id2, id3, key) in Streams().Take(12))
        {
            foreach (ulong firstBlock in FirstBlocks())
            {
                // Ranges starting and ending at every offset within a block, shorter and longer than one vector.
                foreach (int length in new[] { 0, 1, 2, 3, 5, 31, 63, 64, 65, 129, 1000 })
                {
                    ulong first = (firstBlock << 2) + (ulong)random.Next(4);
                    ulong end = first + (ulong)length;
                    uint threshold = length % 2 == 0 ? thresholds[random.Next(thresholds.Length)] : (uint)random.NextInt64(1L << 32);
                    var expected = new List<ulong>();
                    var stream = Random123Stream.At(id1, id2, id3, first, key);
                    for (ulong index = first; index < end; index++)
                    {
                        if (stream.NextUInt() <= threshold) expected.Add(index);
                    }
                    var found = new Found();
                    PhiloxLanes.DrawsAtMost(id1, id2, id3, key, first, end, threshold, ref found, width);
                    Assert.Equal(expected, found.Indices);
                }
            }
        }
    }

    private struct Found : IDrawSink
    {
        public Found() { }

        public List<ulong> Indices { get; } = [];

        public readonly void Draw(ulong index) => Indices.Add(index);
    }

    /// <summary>Uniform(0, 1) as the stream makes it from a raw draw: low + (high - low) · (u + 1) / (2^32 + 1).</summary>
    private static double Uniform01(long draw) => 0.0 + (1.0 - 0.0) * Random123Stream.ToDouble((uint)draw);

    [Fact]
    public void TheThresholdSplitsTheDrawsAsTheComparisonDoes()
    {
        var random = new System.Random(3);
        var probabilities = new List<double> { 0, -1, double.NaN, double.Epsilon, 1e-12, 0.0125, 0.1, 0.5, 0.999999, 1, 2, double.PositiveInfinity, double.NegativeInfinity };
        // Exactly a draw's uniform, and its neighbours: the comparison's boundary.
        foreach (long draw in new long[] { 0, 1, 2, 12345, 53_687_090, 1L << 31, uint.MaxValue - 1, uint.MaxValue })
        {
            double u = Uniform01(draw);
            probabilities.AddRange([u, Math.BitDecrement(u), Math.BitIncrement(u)]);
        }
        for (int i = 0; i < 200; i++) probabilities.Add(random.NextDouble());
        foreach (double p in probabilities)
        {
            long largest = Random123Stream.LargestDrawWithUniformAtMost(p);
            Assert.InRange(largest, -1, uint.MaxValue);
            if (largest >= 0) Assert.True(p >= Uniform01(largest), $"p = {p:R}: draw {largest} passes");
            if (largest < uint.MaxValue) Assert.False(p >= Uniform01(largest + 1), $"p = {p:R}: draw {largest + 1} fails");
            for (int i = 0; i < 200; i++)
            {
                long draw = random.NextInt64(1L << 32);
                Assert.Equal(p >= Uniform01(draw), draw <= largest);
            }
        }
    }
}
