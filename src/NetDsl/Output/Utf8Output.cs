using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace NetDsl.Output;

/// <summary>
/// A growable UTF-8 buffer rented from <see cref="ArrayPool{T}.Shared"/>: the writers format into it instead of
/// allocating a string per number, and a part of a file formatted on another thread is kept in one.
/// </summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _length;

    public PooledBuffer(int capacity = 1 << 16) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_length);
    }

    public void Clear() => _length = 0;

    private void Ensure(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 256);
        if (_buffer.Length - _length >= needed) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + needed));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }
}

/// <summary>Numbers as UTF-8 bytes, the same text as <c>ToString("R", InvariantCulture)</c> gives, without a string.</summary>
internal static class Utf8Numbers
{
    /// <summary>Room for any double in "R" form ("-2.2250738585072014E-308") and a ".0" after it.</summary>
    public const int MaxDoubleLength = 32;

    /// <summary>Room for any int.</summary>
    public const int MaxIntLength = 11;

    /// <summary>The shortest text that reads back as <paramref name="value"/>, as <c>value.ToString("R")</c>.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (!value.TryFormat(destination, out int length, "R", CultureInfo.InvariantCulture)) throw new ArgumentException("destination too small", nameof(destination));
        return length;
    }

    /// <summary>
    /// As <see cref="Format(double, Span{byte})"/> with ".0" added to a whole number, as Python writes a float
    /// (NetPyNE's gids in spkid are 12.0).
    /// </summary>
    public static int FormatFloat(double value, Span<byte> destination)
    {
        int length = Format(value, destination);
        if (destination[..length].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0)
        {
            destination[length++] = (byte)'.';
            destination[length++] = (byte)'0';
        }
        return length;
    }

    /// <summary>An int's digits; with <paramref name="asFloat"/>, ".0" after them (what "R" and a ".0" give for the int as a double).</summary>
    public static int Format(int value, Span<byte> destination, bool asFloat = false)
    {
        if (!Utf8Formatter.TryFormat(value, destination, out int length)) throw new ArgumentException("destination too small", nameof(destination));
        if (asFloat)
        {
            destination[length++] = (byte)'.';
            destination[length++] = (byte)'0';
        }
        return length;
    }
}

/// <summary>
/// The text of recently formatted doubles, by their bits (64 slots, direct-mapped): formatting a double takes
/// 100-300 ns, and the values a data file repeats — a cell's constants (0.5, 10.0, -60.0), spike times shared by
/// the spikes of one step — are then copied instead. One per thread; the text is what the formatter gives.
/// </summary>
internal sealed class Utf8NumberCache
{
    private const int Slots = 64, SlotBytes = Utf8Numbers.MaxDoubleLength;
    private readonly long[] _bits = new long[Slots];
    private readonly byte[] _lengths = new byte[Slots];
    private readonly byte[] _text = new byte[Slots * SlotBytes];
    private readonly bool _asFloat;

    /// <param name="asFloat">Whole numbers with ".0" (<see cref="Utf8Numbers.FormatFloat"/>), else as "R" writes them.</param>
    public Utf8NumberCache(bool asFloat) => _asFloat = asFloat;

    [ThreadStatic]
    private static Utf8NumberCache? t_floats;

    /// <summary>This thread's cache of <see cref="Utf8Numbers.FormatFloat"/> texts.</summary>
    public static Utf8NumberCache Floats => t_floats ??= new Utf8NumberCache(asFloat: true);

    public ReadOnlySpan<byte> Format(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int slot = (int)(((ulong)bits * 0x9E3779B97F4A7C15UL) >> 58);
        var text = _text.AsSpan(slot * SlotBytes, SlotBytes);
        int length = _lengths[slot];
        if (length != 0 && _bits[slot] == bits) return text[..length];
        length = _asFloat ? Utf8Numbers.FormatFloat(value, text) : Utf8Numbers.Format(value, text);
        _bits[slot] = bits;
        _lengths[slot] = (byte)length;
        return text[..length];
    }
}
