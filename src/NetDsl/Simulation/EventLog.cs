namespace NetDsl.Simulation;

/// <summary>
/// Spikes or resets as (time, gid) pairs in the order they happened. Starts at a given capacity and doubles when
/// full; <see cref="EnsureCapacity"/> reserves room so that a long run does not grow it.
/// </summary>
internal sealed class EventLog(int capacity)
{
    private double[] _times = new double[capacity];
    private int[] _gids = new int[capacity];

    public int Count { get; private set; }

    public ReadOnlySpan<double> Times => _times.AsSpan(0, Count);
    public ReadOnlySpan<int> Gids => _gids.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(double time, int gid)
    {
        if (Count == _times.Length) Resize(Math.Max(1024, 2 * _times.Length));
        _times[Count] = time;
        _gids[Count++] = gid;
    }

    public void EnsureCapacity(int capacity)
    {
        if (_times.Length < capacity) Resize(capacity);
    }

    private void Resize(int size)
    {
        Array.Resize(ref _times, size);
        Array.Resize(ref _gids, size);
    }
}

/// <summary>Spikes or resets found by one thread in a window, as (step, gid) pairs.</summary>
internal sealed class StepEventList
{
    private long[] _steps = new long[1024];
    private int[] _gids = new int[1024];

    public int Count { get; private set; }

    public long StepAt(int index) => _steps[index];
    public int GidAt(int index) => _gids[index];

    public void Clear() => Count = 0;

    public void Add(long step, int gid)
    {
        if (Count == _steps.Length)
        {
            Array.Resize(ref _steps, 2 * Count);
            Array.Resize(ref _gids, 2 * Count);
        }
        _steps[Count] = step;
        _gids[Count++] = gid;
    }
}
