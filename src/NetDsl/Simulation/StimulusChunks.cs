using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NetDsl.Simulation;

/// <summary>
/// The NetStim / VecStim events of a set of sources (a fast-engine partition's), drawn a chunk of delivery steps at
/// a time as the run goes: the events due in steps [<see cref="First"/>, <see cref="End"/>), sorted by step as
/// <see cref="StimulusSchedule"/> sorts them (within a step: source order, then time order). Every event taken is
/// recorded for its source. A chunk's events stay in the caches while they are drawn, sorted and delivered, and
/// the buffers are kept from chunk to chunk: a run draws without allocating once they hold a chunk's events (and
/// each source's record the events it was sized for).
/// </summary>
internal sealed class StimulusChunks
{
    /// <summary>
    /// Steps per chunk: 102.4 ms at dt = 0.025 ms, some 100,000 events (1.2 MB) for 10,000 sources at 100 Hz. Each
    /// chunk writes a few events to every source's record, a cache miss per source: longer chunks miss less per
    /// event (chunks of 1,024 steps took 1.7 times the drawing time of 4,096 on the 10,000-cell E/I benchmark).
    /// </summary>
    public const int ChunkSteps = 4096;

    private readonly StimulusEvents[] _streams;
    private readonly int[] _sources;
    private readonly double[] _delay;
    // Per source: its event times so far, [0, count) of an array sized for the run. Each chunk adds a few events to
    // every source's array, all over memory: the next sources' places are requested ahead (see Fill), from a table
    // of addresses, without touching the arrays (pinned, so that the addresses hold).
    private readonly double[][] _recorded;
    private readonly int[] _recordedCount;
    private readonly int[] _recordCapacity;
    private readonly nint[] _recordPlace;
    private readonly double[] _stepTime;
    private readonly double _dt;
    private readonly double _limit;
    private readonly long _totalSteps;
    private readonly int[] _start = new int[ChunkSteps + 1];
    private readonly int[] _counts = new int[ChunkSteps + 1];
    private long[] _drawn;
    private int[] _source;

    /// <param name="streams">Per source of <paramref name="sources"/>, its event stream from the start of the run.</param>
    /// <param name="sources">The sources (indices into <see cref="CompiledNetwork.Sources"/>), in delivery order within a step.</param>
    /// <param name="delay">Per source of <paramref name="sources"/>: the delay of its connection (ms).</param>
    /// <param name="expectedEvents">Per source of <paramref name="sources"/>: about how many events it sends in the run (its record's first size).</param>
    /// <param name="stepTime">The time of each step (<see cref="TimeGrid.Times"/>).</param>
    /// <param name="totalSteps">Steps of the run: events due after it are recorded, not delivered.</param>
    /// <param name="expectedPerChunk">About how many events a chunk holds (the buffers' first size).</param>
    public StimulusChunks(StimulusEvents[] streams, int[] sources, double[] delay, long[] expectedEvents, double[] stepTime,
        double dt, long totalSteps, int expectedPerChunk)
    {
        _streams = streams;
        _sources = sources;
        _delay = delay;
        _recorded = new double[sources.Length][];
        _recordedCount = new int[sources.Length];
        _recordCapacity = new int[sources.Length];
        _recordPlace = new nint[sources.Length];
        for (int i = 0; i < sources.Length; i++) Reserve(i, (int)Math.Min(Array.MaxLength / 2, expectedEvents[i] * 9 / 8 + 4));
        _stepTime = stepTime;
        _dt = dt;
        _totalSteps = totalSteps;
        _limit = stepTime[totalSteps];
        int capacity = Math.Max(16, expectedPerChunk + expectedPerChunk / 4);
        _drawn = new long[capacity];
        _source = new int[capacity];
    }

    /// <summary>The first step of the chunk drawn last.</summary>
    public long First { get; private set; }

    /// <summary>The step after the chunk drawn last (nothing drawn yet: 0).</summary>
    public long End { get; private set; }

    /// <summary>Per step of the chunk plus an end entry: the events of step k are [Start[k - First], Start[k - First + 1]).</summary>
    public ReadOnlySpan<int> Start => _start;

    /// <summary>Per event of the chunk: its source (index into <see cref="CompiledNetwork.Sources"/>).</summary>
    public ReadOnlySpan<int> Source => _source;

    /// <summary>
    /// Draws the events due in steps [<paramref name="first"/>, first + <see cref="ChunkSteps"/>) (up to the run's
    /// end); the chunk that reaches the end also records the events after it up to the run's end time.
    /// <paramref name="first"/> is where the chunk drawn last ended.
    /// </summary>
    /// <remarks>Optimized from the first call: a run calls it a few times only, too few for tiered compilation.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(long first)
    {
        if (first != End) throw new ArgumentOutOfRangeException(nameof(first), "Chunks are drawn one after the other.");
        long end = Math.Min(first + ChunkSteps, _totalSteps);
        bool last = end == _totalSteps;
        // (step - first) << 32 | source, source by source.
        int n = 0;
        for (int i = 0; i < _sources.Length; i++)
        {
            if (i + RecordAhead < _sources.Length) PrefetchRecord(i + RecordAhead);
            ref var stream = ref _streams[i];
            double delay = _delay[i];
            while (stream.TryPeek(_limit, out double te))
            {
                // Delivery steps grow with te: the first event due after the chunk waits for the next one.
                long step = TimeGrid.DeliveryStep(te + delay, _stepTime, 0, 0, _dt);
                if (step >= end && !last) break;
                stream.Skip();
                Record(i, te);
                if (step >= end) continue;
                if (n == _drawn.Length)
                {
                    Array.Resize(ref _drawn, 2 * n);
                    Array.Resize(ref _source, 2 * n);
                }
                _drawn[n++] = (Math.Max(step, first) - first) << 32 | (uint)_sources[i];
            }
        }
        int steps = (int)(end - first);
        StimulusSchedule.SortByStep(_drawn, 0, n, 0, steps, _counts, _start, _source, [], []);
        _start[steps] = n;
        First = first;
        End = end;
    }

    /// <summary>Records every event at or before <paramref name="time"/> not drawn yet (a run stopped early).</summary>
    public void RecordUpTo(double time)
    {
        for (int i = 0; i < _sources.Length; i++)
        {
            ref var stream = ref _streams[i];
            while (stream.TryTake(time, out double te)) Record(i, te);
        }
    }

    /// <summary>Puts each source's recorded event times into its list of <paramref name="into"/> (per source of the network).</summary>
    public void CopyRecorded(List<double>[] into)
    {
        for (int i = 0; i < _sources.Length; i++)
        {
            var list = into[_sources[i]];
            list.Clear();
            list.AddRange(_recorded[i].AsSpan(0, _recordedCount[i]));
        }
    }

    /// <summary>Sources ahead whose next record place is requested before it is written.</summary>
    private const int RecordAhead = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Record(int index, double time)
    {
        int count = _recordedCount[index];
        if (count == _recordCapacity[index]) Reserve(index, Math.Max(16, 2 * count));
        *(double*)_recordPlace[index] = time;
        _recordPlace[index] += sizeof(double);
        _recordedCount[index] = count + 1;
    }

    /// <summary>Gives source <paramref name="index"/> a record of <paramref name="capacity"/> times holding the ones so far.</summary>
    private unsafe void Reserve(int index, int capacity)
    {
        var times = GC.AllocateUninitializedArray<double>(capacity, pinned: true);
        int count = _recordedCount[index];
        if (count > 0) _recorded[index].AsSpan(0, count).CopyTo(times);
        _recorded[index] = times;
        _recordCapacity[index] = capacity;
        _recordPlace[index] = (nint)Unsafe.AsPointer(ref times[0]) + count * sizeof(double);
    }

    /// <summary>Requests the cache line of source <paramref name="index"/>'s next record place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchRecord(int index)
    {
        if (Sse.IsSupported) Sse.Prefetch0((void*)_recordPlace[index]);
    }
}
