namespace NetDsl.Simulation;

/// <summary>
/// Pending events keyed by the grid step whose integration first sees them: one bucket per step over a
/// window longer than the largest delay. An entry is an int: a spike's delay segment (&gt;= 0, fanned out to
/// its synapses on delivery) or a stimulus source (~index). Buckets keep insertion order, which is time
/// order for every single source, as NEURON delivers them.
/// </summary>
internal sealed class EventRing
{
    private readonly int[][] _entries;
    private readonly int[] _counts;
    // Ordered rings only: per entry, the order key it was added with (see InsertOrdered).
    private readonly long[][]? _keys;

    // Buckets: the window rounded up to a power of two, so that a step's bucket is a mask, not a 64-bit division
    // (two to four of them per step, a noticeable share of a small network's step).
    private readonly int _mask;

    public EventRing(int window, int initialCapacity, bool ordered = false)
    {
        Window = window;
        int buckets = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, window));
        _mask = buckets - 1;
        _entries = new int[buckets][];
        _counts = new int[buckets];
        for (int i = 0; i < buckets; i++) _entries[i] = new int[initialCapacity];
        if (!ordered) return;
        _keys = new long[buckets][];
        for (int i = 0; i < buckets; i++) _keys[i] = new long[initialCapacity];
    }

    /// <summary>The key <see cref="Add"/> gives its entries in an ordered ring (non-decreasing from add to add).</summary>
    public long OrderKey { get; set; }

    /// <summary>Number of steps covered; an event must be due less than this many steps ahead.</summary>
    public int Window { get; }

    public void Clear() => Array.Clear(_counts);

    public void Add(long step, int entry)
    {
        int bucket = (int)step & _mask;
        int count = _counts[bucket];
        if (count == _entries[bucket].Length) Grow(bucket);
        _entries[bucket][count] = entry;
        if (_keys is not null) _keys[bucket][count] = OrderKey;
        _counts[bucket] = count + 1;
    }

    /// <summary>
    /// Puts an entry where it would be had it been added when the order key was <paramref name="key"/>: after every
    /// entry of the bucket with a key up to it, before the later ones. A distributed run adds the spikes it receives
    /// this way, so that a bucket's order (which sums into one synaptic state keep) is a single process's.
    /// </summary>
    public void InsertOrdered(long step, int entry, long key)
    {
        int bucket = (int)step & _mask;
        int count = _counts[bucket];
        if (count == _entries[bucket].Length) Grow(bucket);
        var entries = _entries[bucket];
        var keys = _keys![bucket];
        int at = count;
        while (at > 0 && keys[at - 1] > key)
        {
            entries[at] = entries[at - 1];
            keys[at] = keys[at - 1];
            at--;
        }
        entries[at] = entry;
        keys[at] = key;
        _counts[bucket] = count + 1;
    }

    private void Grow(int bucket)
    {
        int size = Math.Max(16, _entries[bucket].Length * 2);
        Array.Resize(ref _entries[bucket], size);
        if (_keys is not null) Array.Resize(ref _keys[bucket], size);
    }

    /// <summary>The entries due at <paramref name="step"/>; <see cref="Release"/> empties the bucket afterwards.</summary>
    public ReadOnlySpan<int> Due(long step)
    {
        int bucket = (int)step & _mask;
        return _entries[bucket].AsSpan(0, _counts[bucket]);
    }

    /// <summary>The order keys of the entries <see cref="Due"/> returns (ordered rings only).</summary>
    public ReadOnlySpan<long> DueKeys(long step)
    {
        int bucket = (int)step & _mask;
        return _keys![bucket].AsSpan(0, _counts[bucket]);
    }

    public void Release(long step) => _counts[(int)step & _mask] = 0;
}
