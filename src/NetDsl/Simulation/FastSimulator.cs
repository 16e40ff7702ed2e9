using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NetDsl.Concurrency;
using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Kernels.Fast;
using NetDsl.Kernels.Membrane;
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
internal sealed partial class FastSimulator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const double SpikeStampOffset = 1e-10;
    /// <summary>Partitions start at multiples of this many cells (whole chunks of the vector kernel).</summary>
    private const int Alignment = 64;
    private const int MaxWindow = 256;

    private readonly Network _network;
    private readonly CompiledNetwork _net;
    // The cells this engine advances (indices into the per-cell arrays; one rank's share in a distributed run),
    // the gid of cell 0, and every cell of the network (spikes are keyed by gid).
    private readonly int _cells;
    private readonly int _firstGid;
    private readonly int _gids;
    private readonly double _dt;
    private readonly double _inverseDt;
    private readonly long _totalSteps;
    private readonly int _window;
    private readonly double[] _stepTime;

    private readonly FastCellParameters<T> _parameters;
    /// <summary>Per cell, what its reset reads, in one place: a reset is a random access, one cache line instead of four.</summary>
    private readonly CellReset[] _cellResets;
    private readonly FastCellState<T> _state;
    // Density mechanisms' states, and per-gid scratch (v, rhs, diag in double) for the cells made of them.
    private readonly DensityState?[] _densityStates;
    private readonly double[] _membraneV, _membraneRhs, _membraneDiag;
    // Per trace: the per-gid values of the mechanism state it records (m, h, n), or null.
    private readonly double[]?[] _traceStates;
    private readonly SynapseEpochs<T> _epochs;
    // The soma kernel's vector width, chosen when the run starts (RunOptions.VectorWidth, VectorWidths.Resolve).
    private VectorWidth _width = VectorWidth.W256;

    /// <summary>The vector width the soma kernel runs at (known once <see cref="Run"/> started).</summary>
    internal VectorWidth Width => _width;

    // Synapse slot (the network's numbering) to its cell and to the index of its A in the state (B follows a
    // vector later); the same for each stimulus source.
    private readonly int[] _slotCell, _slotIndex;
    private readonly int[] _sourceCell, _sourceIndex;
    private readonly T[] _sourceIncrement;
    // What NET_RECEIVE adds to A and B per spike segment (when the network stores one increment per segment).
    private readonly T[] _segmentIncrement;

    private readonly EventRing _ring;
    // Pair-based STDP connections (null when none is plastic): their own per-thread arrivals, not the segments.
    private readonly FastPlasticity? _plastic;
    // Every stimulus event time of the run, per source (for the result).
    private readonly List<double>[] _sourceTimes;
    // Spike-generator cells: every spike time of the run per train (for the result), and the connection segments
    // their spikes reach, by delivery step: [TrainDeliveryStart[k], TrainDeliveryStart[k + 1]) of TrainDeliverySegment.
    private readonly List<double>[] _trainTimes;
    private int[] _trainDeliveryStart = [0];
    private int[] _trainDeliverySegment = [];

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

    // A distributed run: the exchange that shares each window's spikes.
    private readonly Distributed.SpikeExchange? _exchange;

    internal FastSimulator(Network network) : this(network, null) { }

    internal FastSimulator(Network network, Distributed.SpikeExchange? exchange)
    {
        if (!FastSomaKernel<T>.IsSupported) throw new PlatformNotSupportedException("The fast engine needs 256-bit vector hardware.");
        _network = network;
        _net = network.Compiled;
        _cells = _net.CellCount;
        _firstGid = _net.FirstGid;
        _gids = _net.GidCount;
        if (exchange is null && _cells != _gids) throw new ArgumentException("One rank's share of a network runs with its spike exchange.", nameof(exchange));
        _exchange = exchange;
        _dt = _net.Dt;
        _inverseDt = 1.0 / _dt;
        var settings = network.Definition.Simulation;
        _totalSteps = TimeGrid.StepsFor(settings.Duration, _dt);
        int slots = _net.SlotKind.Length;
        _slotCell = new int[slots];
        _slotIndex = new int[slots];
        int kinds = _net.KindE.Length;
        // Synapse values grouped for the widest vectors here: a run at another width reads them at 256 bits.
        _state = new FastCellState<T>(_cells, kinds, FastCellState<T>.GroupLanesFor(VectorWidths.Resolve(VectorWidth.Auto)));
        for (int cell = 0; cell < _cells; cell++)
        {
            for (int s = _net.CellSlotStart[cell]; s < _net.CellSlotStart[cell + 1]; s++)
            {
                _slotCell[s] = cell;
                _slotIndex[s] = _state.IndexOfA(_net.SlotKind[s], cell);
                // Delivery adds to these A and B values without bounds checks (AddToTargets).
                if ((uint)_slotIndex[s] >= (uint)(_state.Synapses.Length - _state.GroupLanes))
                    throw new InvalidOperationException($"Synapse slot {s} lies outside the state.");
            }
        }
        if (!FastPlasticity.Supports(_net.Plasticity))
            throw new NotSupportedException("The fast engine runs pair-based STDP only; NetPyNE's STDP runs in the exact engine (FastRun falls back to it).");
        if (_net.Plasticity is not null) _plastic = new FastPlasticity(network, _slotIndex, _totalSteps * _dt, _dt);
        double minDelay = _plastic?.MinDelay ?? double.PositiveInfinity;
        _window = exchange is null ? WindowFor(_net, minDelay) : exchange.AgreeOnWindow(WindowFor(_net, minDelay));
        NetDsl.Construction.ResourceGuard.CheckStepTables(_totalSteps);
        int maxDelaySteps = (int)Math.Ceiling(Math.Max(_net.MaxDelay, _plastic?.MaxDelay ?? 0) / _dt) + 4;
        _stepTime = TimeGrid.Times(_totalSteps + maxDelaySteps + _window + 4, _dt);

        _parameters = FastCellParameters<T>.From(_net);
        _cellResets = new CellReset[_cells];
        for (int i = 0; i < _cells; i++)
            _cellResets[i] = new CellReset(T.CreateTruncating(_net.ResetC[i]), T.CreateTruncating(_net.D[i]), _net.Reset[i], _net.Alive[i] != 0);
        _densityStates = _net.Mechanisms?.CreateStates(_cells) ?? [];
        int membraneCells = _net.Mechanisms is null ? 0 : _cells;
        _membraneV = new double[membraneCells]; _membraneRhs = new double[membraneCells]; _membraneDiag = new double[membraneCells];
        _epochs = new SynapseEpochs<T>(_net, _state.KindStride);

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
        _trainTimes = new List<double>[_net.SpikeTrains.Length];
        _trainSent = new int[_net.SpikeTrains.Length];
        for (int s = 0; s < _trainTimes.Length; s++) _trainTimes[s] = [];

        var clock = Stopwatch.StartNew();
        _traces = TraceSet.Create(network, _stepTime[_totalSteps]);
        _setrecordTime = clock.Elapsed.TotalSeconds;
        _traceStates = new double[]?[_traces.TraceCount];
        for (int t = 0; t < _traceStates.Length; t++)
        {
            if (TraceSet.StateName(_traces.Describe(t).Variable) is { } state) _traceStates[t] = DensityMechanisms.Recordable(_densityStates, state);
        }
        (_beforeEnd, _afterEnd) = SampleSchedule(_traces.SampleTimes, _stepTime, _totalSteps, _dt);

        // About 8 per cell simulated here (see the field): a rank records every rank's spikes too, growing only if a run brings that many.
        int capacity = (int)Math.Min(1 << 24, 1024 + 8L * _cells);
        _spikes = new EventLog(capacity);
        _resets = new EventLog(capacity);
        // Partitions (and their delivery tables) are made by Start, for the thread count of the run.
        _partitionWork = ProcessWindow;
        _drawAhead = DrawAhead;
    }

    private readonly Func<bool> _drawAhead;
    // Set once every partition's stimulus chunks exist (the workers' hand-off at the end of Initialize publishes them).
    private volatile bool _drawingAhead;

    /// <summary>Sources whose events a waiting thread draws at a time (some 50 microseconds): it looks for its next window after each.</summary>
    private const int DrawAheadSources = 128;

    /// <summary>
    /// A waiting thread's work: a few sources of some partition's next stimulus chunk, which its owner would
    /// otherwise draw itself when the chunk is due (<see cref="StimulusChunks.TryDrawAhead"/>); false when none is left.
    /// </summary>
    private bool DrawAhead()
    {
        if (!_drawingAhead) return false;
        foreach (var part in _partitions)
        {
            if (part.Stimuli!.TryDrawAhead(DrawAheadSources)) return true;
        }
        return false;
    }

    /// <summary>
    /// Steps per window: a spike stamped at step k with delay d is delivered at the first step m with
    /// t_k + 1e-10 + d &lt;= t_m + dt/2, so m - k &gt;= round(d/dt) - 1 whatever the rounding of the grid times;
    /// a window of that many steps never receives its own spikes.
    /// </summary>
    /// <param name="minDelay">The shortest delay of the connections that have no segments (plastic ones).</param>
    private static int WindowFor(CompiledNetwork net, double minDelay)
    {
        foreach (double d in net.SegmentDelay) minDelay = Math.Min(minDelay, d);
        if (double.IsPositiveInfinity(minDelay)) return MaxWindow;
        long lag = (long)Math.Floor(minDelay / net.Dt + 0.5) - 1;
        return (int)Math.Clamp(lag, 1, MaxWindow);
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

    private void SetThreads(int threads)
    {
        threads = Math.Clamp(threads, 1, Math.Min(byte.MaxValue, Math.Max(1, _cells / Alignment)));
        if (_partitions.Length != threads) _partitions = CreatePartitions(threads);
        if ((_workers?.Threads ?? 1) == _partitions.Length) return;
        _workers?.Dispose();
        _workers = _partitions.Length > 1 ? new StepWorkers(_partitions.Length, _partitions.Length, _partitionWork, _drawAhead) : null;
    }

    /// <summary>Steps a window holds (the shortest synaptic delay in steps, at most 256).</summary>
    internal int WindowSteps => _window;

    public SimulationResult Run(RunOptions options)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            _width = VectorWidths.Resolve(options.VectorWidth);
            Start(options.Threads);
            var lastProgress = TimeSpan.Zero;
            double duration = _network.Definition.Simulation.Duration;
            bool partial = false;
            while (_done < _totalSteps)
            {
                // Ranks stop together: a request travels with the next exchange, and every rank stops after that window.
                if (_exchange is { } exchange ? exchange.StopAgreed : options.Cancellation.IsCancellationRequested)
                {
                    partial = true;
                    break;
                }
                if (_exchange is not null) _exchange.StopRequested = options.Cancellation.IsCancellationRequested;
                AdvanceWindow();
                if (options.Progress is { } progress && clock.Elapsed - lastProgress >= options.ProgressInterval)
                {
                    lastProgress = clock.Elapsed;
                    progress(new RunProgress(_stepTime[_done], duration, clock.Elapsed.TotalSeconds));
                }
            }
            _traces.SetSampleCount(SamplesUpTo(_done));
            double runTime = clock.Elapsed.TotalSeconds;
            var load = _workers?.Load();
            // No thread draws ahead any more: the stimulus records are read.
            Stop();
            return Collect(runTime, _done, partial, load);
        }
        finally
        {
            Stop();
        }
    }

    /// <summary>Starts the worker threads and initializes (finitialize, the stimulus streams).</summary>
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
        _drawingAhead = false;
        _workers?.Dispose();
        _workers = null;
    }

    private long _done;
    private bool _startingSources;

    /// <summary>NEURON's finitialize, the check at t = 0 and the start of the stimulus streams.</summary>
    private void Initialize()
    {
        var net = _net;
        var s = _state;
        _drawingAhead = false;
        _spikes.Clear();
        _resets.Clear();
        _ring.Clear();
        s.Synapses.Clear();
        for (int i = 0; i < _cells; i++)
        {
            s.U[i] = T.Zero;
            if (net.Model[i] == CellModel.SpikeGenerator)
            {
                // Never integrated, never above threshold: its spikes are its train's.
                s.V[i] = T.CreateTruncating(net.VInit);
                s.SetConditions(i, above: false, watch: false);
                continue;
            }
            if (net.Model[i] == CellModel.Membrane)
            {
                // Density cells start at v_init, with no WATCH.
                s.V[i] = T.CreateTruncating(net.VInit);
                s.SetConditions(i, above: false, watch: false);
                _membraneV[i] = net.VInit;
                continue;
            }
            // Izhi's flag-1 self event at t = 0 arms the WATCH with v_init, then sets v to vr.
            s.V[i] = T.CreateTruncating(net.Vr[i]);
            s.SetConditions(i, above: false, watch: Izhi2007b.WatchValue(net.Reset[i], net.VInit, 0, net.Vpeak[i]) >= -1e-11);
        }
        // The density mechanisms' INITIAL blocks, at v_init, partition by partition.
        if (net.Mechanisms is { } mechanisms)
        {
            foreach (var range in _partitions)
            {
                for (int m = 0; m < mechanisms.All.Length; m++) mechanisms.All[m].Initialize(_densityStates[m], range.MechanismCells[m], _membraneV);
            }
        }
        _traces.Reset();
        var part = _partitions[0];
        part.Spikes.Clear();
        part.Resets.Clear();
        for (int i = 0; i < _cells; i++) CheckCell(part, i, 0);
        if (_plastic is { } plastic)
        {
            plastic.Initialize();
            foreach (var range in _partitions) range.Plastic!.Clear();
            // Spikes at t = 0 count for their cells' plastic connections at step 0.
            for (int e = 0; e < part.Spikes.Count; e++)
            {
                int gid = part.Spikes.GidAt(e);
                if (plastic.HasIncoming(gid)) PartitionOf(gid).Plastic!.AddPending(gid);
            }
        }
        SampleAll(_beforeEnd[0], _epochs.Decay(0));
        // Each thread starts the stimulus streams of its own cells.
        _exchange?.Start();
        _startingSources = true;
        try
        {
            if (_workers is { } workers) workers.Run();
            else StartSources(_partitions[0]);
        }
        finally
        {
            _startingSources = false;
        }
        _drawingAhead = true;
        ScheduleGeneratorSpikes();
        Array.Clear(_trainSent);
        EmitWindowSpikes(0, 0);
    }

    /// <summary>The first step whose integration sees an event at <paramref name="te"/> (<see cref="TimeGrid.DeliveryStep"/>).</summary>
    private long DeliveryStep(double te) => TimeGrid.DeliveryStepFromTable(te, _stepTime, _dt, _inverseDt);

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
        if (_startingSources)
        {
            StartSources(_partitions[index]);
            return;
        }
        var part = _partitions[index];
        part.Spikes.Clear();
        part.Resets.Clear();
        if (part.Plastic is { } share) share.SpikesRead = 0;
        long start = _windowStart;
        int length = _windowLength;
        T dt = T.CreateTruncating(_dt);
        T halfDt = T.CreateTruncating(0.5 * _dt);
        int epoch = _epochs.Steps;
        for (int j = 0; j < length; j++)
        {
            long k = start + j;
            // Synapse values are stored relative to the start of the epoch (SynapseEpochs): a new one starts here.
            int epochStep = (int)(k % epoch);
            if (epochStep == 0 && k > 0) FastSomaKernel<T>.Rescale(_state, part.From, part.To, _epochs.Decay(epoch));
            Deliver(part, k, _epochs.Growth(epochStep));
            if (part.Plastic is { } plastic)
            {
                double tk = _stepTime[k];
                _plastic!.Step(plastic, k, tk, tk + SpikeStampOffset, _state.Synapses.AsSpan(), _epochs.Growth(epochStep),
                    _state.GroupLanes, _state.KindShift, _state.KindStride - 1);
            }
            // u advances by t - t0: half a step at the first step (t0 = 0 at finitialize), dt afterwards.
            T delta = k == 0 ? halfDt : dt;
            StepCells(part, k, delta, epochStep);
            if (part.Plastic is { } pending) NotePlasticSpikes(part, pending);
        }
        // A state that diverged stays NaN or infinite: one pass over the partition's v and u per window finds it.
        part.Check = FastSomaKernel<T>.SumOfStates(_state, part.From, part.To);
    }

    /// <summary>
    /// NET_RECEIVE of every event due at step <paramref name="k"/> whose target is one of the partition's cells:
    /// A and B of the target grow by w*factor, stored as w*factor times the kind's <paramref name="growth"/> at this
    /// step of the epoch. (The window's buckets are complete and only read here.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Deliver(Partition part, long k, ReadOnlySpan<T> growth)
    {
        var synapses = _state.Synapses;
        int toB = _state.GroupLanes; // from a synapse's A value to its B value
        int shift = _state.KindShift, mask = _state.KindStride - 1;
        DeliverSegments(part, _ring.Due(k), growth);
        if (_trainDeliverySegment.Length > 0)
            DeliverSegments(part, _trainDeliverySegment.AsSpan(_trainDeliveryStart[k], _trainDeliveryStart[k + 1] - _trainDeliveryStart[k]), growth);
        var sourceInc = _sourceIncrement;
        var stimuli = part.Stimuli!;
        if (k == stimuli.End) stimuli.Advance(k);
        var sourceOf = stimuli.Source; var targetOf = stimuli.Target; var eventStart = stimuli.Start;
        int local = (int)(k - stimuli.First);
        for (int e = eventStart[local]; e < eventStart[local + 1]; e++)
        {
            int source = sourceOf[e];
            int at = targetOf[e];
            int kind = (at >> shift) & mask;
            synapses[at] += sourceInc[source] * growth[2 * kind];
            synapses[at + toB] += sourceInc[source] * growth[2 * kind + 1];
        }
    }

    /// <summary>NET_RECEIVE of the partition's synapses of each spike segment in <paramref name="due"/>, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DeliverSegments(Partition part, ReadOnlySpan<int> due, ReadOnlySpan<T> growth)
    {
        var synapses = _state.Synapses;
        int toB = _state.GroupLanes; // from a synapse's A value to its B value
        int shift = _state.KindShift, mask = _state.KindStride - 1;
        var start = part.DeliveryStart; var target = part.DeliveryTarget; var increment = part.DeliveryIncrement;
        var segmentKind = part.DeliveryKind;
        var segmentIncrement = _segmentIncrement;
        bool perSynapse = increment.Length > 0;
        for (int d = 0; d < due.Length; d++)
        {
            int seg = due[d];
            // The next spike's connection row is somewhere else in memory: ask for it now, while this row is delivered,
            // and for where the row after it starts, its kind and its weight.
            if (d + 2 < due.Length)
            {
                int later = due[d + 2];
                PrefetchValue(start, later);
                PrefetchValue(segmentKind, later);
                if (!perSynapse) PrefetchValue(segmentIncrement, later);
            }
            if (d + 1 < due.Length) PrefetchRow(target, start[due[d + 1]], start[due[d + 1] + 1]);
            // One weight for the whole segment (the common case: NET_RECEIVE adds the same w*factor everywhere), or
            // one per synapse when weights are drawn per connection.
            T segmentInc = perSynapse ? T.Zero : segmentIncrement[seg];
            int end = start[seg + 1];
            int sharedKind = segmentKind[seg];
            if (!perSynapse && sharedKind >= 0)
            {
                // One kind too: the segment's two increments once, the same products as per synapse.
                T incrementA = segmentInc * growth[2 * sharedKind], incrementB = segmentInc * growth[2 * sharedKind + 1];
                AddToTargets(synapses, target, start[seg], end, toB, incrementA, incrementB);
                continue;
            }
            for (int j = start[seg]; j < end; j++)
            {
                if (j + PrefetchAhead < end) PrefetchSynapse(synapses, target[j + PrefetchAhead], toB);
                int at = target[j];
                int kind = (at >> shift) & mask;
                T inc = perSynapse ? increment[j] : segmentInc;
                synapses[at] += inc * growth[2 * kind];
                synapses[at + toB] += inc * growth[2 * kind + 1];
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="incrementA"/> to the A value at each of <paramref name="target"/>[from, to) and
    /// <paramref name="incrementB"/> to its B value, in order, requesting the values <see cref="PrefetchAhead"/>
    /// targets ahead. The targets are the partition's delivery table: indices of synapse slots, each checked against
    /// the state when the engine was made, so the loop goes without bounds checks (four instructions less per event).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddToTargets(AlignedArray<T> synapses, int[] target, int from, int to, int toB, T incrementA, T incrementB)
    {
        if ((uint)from > (uint)to || (uint)to > (uint)target.Length) throw new ArgumentOutOfRangeException(nameof(to));
        ref T values = ref synapses.Reference;
        ref int targets = ref MemoryMarshal.GetArrayDataReference(target);
        int j = from;
        for (; j < to - PrefetchAhead; j++)
        {
            PrefetchSynapse(ref values, Unsafe.Add(ref targets, j + PrefetchAhead), toB);
            ref T a = ref Unsafe.Add(ref values, Unsafe.Add(ref targets, j));
            a += incrementA;
            Unsafe.Add(ref a, toB) += incrementB;
        }
        for (; j < to; j++)
        {
            ref T a = ref Unsafe.Add(ref values, Unsafe.Add(ref targets, j));
            a += incrementA;
            Unsafe.Add(ref a, toB) += incrementB;
        }
    }

    /// <summary>
    /// Draws every spike of the spike-generator cells for the whole run (their trains do not depend on the network)
    /// and sorts the connection segments they reach by delivery step, which every partition reads for its own cells.
    /// </summary>
    private void ScheduleGeneratorSpikes()
    {
        var trains = _net.SpikeTrains;
        if (trains.Length == 0) return;
        double end = _stepTime[_totalSteps];
        var steps = new List<long>(); var segments = new List<int>();
        for (int s = 0; s < trains.Length; s++)
        {
            var stream = new StimulusEvents(trains[s]);
            int gid = trains[s].Gid;
            _trainTimes[s].Clear();
            while (stream.TryTake(end, out double te))
            {
                _trainTimes[s].Add(te);
                for (int seg = _net.OutSegmentStart[gid]; seg < _net.OutSegmentStart[gid + 1]; seg++)
                {
                    long due = DeliveryStep(te + _net.SegmentDelay[seg]);
                    if (due >= _totalSteps) continue;
                    steps.Add(due);
                    segments.Add(seg);
                }
            }
        }
        var start = new int[_totalSteps + 1];
        foreach (long step in steps) start[step + 1]++;
        for (long k = 0; k < _totalSteps; k++) start[k + 1] += start[k];
        var ordered = new int[segments.Count];
        var fill = (int[])start.Clone();
        for (int e = 0; e < segments.Count; e++) ordered[fill[steps[e]]++] = segments[e];
        _trainDeliveryStart = start;
        _trainDeliverySegment = ordered;
    }

    /// <summary>
    /// Events ahead whose synapse values are requested before they are updated: a spike's targets are scattered over
    /// the state, which no longer fits the core's caches from about 10 000 cells on.
    /// </summary>
    private const int PrefetchAhead = 16;

    /// <summary>Requests the cache lines of <paramref name="row"/>[from, to) (at most 16 lines, 1 KiB of targets).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchRow(int[] row, int from, int to)
    {
        if (!Sse.IsSupported || from >= to) return;
        ref int first = ref MemoryMarshal.GetArrayDataReference(row);
        int end = Math.Min(to, from + 16 * 16);
        for (int i = from; i < end; i += 16) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref first, i)));
    }

    /// <summary>Requests the cache line of <paramref name="values"/>[<paramref name="index"/>] (a hint: it never faults).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchValue<TValue>(TValue[] values, int index) where TValue : unmanaged
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), index)));
    }

    /// <summary>Requests the A and B values of the synapse at <paramref name="at"/>: one cache line each in a 512-bit grouping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchSynapse(AlignedArray<T> synapses, int at, int toB) => PrefetchSynapse(ref synapses.Reference, at, toB);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchSynapse(ref T values, int at, int toB)
    {
        if (!Sse.IsSupported) return;
        ref T a = ref Unsafe.Add(ref values, at);
        Sse.Prefetch0(Unsafe.AsPointer(ref a));
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref a, toB)));
    }

    /// <summary>Spikes ahead whose segment delays (and, twice as far, segment ranges) are requested before they are read.</summary>
    private const int SpikesAhead = 8;

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
        var found = SortByStepAndGid(first, part => part.Spikes);
        // Distributed: every rank's spikes of the window, in the same (step, gid) order.
        ReadOnlySpan<long> keys = _exchange is { } exchange ? exchange.Exchange(found) : found;
        var outSegmentStart = _net.OutSegmentStart; var segmentDelay = _net.SegmentDelay;
        for (int e = 0; e < keys.Length; e++)
        {
            // The spiking cells' segment tables lie scattered over the network's: ask for them a few spikes ahead.
            if (e + 2 * SpikesAhead < keys.Length) PrefetchValue(outSegmentStart, GidOf(keys[e + 2 * SpikesAhead]));
            if (e + SpikesAhead < keys.Length) PrefetchValue(segmentDelay, outSegmentStart[GidOf(keys[e + SpikesAhead])]);
            long step = first + StepOf(keys[e]);
            int gid = GidOf(keys[e]);
            double time = _stepTime[step] + SpikeStampOffset;
            _spikes.Add(time, gid);
            _plastic?.Send(gid, time, _stepTime, _dt, _totalSteps);
            for (int seg = outSegmentStart[gid]; seg < outSegmentStart[gid + 1]; seg++)
            {
                long due = DeliveryStep(time + segmentDelay[seg]);
                if (due >= _totalSteps) continue;
                if (due < windowEnd) throw new InvalidOperationException($"A spike at step {step} would be delivered at step {due}, inside its own window.");
                _ring.Add(due, seg);
            }
        }
        // Spike-generator cells' spikes reach their plastic connections a window ahead (all are known from the start).
        if (_plastic is not null && _trainTimes.Length > 0) SendTrainSpikes(_stepTime[Math.Min(Math.Max(windowEnd, 0) + _window, _totalSteps)]);
        var resets = SortByStepAndGid(first, part => part.Resets);
        for (int e = 0; e < resets.Length; e++) _resets.Add(_stepTime[first + StepOf(resets[e])], GidOf(resets[e]));
        foreach (var part in _partitions)
        {
            part.Spikes.Clear();
            part.Resets.Clear();
        }
    }

    /// <summary>
    /// A window's event as one sortable key: its step (from the window's first) in the high 32 bits, its gid in the
    /// low ones, so that keys sort by step and then gid, and both come back with a shift and a mask. Every rank of a
    /// distributed run keys its spikes this way (the exchange merges them by key).
    /// </summary>
    private const int StepShift = 32;

    private static long StepOf(long key) => key >> StepShift;

    private static int GidOf(long key) => (int)(uint)key;

    /// <summary>The partitions' events from step <paramref name="first"/> on as sorted keys (<see cref="StepShift"/>).</summary>
    private ReadOnlySpan<long> SortByStepAndGid(long first, Func<Partition, StepEventList> events)
    {
        int total = 0;
        foreach (var part in _partitions) total += events(part).Count;
        if (_sortKeys.Length < total)
        {
            _sortKeys = new long[Math.Max(2 * _sortKeys.Length, total)];
            _mergedKeys = new long[_sortKeys.Length];
        }
        int n = 0;
        for (int p = 0; p < _partitions.Length; p++)
        {
            _runStart[p] = n;
            var list = events(_partitions[p]);
            for (int e = 0; e < list.Count; e++) _sortKeys[n++] = (list.StepAt(e) - first) << StepShift | (uint)(_firstGid + list.GidAt(e));
        }
        _runStart[_partitions.Length] = n;
        return StepKeyOrder.Sort(_sortKeys, _runStart.AsSpan(0, _partitions.Length + 1), 1L << StepShift, _mergedKeys);
    }

    private long[] _sortKeys = new long[4096];
    private long[] _mergedKeys = new long[4096];
    private int[] _runStart = new int[byte.MaxValue + 2];

    /// <summary>The spikes the partition's last step found, of cells with plastic connections: counted at the next step.</summary>
    private void NotePlasticSpikes(Partition part, FastPlasticity.Share share)
    {
        var spikes = part.Spikes;
        for (int e = share.SpikesRead; e < spikes.Count; e++)
        {
            int gid = spikes.GidAt(e);
            if (_plastic!.HasIncoming(gid)) share.AddPending(gid);
        }
        share.SpikesRead = spikes.Count;
    }

    // Per spike train: how many of its spikes have been sent to its plastic connections.
    private readonly int[] _trainSent;

    /// <summary>
    /// Sends the spike-generator spikes up to <paramref name="upTo"/> (the end of the next window) to their plastic
    /// connections: an arrival is due at least a shortest delay after its spike, so never before the next window.
    /// </summary>
    private void SendTrainSpikes(double upTo)
    {
        var trains = _net.SpikeTrains;
        for (int s = 0; s < trains.Length; s++)
        {
            var times = _trainTimes[s];
            while (_trainSent[s] < times.Count && times[_trainSent[s]] <= upTo) _plastic!.Send(trains[s].Gid, times[_trainSent[s]++], _stepTime, _dt, _totalSteps);
        }
    }

    private Partition PartitionOf(int gid)
    {
        foreach (var part in _partitions)
        {
            if (gid < part.To) return part;
        }
        return _partitions[^1];
    }

    private void ThrowDiverged(long step) => throw Divergence.Find<T>(_state.V.AsSpan(), _state.U.AsSpan(), _net.Mechanisms, _densityStates, _stepTime[step], _firstGid);

    private SimulationResult Collect(double runTime, long steps, bool partial, Concurrency.ThreadLoad? load)
    {
        // A run stopped early has not drawn every event up to its end time yet.
        foreach (var part in _partitions)
        {
            part.Stimuli?.RecordUpTo(_stepTime[steps]);
            part.Stimuli?.CopyRecorded(_sourceTimes);
        }
        if (_plastic is { } plastic)
        {
            foreach (var part in _partitions) plastic.Finish(part.Plastic!, steps, _stepTime[steps], _stepTime[steps] + SpikeStampOffset);
        }
        return RunResults.Collect(_network, _sourceTimes, _stepTime[steps], _spikes, _resets, _traces, _setrecordTime, runTime, partial,
            typeof(T) == typeof(float) ? SimulationPrecision.Single : SimulationPrecision.Fast, _partitions.Length,
            weights: _plastic?.Collect(_network, Array.ConvertAll(_partitions, part => part.Plastic!)), trainTimes: _trainTimes, threadLoad: load);
    }
}
