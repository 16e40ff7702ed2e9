using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NetDsl.Concurrency;
using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Kernels.Fast;
using NetDsl.Recording;

namespace NetDsl.Simulation;

/// <summary>
/// The engine of <see cref="SimulationPrecision.Fast"/> (T = double) and <see cref="SimulationPrecision.Single"/>
/// (T = float) runs. Time advances in windows no longer than the shortest synaptic delay: no spike fired inside
/// a window can reach a cell before the window ends, so every event a cell receives in the window is known when
/// the window starts. Each thread owns a consecutive range of cells and advances it through the whole window on
/// its own (events, then the vector kernel, then the threshold checks, step by step); the threads meet once per
/// window to exchange the spikes. Spikes do not depend on the thread count.
/// </summary>
internal sealed class FastSimulator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const double SpikeStampOffset = 1e-10;
    /// <summary>Partitions start at multiples of this many cells (whole chunks of the vector kernel).</summary>
    private const int Alignment = 64;
    private const int MaxWindow = 256;

    private readonly Network _network;
    private readonly CompiledNetwork _net;
    private readonly int _n;
    private readonly double _dt;
    private readonly long _totalSteps;
    private readonly int _window;
    private readonly double[] _stepTime;

    private readonly FastCellParameters<T> _parameters;
    private readonly FastCellState<T> _state;
    private readonly bool[] _above, _watch;
    private readonly T _allBits = Vector256<T>.AllBitsSet.GetElement(0);

    // Synapse slot (the network's numbering) to its cell and to the index of its A in the state (B follows a
    // vector later); the same for each stimulus source.
    private readonly int[] _slotCell, _slotIndex;
    private readonly int[] _sourceCell, _sourceIndex;
    private readonly T[] _sourceIncrement;
    // What NET_RECEIVE adds to A and B per spike segment (when the network stores one increment per segment).
    private readonly T[] _segmentIncrement;

    private readonly EventRing _ring;
    // Every stimulus event time of the run, per source (for the result).
    private readonly List<double>[] _sourceTimes;

    private readonly TraceSet _traces;
    private readonly double _setrecordTime;
    // Samples per step (see SampleSchedule), as NEURON's Vector.record events fall.
    private readonly int[] _beforeEnd, _afterEnd;

    private Partition[] _partitions = [];
    private StepWorkers? _workers;
    private readonly Action<int> _partitionWork;
    private long _windowStart;
    private int _windowLength;

    // Spike and reset buffers start at about 8 per cell and double when full (EnsureSpikeCapacity reserves).
    private readonly EventLog _spikes;
    private readonly EventLog _resets;

    /// <summary>
    /// The consecutive cells [From, To) one thread advances: vector runs of plain cells, the cells that need the
    /// scalar step, the traces it samples, and the spikes and resets it found in the current window.
    /// </summary>
    private sealed class Partition
    {
        public required int From { get; init; }
        public required int To { get; init; }
        public required int[] RunFrom { get; init; }
        public required int[] RunTo { get; init; }
        public required bool[] RunUniform { get; init; }
        public required int[] ScalarCells { get; init; }
        public required int[] Traces { get; init; }
        public required int[] Flagged { get; init; }
        public int[] Changed { get; } = new int[FastSomaKernel<T>.ChunkCells];
        /// <summary>Per spike segment: the synapses on this partition's cells, [DeliveryStart[seg], DeliveryStart[seg + 1]).</summary>
        public int[] DeliveryStart = [];
        /// <summary>
        /// Index of the target's A in the state, and what NET_RECEIVE adds to A and B when weights are drawn per
        /// connection (empty otherwise: the segment's increment applies).
        /// </summary>
        public int[] DeliveryTarget = [];
        public T[] DeliveryIncrement = [];
        /// <summary>The stimulus sources driving this partition's cells.</summary>
        public required int[] Sources { get; init; }
        /// <summary>Their events of the whole run by delivery step: SourceEventStart[k] .. SourceEventStart[k + 1].</summary>
        public long[] SourceEventStart = [];
        public int[] SourceEventSource = [];
        public StepEventList Spikes { get; } = new();
        public StepEventList Resets { get; } = new();
        public double Check;
    }

    internal FastSimulator(Network network)
    {
        if (!FastSomaKernel<T>.IsSupported) throw new PlatformNotSupportedException("The fast engine needs 256-bit vector hardware.");
        _network = network;
        _net = network.Compiled;
        _n = _net.CellCount;
        _dt = _net.Dt;
        var settings = network.Definition.Simulation;
        _totalSteps = Simulator.StepsFor(settings.Duration, _dt);
        _window = WindowFor(_net);
        int maxDelaySteps = (int)Math.Ceiling(_net.MaxDelay / _dt) + 4;
        _stepTime = StepTimes(_totalSteps + maxDelaySteps + _window + 4, _dt);

        _parameters = FastCellParameters<T>.From(_net);
        int kinds = _net.KindE.Length;
        _state = new FastCellState<T>(_n, kinds);
        _above = new bool[_n];
        _watch = new bool[_n];

        int slots = _net.SlotKind.Length;
        _slotCell = new int[slots];
        _slotIndex = new int[slots];
        for (int cell = 0; cell < _n; cell++)
        {
            for (int s = _net.CellSlotStart[cell]; s < _net.CellSlotStart[cell + 1]; s++)
            {
                _slotCell[s] = cell;
                _slotIndex[s] = _state.IndexOfA(_net.SlotKind[s], cell);
            }
        }
        _segmentIncrement = _net.PerSynapseIncrement ? [] : Convert(_net.SegmentIncrement);
        var sources = _net.Sources;
        _sourceIncrement = new T[sources.Length];
        _sourceCell = new int[sources.Length];
        _sourceIndex = new int[sources.Length];
        for (int s = 0; s < sources.Length; s++)
        {
            _sourceIncrement[s] = T.CreateTruncating(sources[s].Increment);
            _sourceCell[s] = _slotCell[sources[s].Slot];
            _sourceIndex[s] = _slotIndex[sources[s].Slot];
        }

        int ringWindow = maxDelaySteps + _window + 4;
        _ring = new EventRing(ringWindow, Math.Max(16, 4 * _net.SegmentDelay.Length / ringWindow + 16));
        _sourceTimes = new List<double>[_net.Sources.Length];
        for (int s = 0; s < _sourceTimes.Length; s++) _sourceTimes[s] = [];

        var clock = Stopwatch.StartNew();
        _traces = TraceSet.Create(network, _stepTime[_totalSteps]);
        _setrecordTime = clock.Elapsed.TotalSeconds;
        (_beforeEnd, _afterEnd) = SampleSchedule(_traces.SampleTimes, _stepTime, _totalSteps, _dt);

        int capacity = (int)Math.Min(1 << 24, 1024 + 8L * _n);
        _spikes = new EventLog(capacity);
        _resets = new EventLog(capacity);
        // Partitions (and their delivery tables) are made by Start, for the thread count of the run.
        _partitionWork = ProcessWindow;
    }

    /// <summary>
    /// Steps per window: a spike stamped at step k with delay d is delivered at the first step m with
    /// t_k + 1e-10 + d &lt;= t_m + dt/2, so m - k &gt;= round(d/dt) - 1 whatever the rounding of the grid times;
    /// a window of that many steps never receives its own spikes.
    /// </summary>
    private static int WindowFor(CompiledNetwork net)
    {
        double minDelay = double.PositiveInfinity;
        foreach (double d in net.SegmentDelay) minDelay = Math.Min(minDelay, d);
        if (double.IsPositiveInfinity(minDelay)) return MaxWindow;
        long lag = (long)Math.Floor(minDelay / net.Dt + 0.5) - 1;
        return (int)Math.Clamp(lag, 1, MaxWindow);
    }

    /// <summary>Grid times t_k accumulated by two half steps, as NEURON's fixed step does.</summary>
    private static double[] StepTimes(long count, double dt)
    {
        var times = new double[count];
        double half = 0.5 * dt, t = 0;
        for (long k = 1; k < count; k++)
        {
            t += half;
            t += half;
            times[k] = t;
        }
        return times;
    }

    /// <summary>
    /// Per step k: how many samples are due by t_k + dt/2 (taken before step k integrates, after the checks at
    /// t_k) and by t_{k+1} (taken once step k is integrated, before the checks at t_{k+1}).
    /// </summary>
    private static (int[] BeforeEnd, int[] AfterEnd) SampleSchedule(ReadOnlySpan<double> sampleTimes, double[] stepTime, long steps, double dt)
    {
        var before = new int[steps + 1];
        var after = new int[steps + 1];
        int next = 0;
        double half = 0.5 * dt;
        for (long k = 0; k <= steps; k++)
        {
            while (next < sampleTimes.Length && sampleTimes[next] <= stepTime[k] + half) next++;
            before[k] = next;
            while (next < sampleTimes.Length && sampleTimes[next] <= stepTime[k + 1]) next++;
            after[k] = next;
        }
        return (before, after);
    }

    /// <summary>
    /// Splits the cells into <paramref name="count"/> consecutive ranges (multiples of <see cref="Alignment"/> cells)
    /// with their vector runs, scalar cells and traces.
    /// </summary>
    private Partition[] CreatePartitions(int count)
    {
        var net = _net;
        int lanes = FastSomaKernel<T>.Lanes;
        count = Math.Clamp(count, 1, Math.Max(1, _n / Alignment));
        var parts = new Partition[count];
        for (int p = 0; p < count; p++)
        {
            int from = p == 0 ? 0 : (int)((long)_n * p / count) / Alignment * Alignment;
            int to = p == count - 1 ? _n : (int)((long)_n * (p + 1) / count) / Alignment * Alignment;
            var runFrom = new List<int>(); var runTo = new List<int>(); var uniform = new List<bool>(); var scalar = new List<int>();
            for (int i = from; i < to; i += lanes)
            {
                bool plain = i + lanes <= to;
                for (int c = i; plain && c < i + lanes; c++)
                    plain = net.Recovery[c] == RecoveryKind.Linear && net.ClampStart[c] == net.ClampStart[c + 1];
                if (!plain)
                {
                    for (int c = i; c < Math.Min(to, i + lanes); c++) scalar.Add(c);
                }
                else if (runTo.Count > 0 && runTo[^1] == i)
                {
                    runTo[^1] = i + lanes;
                }
                else
                {
                    runFrom.Add(i);
                    runTo.Add(i + lanes);
                }
            }
            for (int r = 0; r < runFrom.Count; r++) uniform.Add(_parameters.Uniform(runFrom[r], runTo[r]));
            var traces = new List<int>();
            for (int t = 0; t < _traces.TraceCount; t++)
            {
                int gid = _traces.Describe(t).Gid;
                if (gid >= from && gid < to) traces.Add(t);
            }
            parts[p] = new Partition
            {
                From = from, To = to, RunFrom = runFrom.ToArray(), RunTo = runTo.ToArray(), RunUniform = uniform.ToArray(),
                ScalarCells = scalar.ToArray(), Traces = traces.ToArray(),
                Flagged = new int[(to - from) / FastSomaKernel<T>.ChunkCells + runFrom.Count + 1],
                Sources = SourcesOf(from, to),
            };
        }
        BuildDeliveryTables(parts);
        return parts;
    }

    /// <summary>
    /// Splits every spike segment's synapses by the partition of their target, so that a thread delivers exactly
    /// the events of its own cells, in the segment's order.
    /// </summary>
    private int[] SourcesOf(int from, int to)
    {
        var sources = new List<int>();
        for (int s = 0; s < _sourceCell.Length; s++)
        {
            if (_sourceCell[s] >= from && _sourceCell[s] < to) sources.Add(s);
        }
        return sources.ToArray();
    }

    private void BuildDeliveryTables(Partition[] parts)
    {
        var net = _net;
        int segments = net.SegmentDelay.Length;
        var segStart = net.SegmentConnStart; var outSlot = net.OutSlot;
        var slotIndex = _slotIndex;
        bool perSynapse = net.PerSynapseIncrement;
        if (parts.Length == 1)
        {
            // One thread delivers everything: the network's own segments, targets translated to state indices.
            var only = parts[0];
            only.DeliveryStart = segStart;
            only.DeliveryTarget = new int[outSlot.Length];
            for (int syn = 0; syn < outSlot.Length; syn++) only.DeliveryTarget[syn] = slotIndex[outSlot[syn]];
            only.DeliveryIncrement = perSynapse ? Convert(net.OutIncrement) : [];
            return;
        }

        var slotOwner = new byte[_slotCell.Length];
        for (int p = 0; p < parts.Length; p++)
        {
            for (int slot = 0; slot < _slotCell.Length; slot++)
            {
                if (_slotCell[slot] >= parts[p].From && _slotCell[slot] < parts[p].To) slotOwner[slot] = (byte)p;
            }
        }
        foreach (var part in parts) part.DeliveryStart = new int[segments + 1];
        for (int seg = 0; seg < segments; seg++)
        {
            for (int syn = segStart[seg]; syn < segStart[seg + 1]; syn++) parts[slotOwner[outSlot[syn]]].DeliveryStart[seg + 1]++;
        }
        foreach (var part in parts)
        {
            for (int seg = 0; seg < segments; seg++) part.DeliveryStart[seg + 1] += part.DeliveryStart[seg];
            part.DeliveryTarget = new int[part.DeliveryStart[segments]];
            part.DeliveryIncrement = perSynapse ? new T[part.DeliveryStart[segments]] : [];
        }
        var fill = new int[parts.Length];
        for (int syn = 0; syn < outSlot.Length; syn++)
        {
            // Segments are consecutive in the synapse order, so filling in that order keeps each one's order.
            int slot = outSlot[syn];
            var part = parts[slotOwner[slot]];
            int at = fill[slotOwner[slot]]++;
            part.DeliveryTarget[at] = slotIndex[slot];
            if (perSynapse) part.DeliveryIncrement[at] = T.CreateTruncating(net.OutIncrement[syn]);
        }
    }

    private static T[] Convert(double[] values)
    {
        var converted = new T[values.Length];
        for (int i = 0; i < values.Length; i++) converted[i] = T.CreateTruncating(values[i]);
        return converted;
    }

    private void SetThreads(int threads)
    {
        threads = Math.Clamp(threads, 1, Math.Min(byte.MaxValue, Math.Max(1, _n / Alignment)));
        if (_partitions.Length != threads) _partitions = CreatePartitions(threads);
        if ((_workers?.Threads ?? 1) == _partitions.Length) return;
        _workers?.Dispose();
        _workers = _partitions.Length > 1 ? new StepWorkers(_partitions.Length, _partitions.Length, _partitionWork) : null;
    }

    /// <summary>Steps a window holds (the shortest synaptic delay in steps, at most 256).</summary>
    internal int WindowSteps => _window;

    public SimulationResult Run(RunOptions options)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            Start(options.Threads);
            var lastProgress = TimeSpan.Zero;
            double duration = _network.Definition.Simulation.Duration;
            bool partial = false;
            while (_done < _totalSteps)
            {
                if (options.Cancellation.IsCancellationRequested)
                {
                    partial = true;
                    break;
                }
                AdvanceWindow();
                if (options.Progress is { } progress && clock.Elapsed - lastProgress >= options.ProgressInterval)
                {
                    lastProgress = clock.Elapsed;
                    progress(new RunProgress(_stepTime[_done], duration, clock.Elapsed.TotalSeconds));
                }
            }
            _traces.SetSampleCount(SamplesUpTo(_done));
            return Collect(clock.Elapsed.TotalSeconds, _done, partial);
        }
        finally
        {
            Stop();
        }
    }

    /// <summary>Starts the worker threads and initializes (finitialize, the stimulus events of the whole run).</summary>
    internal void Start(int threads)
    {
        SetThreads(threads);
        Initialize();
        _done = 0;
    }

    /// <summary>Advances whole windows until at least <paramref name="steps"/> more steps are done (or the run ends).</summary>
    internal void Advance(long steps)
    {
        long target = Math.Min(_totalSteps, _done + steps);
        while (_done < target) AdvanceWindow();
    }

    /// <summary>Reserves room for this many spikes and resets so that a long run does not grow the buffers.</summary>
    internal void EnsureSpikeCapacity(int spikes)
    {
        _spikes.EnsureCapacity(spikes);
        _resets.EnsureCapacity(spikes);
    }

    /// <summary>Bytes allocated so far by the worker threads (for the zero-allocation checks).</summary>
    internal long WorkerAllocatedBytes => _workers?.WorkerAllocatedBytes ?? 0;

    /// <summary>Steps done since <see cref="Start"/>.</summary>
    internal long StepCount => _done;

    /// <summary>Stops the worker threads (the partitions stay for the next run).</summary>
    internal void Stop()
    {
        _workers?.Dispose();
        _workers = null;
    }

    private long _done;
    private bool _scheduling;

    /// <summary>NEURON's finitialize, the check at t = 0 and the stimulus events of the whole run.</summary>
    private void Initialize()
    {
        var net = _net;
        var s = _state;
        _spikes.Clear();
        _resets.Clear();
        _ring.Clear();
        Array.Clear(s.Synapses);
        for (int i = 0; i < _n; i++)
        {
            s.V[i] = T.CreateTruncating(net.Vr[i]);
            s.U[i] = T.Zero;
            _above[i] = false;
            // Izhi's flag-1 self event at t = 0 arms the WATCH with v_init before v is set to vr.
            _watch[i] = Izhi2007b.WatchValue(net.Reset[i], net.VInit, 0, net.Vpeak[i]) >= -1e-11;
            s.Above[i] = T.Zero;
            s.Watch[i] = _watch[i] ? _allBits : T.Zero;
        }
        _traces.Reset();
        var part = _partitions[0];
        part.Spikes.Clear();
        part.Resets.Clear();
        for (int i = 0; i < _n; i++) CheckCell(part, i, 0);
        SampleAll(_beforeEnd[0]);
        // Each thread draws the stimulus events of its own cells.
        _scheduling = true;
        try
        {
            if (_workers is { } workers) workers.Run();
            else ScheduleSources(_partitions[0]);
        }
        finally
        {
            _scheduling = false;
        }
        EmitWindowSpikes(0, 0);
    }

    /// <summary>Generates every NetStim/VecStim event of the partition's sources and sorts them by delivery step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScheduleSources(Partition part)
    {
        var sources = _net.Sources;
        double end = _stepTime[_totalSteps];
        var counts = new long[_totalSteps + 2];
        var steps = new List<int>();
        var order = new List<int>();
        foreach (int s in part.Sources)
        {
            var src = sources[s];
            var times = _sourceTimes[s];
            times.Clear();
            var generator = src.IsNetStim ? new NetStimGenerator(src.Interval, src.Noise, src.Start, src.Number, src.Gid, src.Seed) : default;
            int cursor = 0;
            while (true)
            {
                double te;
                if (src.IsNetStim)
                {
                    te = generator.Peek;
                    if (!(te <= end)) break;
                    generator.Take();
                }
                else
                {
                    if (cursor >= src.Times.Length || !(src.Times[cursor] <= end)) break;
                    te = src.Times[cursor++];
                }
                times.Add(te);
                long step = DeliveryStep(te + src.Delay);
                if (step < _totalSteps)
                {
                    steps.Add((int)step);
                    order.Add(s);
                    counts[step + 1]++;
                }
            }
        }
        for (long k = 0; k <= _totalSteps; k++) counts[k + 1] += counts[k];
        var source = new int[steps.Count];
        var fill = (long[])counts.Clone();
        for (int e = 0; e < steps.Count; e++) source[fill[steps[e]]++] = order[e];
        part.SourceEventStart = counts;
        part.SourceEventSource = source;
    }

    /// <summary>The first step whose integration sees an event at <paramref name="te"/> (te &lt;= t_m + dt/2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long DeliveryStep(double te)
    {
        double half = 0.5 * _dt;
        long m = Math.Max(0, (long)(te / _dt) - 2);
        if (m >= _stepTime.Length) return long.MaxValue;
        while (m < _stepTime.Length && te > _stepTime[m] + half) m++;
        return m == _stepTime.Length ? long.MaxValue : m;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AdvanceWindow()
    {
        long start = _done;
        int length = (int)Math.Min(_window, _totalSteps - start);
        _done = start + length;
        _windowStart = start;
        _windowLength = length;
        if (_workers is { } workers) workers.Run();
        else ProcessWindow(0);

        double check = 0;
        foreach (var part in _partitions) check += part.Check;
        for (long k = start; k < start + length; k++) _ring.Release(k);
        EmitWindowSpikes(start + 1, length);
        if (!double.IsFinite(check)) ThrowDiverged(start + length);
    }

    /// <summary>One thread's share of a window: its cells, step by step, each step's events first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProcessWindow(int index)
    {
        if (_scheduling)
        {
            ScheduleSources(_partitions[index]);
            return;
        }
        var part = _partitions[index];
        part.Spikes.Clear();
        part.Resets.Clear();
        long start = _windowStart;
        int length = _windowLength;
        var sum = Vector256<T>.Zero;
        T dt = T.CreateTruncating(_dt);
        T halfDt = T.CreateTruncating(0.5 * _dt);
        for (int j = 0; j < length; j++)
        {
            long k = start + j;
            Deliver(part, k);
            // u advances by t - t0: half a step at the first step (t0 = 0 at finitialize), dt afterwards.
            T delta = k == 0 ? halfDt : dt;
            StepCells(part, k, delta, ref sum);
        }
        double check = 0;
        for (int l = 0; l < Vector256<T>.Count; l++) check += double.CreateTruncating(sum.GetElement(l));
        part.Check = check;
    }

    /// <summary>
    /// NET_RECEIVE of every event due at step <paramref name="k"/> whose target is one of the partition's cells:
    /// A and B of the target grow by w*factor. (The window's buckets are complete and only read here.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Deliver(Partition part, long k)
    {
        var synapses = _state.Synapses;
        int lanes = FastCellState<T>.Lanes;
        var start = part.DeliveryStart; var target = part.DeliveryTarget; var increment = part.DeliveryIncrement;
        var segmentIncrement = _segmentIncrement;
        foreach (int seg in _ring.Due(k))
        {
            if (increment.Length == 0)
            {
                // One weight for the whole segment (the common case): NET_RECEIVE adds the same w*factor everywhere.
                T inc = segmentIncrement[seg];
                for (int j = start[seg]; j < start[seg + 1]; j++)
                {
                    int at = target[j];
                    synapses[at] += inc;
                    synapses[at + lanes] += inc;
                }
            }
            else
            {
                for (int j = start[seg]; j < start[seg + 1]; j++)
                {
                    int at = target[j];
                    T inc = increment[j];
                    synapses[at] += inc;
                    synapses[at + lanes] += inc;
                }
            }
        }
        var sourceIndex = _sourceIndex; var sourceInc = _sourceIncrement; var sourceOf = part.SourceEventSource;
        for (long e = part.SourceEventStart[k]; e < part.SourceEventStart[k + 1]; e++)
        {
            int source = sourceOf[e];
            int at = sourceIndex[source];
            synapses[at] += sourceInc[source];
            synapses[at + lanes] += sourceInc[source];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepCells(Partition part, long k, T delta, ref Vector256<T> sum)
    {
        var s = _state;
        int chunk = FastSomaKernel<T>.ChunkCells;
        var flagged = part.Flagged.AsSpan();
        int pending = 0;
        for (int r = 0; r < part.RunFrom.Length; r++)
            pending += FastSomaKernel<T>.Step(_parameters, s, part.RunFrom[r], part.RunTo[r], part.RunUniform[r], delta, flagged[pending..], ref sum);
        foreach (int cell in part.ScalarCells) ScalarStep(cell, k, delta, ref sum);

        // Samples at t_{k+1} before the checks, then the checks (spikes and resets), then the samples that
        // NEURON takes after them (due in (t_{k+1}, t_{k+1} + dt/2]).
        if (part.Traces.Length > 0) SamplePartition(part, _beforeEnd[k], _afterEnd[k]);
        var changed = part.Changed.AsSpan();
        for (int f = 0, r = 0; f < pending; f++)
        {
            // Chunks come in run order; a chunk ends at the end of its run.
            while (part.RunTo[r] <= flagged[f]) r++;
            int end = Math.Min(flagged[f] + chunk, part.RunTo[r]);
            int count = FastSomaKernel<T>.ChangedCells(_parameters, s, flagged[f], end, changed);
            for (int c = 0; c < count; c++) CheckCell(part, changed[c], k + 1);
        }
        foreach (int cell in part.ScalarCells) CheckCell(part, cell, k + 1);
        if (part.Traces.Length > 0) SamplePartition(part, _afterEnd[k], _beforeEnd[k + 1]);
    }

    /// <summary>NetCon threshold and Izhi WATCH of one cell at state(t_step); spikes and resets go to the partition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckCell(Partition part, int i, long step)
    {
        var net = _net;
        var s = _state;
        T v = s.V[i];
        bool above = v > _parameters.Threshold[i];
        if (above && !_above[i]) part.Spikes.Add(step, i);
        _above[i] = above;
        T u = s.U[i];
        bool watch = v - (_parameters.Vpeak[i] + _parameters.WatchSlope[i] * u) > T.Zero;
        if (watch && !_watch[i])
        {
            Reset(i);
            if (net.Alive[i] != 0) part.Resets.Add(step, i);
        }
        _watch[i] = watch;
        s.Above[i] = above ? _allBits : T.Zero;
        s.Watch[i] = watch ? _allBits : T.Zero;
    }

    /// <summary>Izhi2007b NET_RECEIVE flag 2: the reset of each cell type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Reset(int i)
    {
        var net = _net;
        var s = _state;
        T u = s.U[i];
        T c = T.CreateTruncating(net.ResetC[i]);
        T d = T.CreateTruncating(net.D[i]);
        switch (net.Reset[i])
        {
            case ResetKind.LowThreshold:
                s.V[i] = c + T.CreateTruncating(0.04) * u;
                s.U[i] = u + d < T.CreateTruncating(670) ? u + d : T.CreateTruncating(670);
                break;
            case ResetKind.FastSpiking:
                s.V[i] = c;
                break;
            case ResetKind.Thalamocortical:
                s.V[i] = c - T.CreateTruncating(0.1) * u;
                s.U[i] = u + d;
                break;
            default:
                s.V[i] = c;
                s.U[i] = u + d;
                break;
        }
    }

    /// <summary>
    /// The closed-form step for one cell of any recovery kind, with its IClamps (cells the vector kernel does
    /// not take: other cell types, electrodes, a partial vector).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScalarStep(int i, long k, T delta, ref Vector256<T> sum)
    {
        var net = _net;
        var p = _parameters;
        var s = _state;
        T v = s.V[i], u = s.U[i];
        T gSum = T.Zero, gE = T.Zero;
        for (int kind = 0; kind < p.KindE.Length; kind++)
        {
            int at = s.IndexOfA(kind, i);
            T a = s.Synapses[at], b = s.Synapses[at + FastCellState<T>.Lanes];
            T g = b - a;
            gSum += g;
            gE += g * p.KindE[kind];
            s.Synapses[at] = a * p.KeepA[kind];
            s.Synapses[at + FastCellState<T>.Lanes] = b * p.KeepB[kind];
        }
        T clamp = T.Zero;
        double tmid = _stepTime[k] + 0.5 * _dt;
        for (int j = net.ClampStart[i]; j < net.ClampStart[i + 1]; j++)
        {
            if (tmid < net.ClampEnd[j] && tmid >= net.ClampDelay[j]) clamp += T.CreateTruncating(net.ClampAmp[j]);
        }

        T vp = v + T.CreateTruncating(0.001);
        T da = delta * p.A[i];
        T vr = p.Vr[i];
        switch (net.Recovery[i])
        {
            case RecoveryKind.Linear:
                u += da * (p.B[i] * (vp - vr) - u);
                break;
            case RecoveryKind.FastSpiking:
                {
                    T vb = T.CreateTruncating(net.D[i]);
                    T x = vp - vb;
                    u += vp < vb ? da * -u : da * (T.CreateTruncating(0.025) * x * x * x - u);
                    break;
                }
            case RecoveryKind.Thalamocortical:
                u += da * ((vp > T.CreateTruncating(-65) ? T.Zero : T.CreateTruncating(15)) * (vp - vr) - u);
                break;
            case RecoveryKind.Reticular:
                u += da * ((vp > T.CreateTruncating(-65) ? T.CreateTruncating(2) : T.CreateTruncating(10)) * (vp - vr) - u);
                break;
        }
        T sc = p.Scale[i];
        T rhs = p.KP[i] * (v - vr) * (v - p.Vt[i]) + p.PIin[i] - p.P[i] * u - sc * (v * gSum - gE) + sc * clamp;
        T diag = p.Cap[i] - p.KP[i] * (T.CreateTruncating(2) * v + p.SlopeOffset[i]) + sc * gSum;
        v += rhs / diag;
        s.V[i] = v;
        s.U[i] = u;
        sum = sum.WithElement(0, sum.GetElement(0) + v + u);
    }

    /// <summary>Samples [from, to) of the traces of every cell (at initialization).</summary>
    private void SampleAll(int to)
    {
        foreach (var part in _partitions) SamplePartition(part, 0, to);
    }

    private void SamplePartition(Partition part, int from, int to)
    {
        if (from >= to) return;
        var s = _state;
        foreach (int t in part.Traces)
        {
            var (gid, variable, kind) = _traces.Describe(t);
            double value = variable switch
            {
                RecordVariable.V => double.CreateTruncating(s.V[gid]),
                RecordVariable.U => double.CreateTruncating(s.U[gid]),
                _ => double.CreateTruncating(s.Synapses[s.IndexOfA(kind, gid) + FastCellState<T>.Lanes] - s.Synapses[s.IndexOfA(kind, gid)]),
            };
            var values = _traces.ValuesOf(t);
            for (int sample = from; sample < to; sample++) values[sample] = value;
        }
    }

    private int SamplesUpTo(long steps) => steps == 0 ? _beforeEnd[0] : _afterEnd[steps - 1];

    /// <summary>
    /// Records the spikes and resets the partitions found at steps [first, first + count] in (step, gid) order, as
    /// one thread would, and queues each spike's deliveries. Every delivery falls after the current window.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitWindowSpikes(long first, int count)
    {
        // The window that starts at first + count - 1 has not sorted its events yet: deliveries may start there.
        long windowEnd = first + count - 1;
        int n = SortByStepAndGid(first, part => part.Spikes);
        for (int e = 0; e < n; e++)
        {
            long step = first + _sortKeys[e] / _n;
            int gid = (int)(_sortKeys[e] % _n);
            double time = _stepTime[step] + SpikeStampOffset;
            _spikes.Add(time, gid);
            for (int seg = _net.OutSegmentStart[gid]; seg < _net.OutSegmentStart[gid + 1]; seg++)
            {
                long due = DeliveryStep(time + _net.SegmentDelay[seg]);
                if (due >= _totalSteps) continue;
                if (due < windowEnd) throw new InvalidOperationException($"A spike at step {step} would be delivered at step {due}, inside its own window.");
                _ring.Add(due, seg);
            }
        }
        n = SortByStepAndGid(first, part => part.Resets);
        for (int e = 0; e < n; e++) _resets.Add(_stepTime[first + _sortKeys[e] / _n], (int)(_sortKeys[e] % _n));
        foreach (var part in _partitions)
        {
            part.Spikes.Clear();
            part.Resets.Clear();
        }
    }

    /// <summary>The partitions' events from step <paramref name="first"/> on as sorted (step - first) * N + gid keys.</summary>
    private int SortByStepAndGid(long first, Func<Partition, StepEventList> events)
    {
        int total = 0;
        foreach (var part in _partitions) total += events(part).Count;
        if (_sortKeys.Length < total) _sortKeys = new long[Math.Max(2 * _sortKeys.Length, total)];
        int n = 0;
        foreach (var part in _partitions)
        {
            var list = events(part);
            for (int e = 0; e < list.Count; e++) _sortKeys[n++] = (list.StepAt(e) - first) * _n + list.GidAt(e);
        }
        Array.Sort(_sortKeys, 0, n);
        return n;
    }

    private long[] _sortKeys = new long[4096];

    private void ThrowDiverged(long step)
    {
        double time = _stepTime[step];
        for (int i = 0; i < _n; i++)
        {
            if (!T.IsFinite(_state.V[i])) throw new SimulationDivergedException(i, "v", time);
            if (!T.IsFinite(_state.U[i])) throw new SimulationDivergedException(i, "u", time);
        }
        throw new SimulationDivergedException(0, "v", time);
    }

    private SimulationResult Collect(double runTime, long steps, bool partial) =>
        RunResults.Collect(_network, _sourceTimes, _stepTime[steps], _spikes, _resets, _traces, _setrecordTime, runTime, partial,
            typeof(T) == typeof(float) ? SimulationPrecision.Single : SimulationPrecision.Fast);
}
