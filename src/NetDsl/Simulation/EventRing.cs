namespace NetDsl.Simulation;

/// <summary>
/// Pending synaptic events keyed by the grid step that applies them: one bucket per step over a window
/// longer than the largest delay. An event is (slot, increment); buckets are applied in insertion order,
/// which is time order for every single source, as NEURON delivers them.
/// </summary>
internal sealed class EventRing
{
    private readonly int[][] _slots;
    private readonly double[][] _increments;
    private readonly int[] _counts;

    public EventRing(int window, int initialCapacity)
    {
        Window = window;
        _slots = new int[window][];
        _increments = new double[window][];
        _counts = new int[window];
        for (int i = 0; i < window; i++)
        {
            _slots[i] = new int[initialCapacity];
            _increments[i] = new double[initialCapacity];
        }
    }

    /// <summary>Number of steps covered; an event must be due less than this many steps ahead.</summary>
    public int Window { get; }

    public void Clear() => Array.Clear(_counts);

    public void Add(long step, int slot, double increment)
    {
        int bucket = (int)(step % Window);
        int count = _counts[bucket];
        if (count == _slots[bucket].Length) Grow(bucket);
        _slots[bucket][count] = slot;
        _increments[bucket][count] = increment;
        _counts[bucket] = count + 1;
    }

    /// <summary>Applies and clears the bucket of <paramref name="step"/>: A += w*factor, B += w*factor.</summary>
    public void Deliver(long step, double[] synA, double[] synB)
    {
        int bucket = (int)(step % Window);
        int count = _counts[bucket];
        var slots = _slots[bucket];
        var increments = _increments[bucket];
        for (int e = 0; e < count; e++)
        {
            int s = slots[e];
            double inc = increments[e];
            synA[s] = synA[s] + inc;
            synB[s] = synB[s] + inc;
        }
        _counts[bucket] = 0;
    }

    private void Grow(int bucket)
    {
        int size = Math.Max(16, _slots[bucket].Length * 2);
        Array.Resize(ref _slots[bucket], size);
        Array.Resize(ref _increments[bucket], size);
    }
}
