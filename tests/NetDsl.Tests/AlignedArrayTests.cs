using System.Runtime.CompilerServices;
using NetDsl.Kernels;
using NetDsl.Kernels.Fast;

namespace NetDsl.Tests;

/// <summary>
/// <see cref="AlignedArray{T}"/> puts element 0 on a cache-line boundary, whatever the managed heap hands out, and
/// keeps its values through collections; the fast engine's state is made of such arrays.
/// </summary>
public class AlignedArrayTests
{
    private static long Address<T>(ref T value) => (long)Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref value);

    [Fact]
    public void ElementZeroIsOnACacheLine_ForEveryLengthAndSize()
    {
        // Arrays of many lengths, interleaved with small ones, so that the heap's offsets vary.
        var keep = new List<object>();
        for (int length = 0; length < 200; length++)
        {
            var doubles = new AlignedArray<double>(length);
            var floats = new AlignedArray<float>(length);
            var conditions = new AlignedArray<uint>(length);
            Assert.Equal(0, Address(ref doubles.Reference) % 64);
            Assert.Equal(0, Address(ref floats.Reference) % 64);
            Assert.Equal(0, Address(ref conditions.Reference) % 64);
            Assert.Equal(length, doubles.Length);
            Assert.Equal(length, floats.AsSpan().Length);
            keep.Add(doubles);
            keep.Add(new byte[length % 7]);
        }
    }

    [Fact]
    public void KeepsItsValuesThroughCollections_AndChecksItsBounds()
    {
        var values = new AlignedArray<double>(1000);
        for (int i = 0; i < values.Length; i++) values[i] = i * 0.5;
        long before = Address(ref values.Reference);
        for (int round = 0; round < 3; round++)
        {
            for (int garbage = 0; garbage < 10_000; garbage++) _ = new double[garbage % 64];
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        Assert.Equal(before, Address(ref values.Reference));
        for (int i = 0; i < values.Length; i++) Assert.Equal(i * 0.5, values[i]);
        Assert.Throws<IndexOutOfRangeException>(() => values[1000]);
        Assert.Throws<IndexOutOfRangeException>(() => values[-1]);
        values.Clear();
        Assert.All(values.AsSpan(10, 20).ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void TheFastStateLiesOnCacheLines()
    {
        var state = new FastCellState<double>(1234, 2, FastCellState<double>.GroupLanesFor(VectorWidth.W512));
        Assert.Equal(0, Address(ref state.V.Reference) % 64);
        Assert.Equal(0, Address(ref state.U.Reference) % 64);
        Assert.Equal(0, Address(ref state.Synapses.Reference) % 64);
    }
}
