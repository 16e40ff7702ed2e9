using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetDsl.Kernels;

/// <summary>
/// A fixed-length array of unmanaged values whose element 0 lies on a 64-byte boundary (a cache line, a 512-bit
/// vector). A managed array's elements start 16 bytes into an object aligned to 8: a kernel that walks one in whole
/// 512-bit vectors splits most of its loads and stores across two cache lines. The values live in a pinned array
/// (it never moves, so the offset that aligns it holds, and references into it keep it alive) a cache line longer
/// than asked.
/// </summary>
internal sealed class AlignedArray<T> where T : unmanaged
{
    /// <summary>The boundary element 0 lies on, in bytes.</summary>
    public const int Alignment = 64;

    private readonly T[] _values;
    private readonly int _offset;

    public AlignedArray(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int size = Unsafe.SizeOf<T>();
        if (Alignment % size != 0) throw new NotSupportedException("Values whose size divides a cache line.");
        _values = GC.AllocateArray<T>(length + Alignment / size, pinned: true);
        nint address = AddressOf(ref MemoryMarshal.GetArrayDataReference(_values));
        // A managed array's elements lie on a multiple of their size (8 at least), so some element is aligned.
        _offset = (int)((Alignment - address % Alignment) % Alignment / size);
        Length = length;
    }

    public int Length { get; }

    /// <summary>Element 0 (on the 64-byte boundary).</summary>
    public ref T Reference => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_values), _offset);

    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length) ThrowIndex(index);
            return ref Unsafe.Add(ref Reference, index);
        }
    }

    public Span<T> AsSpan() => MemoryMarshal.CreateSpan(ref Reference, Length);

    public Span<T> AsSpan(int start, int length) => AsSpan().Slice(start, length);

    public void Clear() => AsSpan().Clear();

    private static unsafe nint AddressOf(ref T value) => (nint)Unsafe.AsPointer(ref value);

    private void ThrowIndex(int index) => throw new IndexOutOfRangeException($"Index {index} outside [0, {Length}).");
}
