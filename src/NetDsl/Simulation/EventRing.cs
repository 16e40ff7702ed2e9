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

    public EventRing(int window, int initialCapacity)
    {
        Window = window;
        _entries = new int[window][];
        _counts = new int[window];
        for (int i = 0; i < window; i++) _entries[i] = new int[initialCapacity];
    }

    /// <summary>Number of steps covered; an event must be due less than this many steps ahead.</summary>
    public int Window { get; }

    public void Clear() => Array.Clear(_counts);

    public void Add(long step, int entry)
    {
        int bucket = (int)(step % Window);
        int count = _counts[bucket];
        if (count == _entries[bucket].Length) Array.Resize(ref _entries[bucket], Math.Max(16, count * 2));
        _entries[bucket][count] = entry;
        _counts[bucket] = count + 1;
    }

    /// <summary>The entries due at <paramref name="step"/>; <see cref="Release"/> empties the bucket afterwards.</summary>
    public ReadOnlySpan<int> Due(long step)
    {
        int bucket = (int)(step % Window);
        return _entries[bucket].AsSpan(0, _counts[bucket]);
    }

    public void Release(long step) => _counts[(int)(step % Window)] = 0;
}
