using System.Runtime.CompilerServices;

namespace NetDsl.Simulation;

/// <summary>
/// The NetStim / VecStim events of a set of sources (a fast-engine partition's), drawn a chunk of delivery steps at
/// a time as the run goes: the events due in steps [<see cref="First"/>, <see cref="End"/>), sorted by step as
/// <see cref="StimulusSchedule"/> sorts them (within a step: source order, then time order). Every event taken is
/// recorded for its source. A chunk's events stay in the caches while they are drawn, sorted and delivered, and
/// the buffers are kept from chunk to chunk: a run draws without allocating once they hold a chunk's events (and
/// the record the events it was sized for).
/// </summary>
internal sealed class StimulusChunks
{
    /// <summary>
    /// Steps per chunk: 102.4 ms at dt = 0.025 ms, some 100,000 events (1.2 MB) for 10,000 sources at 100 Hz. Each
    /// chunk reads every source's stream once: longer chunks take more events per read.
    /// </summary>
    public const int ChunkSteps = 4096;

    private readonly StimulusEvents[] _streams;
    private readonly int[] _sources;
    private readonly int[] _targets;
    private readonly double[] _delay;
    // Every event time taken, in the order taken (chunk by chunk, within a chunk source by source), in blocks, and
    // its runs: run r is RunCount[r] consecutive times of source RunSource[r] (an index into _sources). Written in
    // order, so a chunk's records are one sequential stream instead of a cache miss per source; a source's times are
    // gathered from its runs when the run is collected. Blocks, not one array: a long run's events may outnumber an
    // array's elements, and a full block is never copied.
    private readonly List<double[]> _blocks = [];
    private double[] _block;
    private int _blockFill;
    private int _blockIndex;
    private long _recordedCount;
    private int[] _runSource;
    private int[] _runCount;
    private int _runs;
    private readonly double[] _stepTime;
    private readonly double _dt;
    private readonly double _limit;
    private readonly long _totalSteps;
    private readonly int[] _start = new int[ChunkSteps + 1];
    private readonly int[] _counts = new int[ChunkSteps + 1];
    private long[] _drawn;
    private int[] _source;
    private int[] _target;

    /// <param name="streams">Per source of <paramref name="sources"/>, its event stream from the start of the run.</param>
    /// <param name="sources">The sources (indices into <see cref="CompiledNetwork.Sources"/>), in delivery order within a step.</param>
    /// <param name="targets">Per source of <paramref name="sources"/>: what its events act on (the engine's index of its synapse), given with each event.</param>
    /// <param name="delay">Per source of <paramref name="sources"/>: the delay of its connection (ms).</param>
    /// <param name="expectedEvents">About how many events the sources send in the run (the record's first size).</param>
    /// <param name="stepTime">The time of each step (<see cref="TimeGrid.Times"/>).</param>
    /// <param name="totalSteps">Steps of the run: events due after it are recorded, not delivered.</param>
    /// <param name="expectedPerChunk">About how many events a chunk holds (the buffers' first size).</param>
    public StimulusChunks(StimulusEvents[] streams, int[] sources, int[] targets, double[] delay, long expectedEvents, double[] stepTime,
        double dt, long totalSteps, int expectedPerChunk)
    {
        if (targets.Length != sources.Length) throw new ArgumentException("One target per source.", nameof(targets));
        _streams = streams;
        _sources = sources;
        _targets = targets;
        _delay = delay;
        // Blocks for the expected events and an eighth more, allocated now so that a run records without allocating.
        long records = Math.Max(16, expectedEvents + expectedEvents / 8 + 16);
        int blockLength = (int)Math.Min(records, MaxBlockLength);
        for (long held = 0; held < records; held += blockLength) _blocks.Add(GC.AllocateUninitializedArray<double>(blockLength));
        _block = _blocks[0];
        // At most one run per source and chunk, and never more runs than events.
        long chunks = (totalSteps + ChunkSteps - 1) / ChunkSteps + 1;
        int runs = (int)Math.Clamp(Math.Min(records, chunks * sources.Length), 16, Array.MaxLength / 2);
        _runSource = new int[runs];
        _runCount = new int[runs];
        _stepTime = stepTime;
        _dt = dt;
        _totalSteps = totalSteps;
        _limit = stepTime[totalSteps];
        int capacity = Math.Max(16, expectedPerChunk + expectedPerChunk / 4);
        _drawn = new long[capacity];
        _source = new int[capacity];
        _target = new int[capacity];
    }

    /// <summary>The first step of the chunk drawn last.</summary>
    public long First { get; private set; }

    /// <summary>The step after the chunk drawn last (nothing drawn yet: 0).</summary>
    public long End { get; private set; }

    /// <summary>Per step of the chunk plus an end entry: the events of step k are [Start[k - First], Start[k - First + 1]).</summary>
    public ReadOnlySpan<int> Start => _start;

    /// <summary>Per event of the chunk: its source (index into <see cref="CompiledNetwork.Sources"/>).</summary>
    public ReadOnlySpan<int> Source => _source;

    /// <summary>Per event of the chunk: its source's target (as given when the chunks were made).</summary>
    public ReadOnlySpan<int> Target => _target;

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
        // (step - first) << 32 | i (the source's place in _sources), source by source; events counted per step.
        int steps = (int)(end - first);
        var counts = _counts.AsSpan(0, steps + 1);
        counts.Clear();
        int n = 0;
        double inverseDt = 1.0 / _dt;
        for (int i = 0; i < _sources.Length; i++)
        {
            ref var stream = ref _streams[i];
            double delay = _delay[i];
            long recordedBefore = _recordedCount;
            while (stream.TryPeek(_limit, out double te))
            {
                // Delivery steps grow with te: the first event due after the chunk waits for the next one.
                long step = TimeGrid.DeliveryStepFromTable(te + delay, _stepTime, _dt, inverseDt);
                if (step >= end && !last) break;
                stream.Skip();
                Record(te);
                if (step >= end) continue;
                if (n == _drawn.Length)
                {
                    Array.Resize(ref _drawn, 2 * n);
                    Array.Resize(ref _source, 2 * n);
                    Array.Resize(ref _target, 2 * n);
                }
                long local = Math.Max(step, first) - first;
                _drawn[n++] = local << 32 | (uint)i;
                counts[(int)local + 1]++;
            }
            EndRun(i, recordedBefore);
        }
        // By step, stably (within a step, source order as drawn): counts[k] becomes where step k's events begin.
        for (int k = 0; k < steps; k++) counts[k + 1] += counts[k];
        counts[..steps].CopyTo(_start);
        _start[steps] = n;
        for (int e = 0; e < n; e++)
        {
            int at = counts[(int)(_drawn[e] >> 32)]++;
            int i = (int)(uint)_drawn[e];
            _source[at] = _sources[i];
            _target[at] = _targets[i];
        }
        First = first;
        End = end;
    }

    /// <summary>Times per block of the record (8 MiB).</summary>
    private const int MaxBlockLength = 1 << 20;

    /// <summary>Records every event at or before <paramref name="time"/> not drawn yet (a run stopped early).</summary>
    public void RecordUpTo(double time)
    {
        for (int i = 0; i < _sources.Length; i++)
        {
            ref var stream = ref _streams[i];
            long recordedBefore = _recordedCount;
            while (stream.TryTake(time, out double te)) Record(te);
            EndRun(i, recordedBefore);
        }
    }

    /// <summary>Puts each source's recorded event times into its list of <paramref name="into"/> (per source of the network).</summary>
    public void CopyRecorded(List<double>[] into)
    {
        // Each list sized once for all of its source's runs.
        var counts = new int[_sources.Length];
        for (int r = 0; r < _runs; r++) counts[_runSource[r]] += _runCount[r];
        for (int i = 0; i < _sources.Length; i++)
        {
            into[_sources[i]].Clear();
            into[_sources[i]].EnsureCapacity(counts[i]);
        }
        // A run's times may continue in the next block.
        int block = 0, at = 0;
        for (int r = 0; r < _runs; r++)
        {
            var list = into[_sources[_runSource[r]]];
            for (int left = _runCount[r]; left > 0;)
            {
                if (at == _blocks[block].Length)
                {
                    block++;
                    at = 0;
                }
                int take = Math.Min(left, _blocks[block].Length - at);
                list.AddRange(_blocks[block].AsSpan(at, take));
                at += take;
                left -= take;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Record(double time)
    {
        if (_blockFill == _block.Length) NextBlock();
        _block[_blockFill++] = time;
        _recordedCount++;
    }

    /// <summary>The next block; past the ones sized for the expected events, each twice as long as the last, up to <see cref="MaxBlockLength"/>.</summary>
    private void NextBlock()
    {
        if (++_blockIndex == _blocks.Count) _blocks.Add(GC.AllocateUninitializedArray<double>(Math.Min(MaxBlockLength, 2 * _block.Length)));
        _block = _blocks[_blockIndex];
        _blockFill = 0;
    }

    /// <summary>Closes the run of source <paramref name="index"/> that started at <paramref name="recordedBefore"/> (if it recorded any event).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndRun(int index, long recordedBefore)
    {
        // A source's events in one chunk fit an int: ResourceGuard bounds a cell's events by an array's length.
        int count = (int)(_recordedCount - recordedBefore);
        if (count == 0) return;
        if (_runs == _runSource.Length)
        {
            Array.Resize(ref _runSource, 2 * _runs);
            Array.Resize(ref _runCount, 2 * _runs);
        }
        _runSource[_runs] = index;
        _runCount[_runs++] = count;
    }
}
