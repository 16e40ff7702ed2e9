using System.Runtime.CompilerServices;

namespace NetDsl.Simulation;

/// <summary>
/// The NetStim / VecStim events of a set of sources (a fast-engine partition's), drawn a chunk of delivery steps at
/// a time as the run goes: the events due in steps [<see cref="First"/>, <see cref="End"/>), sorted by step as
/// <see cref="StimulusSchedule"/> sorts them (within a step: source order, then time order). Every event taken is
/// recorded for its source. A chunk's events stay in the caches while they are drawn, sorted and delivered, and
/// the buffers are kept from chunk to chunk: a run draws without allocating once they hold a chunk's events (and
/// the record the events it was sized for).
/// While one chunk is delivered the next can be drawn ahead, a few sources at a time, by a thread that would
/// otherwise wait for the others (<see cref="TryDrawAhead"/>); the owner completes it when it needs it
/// (<see cref="Advance"/>). Who draws which sources does not change what is drawn or recorded.
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
    // The chunk being delivered and the one being drawn ahead, swapped when the first ends; 1 while a thread draws.
    private Chunk _current;
    private Chunk _next;
    private int _drawing;

    /// <summary>A chunk's events: drawn (keyed by step and source) and then placed by step.</summary>
    private sealed class Chunk(int capacity)
    {
        public long First, End;
        /// <summary>Sources drawn so far, events drawn so far, and whether the events are placed (the chunk complete).</summary>
        public int SourcesDrawn, Count;
        public bool Complete;
        public readonly int[] Start = new int[ChunkSteps + 1];
        public readonly int[] Counts = new int[ChunkSteps + 1];
        public long[] Drawn = new long[capacity];
        public int[] Source = new int[capacity];
        public int[] Target = new int[capacity];
    }

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
        _current = new Chunk(capacity);
        _next = new Chunk(capacity);
        Begin(_next, 0);
    }

    /// <summary>The first step of the chunk being delivered.</summary>
    public long First => _current.First;

    /// <summary>The step after the chunk being delivered (none yet: 0).</summary>
    public long End => _current.End;

    /// <summary>Per step of the chunk plus an end entry: the events of step k are [Start[k - First], Start[k - First + 1]).</summary>
    public ReadOnlySpan<int> Start => _current.Start;

    /// <summary>Per event of the chunk: its source (index into <see cref="CompiledNetwork.Sources"/>).</summary>
    public ReadOnlySpan<int> Source => _current.Source;

    /// <summary>Per event of the chunk: its source's target (as given when the chunks were made).</summary>
    public ReadOnlySpan<int> Target => _current.Target;

    /// <summary>
    /// Makes the events due in steps [<paramref name="first"/>, first + <see cref="ChunkSteps"/>) (up to the run's
    /// end) the chunk delivered, drawing what was not drawn ahead; the chunk that reaches the end also records the
    /// events after it up to the run's end time. <paramref name="first"/> is where the chunk delivered last ended.
    /// </summary>
    /// <remarks>Optimized from the first call: a run calls it a few times only, too few for tiered compilation.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Advance(long first)
    {
        if (first != End || first >= _totalSteps) throw new ArgumentOutOfRangeException(nameof(first), "Chunks are delivered one after the other.");
        // A thread drawing ahead holds the chunk for a few sources at most.
        var wait = new SpinWait();
        while (Interlocked.CompareExchange(ref _drawing, 1, 0) != 0) wait.SpinOnce(sleep1Threshold: -1);
        try
        {
            var chunk = _next;
            if (!chunk.Complete)
            {
                Draw(chunk, _sources.Length);
                Place(chunk);
            }
            _next = _current;
            _current = chunk;
            Begin(_next, chunk.End);
        }
        finally
        {
            Volatile.Write(ref _drawing, 0);
        }
    }

    /// <summary>
    /// Draws up to <paramref name="sources"/> more sources of the next chunk, unless another thread is drawing or the
    /// next chunk is complete (or after the run's end); whether it drew.
    /// </summary>
    public bool TryDrawAhead(int sources)
    {
        // Read first, without the flag (a stale answer only costs a try): a waiting thread asks again and again, and
        // taking the flag would write to the owner's cache line every time.
        if (Volatile.Read(ref _drawing) != 0 || !HasWorkAhead(_next)) return false;
        if (Interlocked.CompareExchange(ref _drawing, 1, 0) != 0) return false;
        try
        {
            var chunk = _next;
            if (!HasWorkAhead(chunk)) return false;
            Draw(chunk, sources);
            if (chunk.SourcesDrawn == _sources.Length) Place(chunk);
            return true;
        }
        finally
        {
            Volatile.Write(ref _drawing, 0);
        }
    }

    private bool HasWorkAhead(Chunk chunk) => !chunk.Complete && chunk.First < _totalSteps;

    /// <summary>Starts <paramref name="chunk"/> over as the chunk from step <paramref name="first"/> on.</summary>
    private void Begin(Chunk chunk, long first)
    {
        chunk.First = first;
        chunk.End = Math.Min(first + ChunkSteps, _totalSteps);
        chunk.SourcesDrawn = 0;
        chunk.Count = 0;
        chunk.Complete = false;
        chunk.Counts.AsSpan(0, (int)Math.Max(0, chunk.End - first) + 1).Clear();
    }

    /// <summary>Draws the events of up to <paramref name="sources"/> more sources into <paramref name="chunk"/>, counting them per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Draw(Chunk chunk, int sources)
    {
        long first = chunk.First, end = chunk.End;
        bool last = end == _totalSteps;
        // (step - first) << 32 | i (the source's place in _sources), source by source; events counted per step.
        var counts = chunk.Counts;
        int n = chunk.Count;
        double inverseDt = 1.0 / _dt;
        int to = Math.Min(_sources.Length, chunk.SourcesDrawn + sources);
        for (int i = chunk.SourcesDrawn; i < to; i++)
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
                if (n == chunk.Drawn.Length)
                {
                    Array.Resize(ref chunk.Drawn, 2 * n);
                    Array.Resize(ref chunk.Source, 2 * n);
                    Array.Resize(ref chunk.Target, 2 * n);
                }
                long local = Math.Max(step, first) - first;
                chunk.Drawn[n++] = local << 32 | (uint)i;
                counts[(int)local + 1]++;
            }
            EndRun(i, recordedBefore);
        }
        chunk.Count = n;
        chunk.SourcesDrawn = to;
    }

    /// <summary>Places a fully drawn chunk's events by step, stably (within a step, source order as drawn).</summary>
    private void Place(Chunk chunk)
    {
        int steps = (int)(chunk.End - chunk.First), n = chunk.Count;
        var counts = chunk.Counts;
        // counts[k] becomes where step k's events begin.
        for (int k = 0; k < steps; k++) counts[k + 1] += counts[k];
        counts.AsSpan(0, steps).CopyTo(chunk.Start);
        chunk.Start[steps] = n;
        for (int e = 0; e < n; e++)
        {
            int at = counts[(int)(chunk.Drawn[e] >> 32)]++;
            int i = (int)(uint)chunk.Drawn[e];
            chunk.Source[at] = _sources[i];
            chunk.Target[at] = _targets[i];
        }
        chunk.Complete = true;
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
