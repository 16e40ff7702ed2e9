using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetDsl.Construction;
using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Kernels.Membrane;
using NetDsl.Kernels.Simd;
using NetDsl.Concurrency;
using NetDsl.Recording;

namespace NetDsl.Simulation;

/// <summary>
/// Fixed-step simulator that follows NEURON 8.2's order of operations exactly (finitialize, then per step:
/// threshold and WATCH checks, event delivery, currents at the half step, implicit solve of the soma's
/// three nodes, synaptic decay, recording). State lives in flat arrays; <see cref="Step"/> does not allocate.
/// </summary>
public sealed class Simulator
{
    private const double SpikeStampOffset = 1e-10;

    private readonly Network _network;
    private readonly CompiledNetwork _net;
    private readonly int _n;
    private readonly double _dt;

    // Soma nodes (root x=0, centre x=0.5, end x=1) and Izhi2007b state.
    private readonly double[] _v0, _v1, _v2, _u, _t0;
    private readonly bool[] _aboveThreshold, _watchTrue;
    // Exp2Syn state per slot.
    private readonly double[] _synA, _synB;
    private readonly Exp2SynSlots.Slots _slots;
    // Networks with few slots: per-slot constants for the flat slot pass (null otherwise; see Exp2SynSlots.StepFlat).
    private readonly Exp2SynSlots.Flat? _flatSlotsBuilt;
    private Exp2SynSlots.Flat? ActiveFlatSlots => _useFlatSlots && !_useSlotBlocks ? _flatSlotsBuilt : null;
    private const int FlatSlotLimit = 1 << 16;
    // Eight consecutive cells' slots side by side (see Exp2SynBlocks; null where the network has no such cells), in use
    // when _useSlotBlocks: then those slots' A and B live in the blocks' rows, where the blocks' Store says.
    private readonly Exp2SynBlocks? _blocks;
    private bool _useSlotBlocks;
    /// <summary>Networks with at least this many cells in slot blocks use them by default (smaller ones keep the flat pass and the narrow step).</summary>
    private const int BlockCellsWorthIt = 1000;
    // Per synapse and per event source: the target's place in A and B (the slot itself without blocks, the blocks' row
    // with them), so that a delivery reads one index; and the sources' delays and increments side by side.
    private int[] _deliverySlot;
    private int[] _sourceSlot;
    private readonly double[] _sourceDelay, _sourceIncrement;
    // Per scalar cell: the node's rhs and diagonal after its electrode and synaptic currents (the first pass of a step).
    private readonly double[] _cellRhs, _cellDiag;
    // The shortest per-cell array the scalar soma step reads (state, currents, Izhi2007b and section constants).
    private readonly int _cellLength;
    // Density mechanisms (hh, pas) and their states (empty when no cell has any).
    private readonly DensityMechanisms? _mechanisms;
    private readonly DensityState?[] _densityStates;
    // Plastic connections: weights, STDP states and their own event queue (null when no connection is plastic).
    private readonly PlasticitySimulation? _plastic;

    private readonly EventRing _ring;
    // Grid times t_k (accumulated as NEURON does) for steps [_timeBase, _timeBase + length): the current
    // emission chunk plus the event window, so memory does not grow with the run length.
    private readonly double[] _stepTime;
    private long _timeBase;
    private readonly long _plannedSteps;
    private readonly long _chunkLength;

    // Event sources (NetStim / VecStim): generators and emission schedule for the current chunk.
    private readonly StimulusEvents[] _stimuli;
    private readonly List<double>[] _sourceTimes;
    private readonly int[] _allSources;
    private StimulusSchedule _emission = StimulusSchedule.Empty;
    // Spike-generator cells: their trains, drawn ahead per chunk like the stimuli, and every spike time drawn.
    private readonly StimulusEvents[] _trains;
    private readonly List<double>[] _trainTimes;
    private readonly int[] _allTrains;
    private StimulusSchedule _trainEmission = StimulusSchedule.Empty;
    private long _chunkStart, _chunkEnd;

    // Outputs.
    private readonly EventLog _spikes;
    private readonly EventLog _resets;
    private readonly TraceSet _traces;

    // Vector integration: runs of uniform cells four at a time, the rest on the scalar path.
    private readonly SomaParameters _somaParameters;
    private readonly SomaState _somaState;
    // The vector kernel's width, chosen when the run starts (RunOptions.VectorWidth; both widths give the same bits).
    private Kernels.VectorWidth _width = Kernels.VectorWidth.W256;
    private readonly bool[] _plainWatchGroups;
    // The eight-cell quiet check's lines (ThresholdScan.QuietLines) and groups of eight with plain WATCHes.
    private readonly double[] _quietLines;
    private readonly bool[] _plainWatchOctets;
    private bool _useVectorKernel;
    // Steps go through StepNarrow (see Step and ChooseNarrow).
    private bool _narrow;
    /// <summary>Runs of at most this many cell-steps take the narrow step where it is precompiled: compiling the wide one costs more.</summary>
    private const long NarrowCellSteps = 1L << 21;

    // Threads: cells split into consecutive gid ranges (chunks) for the integration and the threshold scan;
    // spikes, resets and deliveries stay on the calling thread, in gid order.
    private const int ScanPhase = 0, IntegratePhase = 1;
    private Partition[] _partitions = [];
    private StepWorkers? _workers;
    private int _phase;
    private double _phaseTime;
    private bool _candidatesReady;
    private readonly Action<int> _partitionWork;

    /// <summary>A chunk of cells [From, To), its vector plan, its threshold candidates and its divergence sum.</summary>
    private sealed class Partition
    {
        public required int From { get; init; }
        public required int To { get; init; }
        public required VectorRunPlan Plan { get; init; }
        public required int[] Candidates { get; init; }
        /// <summary>Cells of the partition made of density mechanisms (hh / pas), ascending.</summary>
        public required int[] MembraneCells { get; init; }
        /// <summary>Per density mechanism of the network: the partition's cells that have it.</summary>
        public required int[][] MechanismCells { get; init; }
        /// <summary>The slots of the plan's scalar cells as [from, to) pairs, consecutive cells' slots merged (for the flat slot pass).</summary>
        public required int[] ScalarSlotRanges { get; init; }
        /// <summary>The slot blocks of the partition's cells (while blocks are in use).</summary>
        public required int[] SlotBlocks { get; init; }
        /// <summary>The plan's scalar cells outside <see cref="SlotBlocks"/>: their slots go through the per-cell passes.</summary>
        public required int[] PairCells { get; init; }
        public int CandidateCount { get; set; }
        public double Check { get; set; }
    }

    private double _t;
    private long _step;
    private bool _initialized;
    private double _setrecordTime;

    // A distributed run: the spike exchange every _exchangeWindow steps (no longer than the shortest delay, so a
    // spike always reaches the other ranks before it is due). The rank's spikes wait in _pendingSpikes (step * N +
    // gid, N the network's cells) until the exchange; every rank then records and queues all of them.
    // The arrays hold the rank's cells only: cell i is gid _firstGid + i.
    private readonly int _firstGid;
    private readonly int _gids;
    private readonly Distributed.SpikeExchange? _exchange;
    private readonly int _exchangeWindow;
    private long _lastExchange;
    private long[] _pendingSpikes = [];
    private int _pendingCount;

    internal Simulator(Network network) : this(network, null) { }

    internal Simulator(Network network, Distributed.SpikeExchange? exchange)
    {
        _network = network;
        _net = network.Compiled;
        _n = _net.CellCount;
        _firstGid = _net.FirstGid;
        _gids = _net.GidCount;
        _dt = _net.Dt;
        if (exchange is null && _n != _gids) throw new ArgumentException("One rank's share of a network runs with its spike exchange.", nameof(exchange));
        _exchange = exchange;
        if (exchange is not null && _net.Plasticity is not null)
            throw new NetDslModelException("plasticity", "A distributed run does not support plastic connections yet; run the network on one process.");
        _exchangeWindow = exchange is null ? ExchangeWindow(_net) : exchange.AgreeOnWindow(ExchangeWindow(_net));
        if (exchange is not null) _pendingSpikes = new long[Math.Max(1024, _n * 4)];
        _v0 = new double[_n]; _v1 = new double[_n]; _v2 = new double[_n]; _u = new double[_n]; _t0 = new double[_n];
        _aboveThreshold = new bool[_n]; _watchTrue = new bool[_n];
        int slots = _net.SlotKind.Length;
        var cellModel = _net.Model;
        _blocks = Exp2SynBlocks.Create(_n, _net.CellSlotStart, _net.SlotKind, _net.KindE, _net.KindDecayA, _net.KindDecayB,
            cell => cellModel[cell] == CellModel.Izhikevich, cell => _net.ClampStart[cell] < _net.ClampStart[cell + 1]);
        bool blocksPay = _blocks is not null && (slots > FlatSlotLimit || (long)_blocks.BlockCount * Exp2SynBlocks.Lanes >= BlockCellsWorthIt);
        int storage = _blocks?.StorageLength ?? slots;
        _deliverySlot = _net.OutSlot;
        _sourceSlot = new int[_net.Sources.Length];
        _sourceDelay = new double[_net.Sources.Length];
        _sourceIncrement = new double[_net.Sources.Length];
        for (int s = 0; s < _net.Sources.Length; s++)
        {
            _sourceSlot[s] = _net.Sources[s].Slot;
            _sourceDelay[s] = _net.Sources[s].Delay;
            _sourceIncrement[s] = _net.Sources[s].Increment;
        }
        _synA = new double[storage]; _synB = new double[storage];
        _slots = new Exp2SynSlots.Slots(_synA, _synB, _net.SlotKind, _net.KindE, _net.KindDecayA, _net.KindDecayB);
        _cellRhs = new double[_net.CellCount]; _cellDiag = new double[_net.CellCount];
        int cellLength = _net.Recovery.Length;
        foreach (var values in (double[][])[_v0, _v1, _v2, _u, _t0, _cellRhs, _cellDiag, _net.Scale, _net.CapTerm, _net.K, _net.Vr, _net.Vt, _net.A, _net.B,
                     _net.D, _net.C, _net.Iin, _net.AxialA1, _net.AxialB1, _net.AxialA2, _net.AxialB2, _net.EndFactor, _net.EndProduct])
            cellLength = Math.Min(cellLength, values.Length);
        _cellLength = cellLength;
        if (slots <= FlatSlotLimit)
        {
            _flatSlotsBuilt = new Exp2SynSlots.Flat(_slots, _net.CellSlotStart, _net.Scale);
            _useFlatSlots = true;
        }
        _mechanisms = _net.Mechanisms;
        _densityStates = _mechanisms?.CreateStates(_n) ?? [];

        var settings = network.Definition.Simulation;
        _plannedSteps = StepsFor(settings.Duration, _dt);
        int window = (int)Math.Ceiling(_net.MaxDelay / _dt) + 4;
        int perBucket = Math.Max(16, 4 * (_net.SegmentDelay.Length + _net.Sources.Length) / window + 16);
        _ring = new EventRing(window, perBucket, ordered: exchange is not null);
        _chunkLength = Math.Min(Math.Max(_plannedSteps + 1, 4096), 1 << 18);
        _stepTime = new double[_chunkLength + window + 2];
        FillStepTimes(0);

        _stimuli = new StimulusEvents[_net.Sources.Length];
        _allSources = Enumerable.Range(0, _net.Sources.Length).ToArray();
        _sourceTimes = new List<double>[_net.Sources.Length];
        for (int s = 0; s < _sourceTimes.Length; s++) _sourceTimes[s] = [];
        _trains = new StimulusEvents[_net.SpikeTrains.Length];
        _allTrains = Enumerable.Range(0, _trains.Length).ToArray();
        _trainTimes = new List<double>[_trains.Length];
        for (int s = 0; s < _trainTimes.Length; s++) _trainTimes[s] = [];

        // Spike and reset buffers start at about 8 per cell simulated here and double when full (see
        // EnsureSpikeCapacity to reserve); a rank records every rank's spikes too, growing only if a run brings that many.
        int capacity = (int)Math.Min(1 << 24, 1024 + 8L * _n);
        _spikes = new EventLog(capacity);
        _resets = new EventLog(capacity);

        _somaParameters = new SomaParameters
        {
            K = _net.K, Vr = _net.Vr, Vt = _net.Vt, A = _net.A, B = _net.B, C = _net.C, Iin = _net.Iin, Scale = _net.Scale, CapTerm = _net.CapTerm,
            AxialA1 = _net.AxialA1, AxialB1 = _net.AxialB1, AxialA2 = _net.AxialA2, AxialB2 = _net.AxialB2,
            EndFactor = _net.EndFactor, EndProduct = _net.EndProduct,
        };
        _somaState = new SomaState { V0 = _v0, V1 = _v1, V2 = _v2, U = _u, T0 = _t0, SynA = _synA, SynB = _synB };
        _plainWatchGroups = ThresholdScan.PlainWatchGroups(_net.WatchSlope);
        _quietLines = ThresholdScan.QuietLines(_net.Threshold, _net.Vpeak);
        _plainWatchOctets = ThresholdScan.PlainWatchGroups(_net.WatchSlope, 8);
        _partitionWork = RunPartition;
        UseVectorKernel = SomaVectorKernel.IsSupported;

        var clock = Stopwatch.StartNew();
        _traces = TraceSet.Create(network, TimeGrid.FinalTime(_plannedSteps, _dt));
        _traces.BindStates(name => DensityMechanisms.Recordable(_densityStates, name));
        // NetPyNE records h.t besides the traces whenever it records traces (setupRecording).
        if (_net.Plasticity is not null)
            _plastic = new PlasticitySimulation(_net, _synA, _synB, settings, network.Definition.Records.Count > 0 ? _traces.TraceCount + 1 : 0);
        _setrecordTime = clock.Elapsed.TotalSeconds;
        UseSlotBlocks = blocksPay;
    }

    /// <summary>Current time in ms (NEURON's t, accumulated by two half steps per step).</summary>
    public double Time => _t;

    /// <summary>Steps taken since <see cref="Initialize"/>.</summary>
    public long StepCount => _step;

    /// <summary>The network being simulated.</summary>
    public Network Network => _network;

    /// <summary>Soma membrane potential (mV) of a cell.</summary>
    public double Voltage(int gid) => _v1[CellOf(gid)];

    /// <summary>Izhi2007b recovery variable u of a cell.</summary>
    public double RecoveryVariable(int gid) => _u[CellOf(gid)];

    /// <summary>A density mechanism's state variable of a cell, by its catalog name (hh's m, h, n).</summary>
    public double MechanismState(int gid, string variable) =>
        _mechanisms?.All.FirstOrDefault(m => m.Info.Recordables.Contains(variable)) is { } owner && owner.Has[CellOf(gid)]
            ? DensityMechanisms.Recordable(_densityStates, variable)![CellOf(gid)]
            : throw new ArgumentException($"Cell {gid} has no mechanism with a state '{variable}'.", nameof(variable));

    /// <summary>Total Exp2Syn conductance (uS) of one synapse kind on a cell.</summary>
    public double Conductance(int gid, string synapse)
    {
        int kind = SynapseIndex(synapse);
        int cell = CellOf(gid);
        var store = SlotStore;
        double g = 0;
        for (int s = _net.CellSlotStart[cell]; s < _net.CellSlotStart[cell + 1]; s++)
        {
            int at = store is null ? s : store[s];
            if (_net.SlotKind[s] == kind) g += _synB[at] - _synA[at];
        }
        return g;
    }

    /// <summary>The index in the arrays of a cell this simulator advances.</summary>
    private int CellOf(int gid)
    {
        int cell = gid - _firstGid;
        if ((uint)cell >= (uint)_n) throw new ArgumentOutOfRangeException(nameof(gid), $"Cell {gid} is not simulated here (gids {_firstGid} to {_firstGid + _n - 1}).");
        return cell;
    }

    /// <summary>
    /// Spikes of the cells so far (first grid time above threshold + 1e-10 ms), in (time, gid) order; the spikes of
    /// spike-generator cells are in the <see cref="Result"/>.
    /// </summary>
    public ReadOnlySpan<double> SpikeTimes => _spikes.Times;
    public ReadOnlySpan<int> SpikeGids => _spikes.Gids;

    /// <summary>Izhi2007b reset (flag-2 WATCH) events of living cells: NET_RECEIVE's net_event times.</summary>
    public ReadOnlySpan<double> ResetTimes => _resets.Times;
    public ReadOnlySpan<int> ResetGids => _resets.Gids;

    /// <summary>
    /// Integrate uniform cells four per vector (bit-identical to the scalar path; on by default where Vector256
    /// is hardware accelerated). Switching it off runs every cell through the scalar code.
    /// </summary>
    internal bool UseVectorKernel
    {
        get => _useVectorKernel;
        set
        {
            _useVectorKernel = value && SomaVectorKernel.IsSupported;
            // Off, every cell goes through the scalar code: the blocks' slots go back to their own places.
            if (!_useVectorKernel && _useSlotBlocks) UseSlotBlocks = false;
            _partitions = CreatePartitions(Math.Max(1, _partitions.Length));
        }
    }

    /// <summary>
    /// Whether the slots of eight consecutive Izhikevich cells live in <see cref="Exp2SynBlocks"/> (on by default, with the
    /// vector kernel, for networks of at least 1,000 such cells or with more slots than the flat pass takes); off, every
    /// cell's slots go through the per-cell passes. Both give the same bits; the state moves with the switch. On, the
    /// delivery targets are copied once with their places in the blocks (4 bytes per synapse).
    /// </summary>
    internal bool UseSlotBlocks
    {
        get => _useSlotBlocks;
        set
        {
            bool use = value && _blocks is not null && _useVectorKernel;
            if (use == _useSlotBlocks) return;
            _blocks!.Move(_synA, _synB, intoRows: use);
            _useSlotBlocks = use;
            _deliverySlot = use ? Array.ConvertAll(_net.OutSlot, slot => _blocks.Store[slot]) : _net.OutSlot;
            for (int source = 0; source < _sourceSlot.Length; source++)
                _sourceSlot[source] = use ? _blocks.Store[_net.Sources[source].Slot] : _net.Sources[source].Slot;
            _traces.SlotStore = SlotStore;
            if (_plastic is not null) _plastic.SlotStore = SlotStore;
            _partitions = CreatePartitions(Math.Max(1, _partitions.Length));
            ChooseNarrow(_plannedSteps);
        }
    }

    /// <summary>Where each slot's A and B are (null: at the slot's own index).</summary>
    private int[]? SlotStore => _useSlotBlocks ? _blocks!.Store : null;

    /// <summary>Cells integrated by the vector kernel.</summary>
    internal int VectorizedCellCount
    {
        get
        {
            int count = 0;
            foreach (var part in _partitions) count += part.Plan.VectorizedCellCount;
            return count;
        }
    }

    /// <summary>Threads taking part in a step (1 unless a run or <see cref="SetThreads"/> started workers).</summary>
    internal int ThreadCount => _workers?.Threads ?? 1;

    /// <summary>Bytes allocated by the worker threads so far (for the zero-allocation checks).</summary>
    internal long WorkerAllocatedBytes => _workers?.WorkerAllocatedBytes ?? 0;

    /// <summary>
    /// Starts (threads &gt; 1) or stops the worker threads. With threads the cells go in consecutive chunks
    /// of about <see cref="ChunkCells"/> (at least one per thread) that the threads claim step by step.
    /// Results do not depend on the thread count.
    /// </summary>
    internal void SetThreads(int threads)
    {
        threads = Math.Clamp(threads, 1, Math.Max(1, _n / 64));
        if (threads == ThreadCount) return;
        _workers?.Dispose();
        _workers = null;
        int chunks = threads == 1 ? 1 : Math.Max(threads, (_n + ChunkCells - 1) / ChunkCells);
        _partitions = CreatePartitions(chunks);
        if (threads > 1) _workers = new StepWorkers(threads, chunks, _partitionWork);
    }

    /// <summary>Cells per chunk when threads share the work.</summary>
    private const int ChunkCells = 512;

    /// <summary>Splits the cells (this rank's) into consecutive ranges (multiples of eight cells, so that no slot block is split) with their own vector plans.</summary>
    private Partition[] CreatePartitions(int chunks)
    {
        var net = _net;
        var parts = new Partition[chunks];
        int count = _n;
        for (int p = 0; p < chunks; p++)
        {
            int from = p == 0 ? 0 : (int)((long)count * p / chunks) / 8 * 8;
            int to = p == chunks - 1 ? count : (int)((long)count * (p + 1) / chunks) / 8 * 8;
            var model = net.Model;
            Func<int, bool> izhikevich = i => model[i] == CellModel.Izhikevich;
            // The narrow step has no same-pattern runs: their cells take the presummed runs (the same bits).
            bool narrow = _narrow;
            // With slot blocks, same-pattern runs are runs of whole blocks that read their slots there; the other blocked
            // cells sum their currents in the blocks' kernel and take presummed runs.
            var blocks = _useSlotBlocks ? _blocks : null;
            Func<int, bool> blocked = i => blocks is not null && blocks.Contains(i);
            var plan = _useVectorKernel
                ? VectorRunPlan.Create(_n, from, to, net.CellSlotStart, net.SlotKind,
                    i => !narrow && (blocks is null || blocked(i)) && model[i] == CellModel.Izhikevich && net.Recovery[i] == RecoveryKind.Linear && net.ClampStart[i] == net.ClampStart[i + 1], _somaParameters, izhikevich,
                    i => model[i] == CellModel.Izhikevich && net.Recovery[i] == RecoveryKind.Linear, blocks is null ? null : blocks.RowStart)
                : VectorRunPlan.ScalarOnly(_n, from, to, izhikevich);
            var membrane = new List<int>();
            for (int i = from; i < to; i++)
            {
                if (model[i] == CellModel.Membrane) membrane.Add(i);
            }
            var slotRanges = new List<int>();
            foreach (int i in plan.ScalarCells)
            {
                int slotFrom = net.CellSlotStart[i], slotTo = net.CellSlotStart[i + 1];
                if (slotFrom == slotTo) continue;
                if (slotRanges.Count > 0 && slotRanges[^1] == slotFrom) slotRanges[^1] = slotTo;
                else slotRanges.AddRange([slotFrom, slotTo]);
            }
            var slotBlocks = new List<int>();
            for (int b = 0; blocks is not null && b < blocks.BlockCount; b++)
            {
                if (blocks.FirstCell(b) >= from && blocks.FirstCell(b) < to && !plan.Vectorized[blocks.FirstCell(b)]) slotBlocks.Add(b);
            }
            parts[p] = new Partition
            {
                From = from, To = to, Plan = plan, Candidates = new int[to - from], MembraneCells = membrane.ToArray(),
                MechanismCells = _mechanisms?.CellsIn(from, to) ?? [], ScalarSlotRanges = slotRanges.ToArray(),
                SlotBlocks = slotBlocks.ToArray(), PairCells = Array.FindAll(plan.ScalarCells, i => !blocked(i)),
            };
        }
        _candidatesReady = false;
        return parts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPartition(int index)
    {
        var part = _partitions[index];
        if (_phase == ScanPhase) ScanThresholds(part);
        else part.Check = IntegrateCells(part, _phaseTime);
    }

    /// <summary>NEURON's finitialize(v_init).</summary>
    public void Initialize()
    {
        _t = 0;
        _step = 0;
        _spikes.Clear();
        _resets.Clear();
        _ring.Clear();
        Array.Clear(_synA);
        Array.Clear(_synB);
        double vInit = _net.VInit;
        var model = _net.Model;
        for (int i = 0; i < _n; i++)
        {
            _v0[i] = vInit; _v1[i] = vInit; _v2[i] = vInit;
            _u[i] = 0;
            _t0[i] = 0;
            _aboveThreshold[i] = false;
            _watchTrue[i] = false;
            if (model[i] == CellModel.Izhikevich)
            {
                // Izhi flag-1 self event at t = 0: arm the WATCH with v_init, then set the centre node to vr.
                _watchTrue[i] = Izhi2007b.WatchValue(_net.Reset[i], vInit, 0, _net.Vpeak[i]) >= -1e-11;
                _v1[i] = _net.Vr[i];
            }
        }
        // The density mechanisms' INITIAL blocks, at v_init, partition by partition.
        if (_mechanisms is { } mechanisms)
        {
            foreach (var part in _partitions)
            {
                for (int m = 0; m < mechanisms.All.Length; m++) mechanisms.All[m].Initialize(_densityStates[m], part.MechanismCells[m], _v1);
            }
        }
        for (int s = 0; s < _net.Sources.Length; s++)
        {
            var src = _net.Sources[s];
            _sourceTimes[s].Clear();
            _stimuli[s] = new StimulusEvents(_net.Sources[s]);
        }
        for (int s = 0; s < _trains.Length; s++)
        {
            _trainTimes[s].Clear();
            _trains[s] = new StimulusEvents(_net.SpikeTrains[s]);
        }
        _chunkStart = 0;
        _chunkEnd = 0;
        // The table from t = 0 depends on dt only: the constructor filled it; refilled only after a run moved it on.
        if (_timeBase != 0)
        {
            _timeBase = 0;
            FillStepTimes(0);
        }
        BuildEmissionChunk(0);
        _traces.Reset();
        _traces.SampleAtInit(_v1, _u, _synA, _synB);
        _candidatesReady = false;
        // The plastic connections' INITIAL blocks and NEURON's events at t = 0 (see PlasticitySimulation).
        _plastic?.Initialize(vInit, 0.5 * _dt + 0.5 * _dt);
        _lastExchange = 0;
        _pendingCount = 0;
        _exchange?.Start();
        _initialized = true;
    }

    /// <summary>
    /// Steps between spike exchanges: a spike found at the check of step k with delay d is first due at step
    /// k + round(d/dt) - 1 (see <see cref="FastSimulator{T}"/>), so exchanging that often delivers every spike in time.
    /// </summary>
    private static int ExchangeWindow(CompiledNetwork net)
    {
        double minDelay = double.PositiveInfinity;
        foreach (double d in net.SegmentDelay) minDelay = Math.Min(minDelay, d);
        if (double.IsPositiveInfinity(minDelay)) return 256;
        long lag = (long)Math.Floor(minDelay / net.Dt + 0.5) - 1;
        return (int)Math.Clamp(lag, 1, 256);
    }

    /// <summary>
    /// The spikes the ranks found at the checks of steps [_lastExchange, step): every rank records them in (time,
    /// gid) order and queues their deliveries onto its cells where a single process would have queued them.
    /// </summary>
    private void ExchangeSpikes(long step)
    {
        var exchange = _exchange!;
        var all = exchange.Exchange(_pendingSpikes.AsSpan(0, _pendingCount));
        _pendingCount = 0;
        _lastExchange = step;
        var net = _net;
        long n = Math.Max(1, _gids);
        foreach (long key in all)
        {
            long spikeStep = key / n;
            int gid = (int)(key % n);
            double time = TimeAt(spikeStep) + SpikeStampOffset;
            _spikes.Add(time, gid);
            for (int seg = net.OutSegmentStart[gid]; seg < net.OutSegmentStart[gid + 1]; seg++)
                _ring.InsertOrdered(DeliveryStep(time + net.SegmentDelay[seg], spikeStep), seg, 2 * spikeStep);
        }
    }

    /// <summary>Advances one step of dt.</summary>
    public void Step()
    {
        if (_narrow) StepNarrow();
        else StepWide();
    }

    // Two compilations of one step. StepWide (256/512-bit kernels) is compiled fully optimized on first use: a run
    // of a small network is over before tiered compilation would replace its quick first version, which is several
    // times slower. That compilation costs milliseconds, and such methods are left out of ReadyToRun images, so
    // short runs of small networks from a ReadyToRun image take StepNarrow instead: the same operations with
    // 128-bit vectors (SSE2, which every x64 processor has), without generics, held compiled in the image (see
    // ChooseNarrow). Each is written out in full: a large body forced inline into a small method is not inlined.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepWide()
    {
        if (!_initialized) Initialize();
        long k = _step;
        double tk = _t;
        double half = 0.5 * _dt;
        double tm = tk + half;
        // Exchanges come every window and before the time table moves on (a new emission chunk), on every rank alike.
        if (_exchange is not null && k > _lastExchange && (k - _lastExchange >= _exchangeWindow || k >= _chunkEnd)) ExchangeSpikes(k);
        _ring.OrderKey = 2 * k;

        // NEURON delivers the events due by t_k at the end of the previous step, before the checks at t_k; the order
        // matters only to plastic connections (the ring's events of this step are delivered together below).
        _plastic?.Deliver(tk, tm + half);

        // A. Threshold detection (NetCon on soma v) and Izhi WATCH at state(t_k); the reset event
        //    stamped t_k is delivered in the same call, before integration.
        // The candidates (cells whose threshold or WATCH state may change) were collected at the end of the
        // previous integration, from this same state; after Initialize they are collected now.
        if (!_candidatesReady)
        {
            if (_workers is { } workers)
            {
                _phase = ScanPhase;
                workers.Run();
            }
            else
            {
                foreach (var part in _partitions) ScanThresholds(part);
            }
        }
        _candidatesReady = false;
        // Chunks are consecutive gid ranges: spikes and resets come in gid order, as from one thread.
        foreach (var part in _partitions)
        {
            for (int c = 0; c < part.CandidateCount; c++) CheckCell(part.Candidates[c], tk, k);
        }
        // NEURON checks every WATCH after every spike detector: their events follow the spikes' in its queue.
        _plastic?.FlushWatches(tk, _v1);

        // B. Deliver events due before this step's integration (time <= t_k + dt/2).
        _ring.OrderKey = 2 * k + 1;
        if (k >= _chunkEnd) BuildEmissionChunk(k);
        if (_stimuli.Length > 0) EmitSourceEvents(k);
        if (_trains.Length > 0) EmitGeneratorSpikes(k);
        _traces.SampleBeforeStep(tm, _v1, _u, _synA, _synB);
        DeliverDue(k);
        // Plastic connections: their own queue, in NEURON's order (their events touch no state the ring's events touch).
        _plastic?.Deliver(tm, tm + half);

        // C-E. Currents at the half step and the implicit solve.
        double tmid = tk + half;
        double check;
        if (_workers is { } team)
        {
            _phase = IntegratePhase;
            _phaseTime = tmid;
            team.Run();
            check = 0;
            foreach (var part in _partitions) check += part.Check;
        }
        else
        {
            check = 0;
            foreach (var part in _partitions) check += IntegrateCells(part, tmid);
        }
        _candidatesReady = true;

        // F-G. Second half step, then the Exp2Syn states decay exactly over dt.
        _t = tmid + half;
        _step = k + 1;

        // H. Per-step sampling at t_{k+1}, before any reset.
        _traces.SampleAfterStep(_t, _v1, _u, _synA, _synB);

        if (!double.IsFinite(check)) ThrowDiverged();
    }

    /// <summary>
    /// <see cref="StepWide"/> for one thread without a spike exchange (what <see cref="ChooseNarrow"/> admits): the same
    /// order of operations, 128-bit kernels (<see cref="IntegrateCellsNarrow"/>).
    /// </summary>
    private void StepNarrow()
    {
        if (!_initialized) Initialize();
        long k = _step;
        double tk = _t;
        double half = 0.5 * _dt;
        double tm = tk + half;
        _ring.OrderKey = 2 * k;
        _plastic?.Deliver(tk, tm + half);

        // A. Threshold and WATCH checks (the candidates from the end of the last integration).
        var partitions = _partitions;
        if (!_candidatesReady)
        {
            foreach (var part in partitions) ScanThresholdsNarrow(part);
        }
        _candidatesReady = false;
        foreach (var part in partitions)
        {
            var candidates = part.Candidates;
            int count = part.CandidateCount;
            for (int c = 0; c < count && c < candidates.Length; c++) CheckCell(candidates[c], tk, k);
        }
        _plastic?.FlushWatches(tk, _v1);

        // B. Events due by t_k + dt/2.
        _ring.OrderKey = 2 * k + 1;
        if (k >= _chunkEnd) BuildEmissionChunk(k);
        if (_stimuli.Length > 0) EmitSourceEvents(k);
        if (_trains.Length > 0) EmitGeneratorSpikes(k);
        _traces.SampleBeforeStep(tm, _v1, _u, _synA, _synB);
        DeliverDue(k);
        _plastic?.Deliver(tm, tm + half);

        // C-E. Currents at the half step and the implicit solve.
        double tmid = tk + half;
        double check = 0;
        foreach (var part in partitions) check += IntegrateCellsNarrow(part, tmid);
        _candidatesReady = true;

        // F-H.
        _t = tmid + half;
        _step = k + 1;
        _traces.SampleAfterStep(_t, _v1, _u, _synA, _synB);
        if (!double.IsFinite(check)) ThrowDiverged();
    }

    /// <summary>
    /// NEURON's state when a run (psolve) stops at the current time t: the plastic connections' events due by t are
    /// delivered (the threshold checks at t and the events due by t + dt/2 come with the next step, as in NEURON).
    /// </summary>
    private void FinishPlasticDeliveries()
    {
        if (_plastic is not { } plastic) return;
        double half = 0.5 * _dt;
        plastic.Deliver(_t, _t + half + half);
    }

    /// <summary>Collects the cells of a partition whose threshold or WATCH state may change this step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanThresholds(Partition part)
    {
        var v1 = _v1;
        var threshold = _net.Threshold;
        var vpeak = _net.Vpeak;
        var above = _aboveThreshold;
        var watch = _watchTrue;
        var plainGroups = _plainWatchGroups;
        bool vector = _useVectorKernel;
        var candidates = part.Candidates;
        int count = 0;
        int from = part.From;
        if (vector && _width == Kernels.VectorWidth.W512 && Kernels.VectorWidths.Supports512 && (from & 7) == 0)
        {
            // Eight quiet cells at once; a group that is not goes through the four-cell checks below.
            while (true)
            {
                from = ThresholdScan.SkipQuietOctets(v1, _quietLines, above, watch, _plainWatchOctets, from, part.To);
                if (from + 8 > part.To) break;
                count = AddCandidates(from, from + 8, v1, _u, threshold, vpeak, above, watch, plainGroups, candidates, count);
                from += 8;
            }
        }
        part.CandidateCount = AddCandidates(from, part.To, v1, _u, threshold, vpeak, above, watch, vector ? plainGroups : null, candidates, count);
    }

    /// <summary>
    /// Cells [from, to) that may change their threshold or WATCH state, after <paramref name="count"/> candidates.
    /// Where <paramref name="plainGroups"/> are given, four cells with plain WATCHes at once: quiet ones are skipped
    /// together, and of the others only those whose conditions changed are checked (a cell stays above threshold
    /// for some 30 steps of each upstroke, and checking it on each of them would change nothing).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddCandidates(int from, int to, double[] v1, double[] u, double[] threshold, double[] vpeak, bool[] above, bool[] watch, bool[]? plainGroups, int[] candidates, int count)
    {
        for (int i = from; i < to; i++)
        {
            if (plainGroups is not null && (i & 3) == 0 && i + 3 < to && plainGroups[i >> 2])
            {
                if (!ThresholdScan.IsQuiet(v1, threshold, vpeak, above, watch, i))
                {
                    for (uint lanes = ThresholdScan.ChangedLanes(v1, u, threshold, vpeak, above, watch, i); lanes != 0; lanes &= lanes - 1)
                        candidates[count++] = i + System.Numerics.BitOperations.TrailingZeroCount(lanes);
                }
                i += 3;
                continue;
            }
            candidates[count++] = i;
        }
        return count;
    }

    /// <summary><see cref="ScanThresholds"/> with the 128-bit quiet check (the narrow step).</summary>
    private void ScanThresholdsNarrow(Partition part)
    {
        var v1 = _v1;
        var threshold = _net.Threshold;
        var vpeak = _net.Vpeak;
        var above = _aboveThreshold;
        var watch = _watchTrue;
        var plainGroups = _plainWatchGroups;
        bool vector = _useVectorKernel;
        var candidates = part.Candidates;
        int count = 0;
        for (int i = part.From; i < part.To; i++)
        {
            // Four quiet cells (no crossing, no flag set) need nothing: skip them together.
            if (vector && (i & 3) == 0 && i + 3 < part.To && plainGroups[i >> 2] && ThresholdScan.IsQuietNarrow(v1, threshold, vpeak, above, watch, i))
            {
                i += 3;
                continue;
            }
            candidates[count++] = i;
        }
        part.CandidateCount = count;
    }

    /// <summary>NetCon threshold and Izhi WATCH of one cell at state(t_k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckCell(int i, double tk, long k)
    {
        var net = _net;
        var above = _aboveThreshold;
        var watch = _watchTrue;
        var (isAbove, isWatch) = Izhi2007b.Conditions(_v1[i], _u[i], net.Threshold[i], net.Vpeak[i], net.WatchSlope[i]);
        if (isAbove && !above[i]) EmitSpike(i, tk + SpikeStampOffset, k);
        above[i] = isAbove;
        if (isWatch && !watch[i])
        {
            // NEURON checks every WATCH of the step (the other conditions of this cell too) before it delivers any.
            _plastic?.NoteWatch(i, _v1[i]);
            ApplyReset(i, tk);
        }
        watch[i] = isWatch;
    }

    /// <summary>Advances <paramref name="steps"/> steps.</summary>
    public void Advance(int steps)
    {
        for (int s = 0; s < steps; s++) Step();
    }

    /// <summary>Initializes, runs the definition's duration (or until cancelled) and collects the result.</summary>
    /// <remarks>
    /// With <see cref="SimulationPrecision.Fast"/> or <see cref="SimulationPrecision.Single"/> (from the definition
    /// or <see cref="RunOptions.Precision"/>) the run goes through the windowed fast engine instead of this
    /// simulator's NEURON-exact steps (on hardware without 256-bit vectors it stays exact; the result's
    /// <see cref="SimulationResult.Precision"/> says which ran); <see cref="Step"/> and <see cref="Advance"/> are
    /// always exact.
    /// </remarks>
    public SimulationResult Run(RunOptions? options = null)
    {
        options = RunOptions.Resolve(options, _network.Definition.Simulation);
        if (options.Distributed is { } communicator && _exchange is null) return Distributed.DistributedRun.Run(_network, communicator, options);
        if (_exchange is null && FastRun.TryRun(_network, options) is { } fast) return fast;
        SetThreads(options.Threads);
        try
        {
            return RunSteps(options);
        }
        finally
        {
            SetThreads(1);
        }
    }

    /// <summary>
    /// Forces the narrow (true, where it applies) or the wide (false) step, from now on and for runs; null chooses
    /// per run (<see cref="ChooseNarrow"/>). For the tests that compare the two.
    /// </summary>
    internal bool? NarrowStep
    {
        get => _narrowOverride;
        set
        {
            _narrowOverride = value;
            ChooseNarrow(_plannedSteps);
        }
    }

    private bool? _narrowOverride;

    /// <summary>
    /// Whether scalar cells' synapse slots go through the flat slot pass (<see cref="Exp2SynSlots.StepFlat"/>), on by
    /// default for networks with few slots; off, each cell's slots go through <see cref="Exp2SynSlots.Step"/>. Both give
    /// the same bits. Switching it off also leaves the narrow step.
    /// </summary>
    internal bool UseFlatSlots
    {
        get => _useFlatSlots;
        set
        {
            _useFlatSlots = value && _flatSlotsBuilt is not null;
            ChooseNarrow(_plannedSteps);
        }
    }

    private bool _useFlatSlots;

    /// <summary>Whether steps currently go through the narrow flavour.</summary>
    internal bool UsesNarrowStep => _narrow;

    /// <summary>
    /// The narrow step for a run of at most <see cref="NarrowCellSteps"/> cell-steps on one thread when this assembly
    /// runs from a ReadyToRun image (<see cref="PrecompiledCode"/>), for Izhikevich cells with few synapse slots
    /// (the flat slot pass); the wide one otherwise. Both give the same bits.
    /// </summary>
    private void ChooseNarrow(long steps)
    {
        bool wanted = _narrowOverride ?? (PrecompiledCode.FromReadyToRunImage && (long)_n * steps <= NarrowCellSteps);
        bool narrow = wanted && _exchange is null && _workers is null && ActiveFlatSlots is not null && _mechanisms is null;
        if (narrow == _narrow) return;
        _narrow = narrow;
        _partitions = CreatePartitions(Math.Max(1, _partitions.Length));
    }

    private SimulationResult RunSteps(RunOptions options)
    {
        _width = Kernels.VectorWidths.Resolve(options.VectorWidth);
        var settings = _network.Definition.Simulation;
        long total = StepsFor(settings.Duration, _dt);
        ChooseNarrow(total);
        // The run's time includes finitialize (and the stimulus events drawn there), as NetPyNE's runSim time does.
        var clock = Stopwatch.StartNew();
        Initialize();
        long block = Math.Max(1, (long)Math.Round(1.0 / _dt));
        var lastProgress = TimeSpan.Zero;
        bool partial = false;
        long done = 0;
        while (done < total)
        {
            // Ranks stop together: a request goes out with the next exchange, and every rank stops after that block.
            if (_exchange is { } exchange ? exchange.StopAgreed : options.Cancellation.IsCancellationRequested)
            {
                partial = true;
                break;
            }
            if (_exchange is not null) _exchange.StopRequested = options.Cancellation.IsCancellationRequested;
            int n = (int)Math.Min(block, total - done);
            Advance(n);
            done += n;
            if (options.Progress is { } progress && clock.Elapsed - lastProgress >= options.ProgressInterval)
            {
                lastProgress = clock.Elapsed;
                progress(new RunProgress(_t, settings.Duration, clock.Elapsed.TotalSeconds));
            }
        }
        // The spikes of the last window's checks: no delivery left, but every rank records them.
        if (_exchange is not null) ExchangeSpikes(_step);
        double runTime = clock.Elapsed.TotalSeconds;
        return Collect(runTime, partial);
    }

    /// <summary>
    /// The result of the steps taken so far (<see cref="Step"/>, <see cref="Advance"/>), as <see cref="Run"/> returns
    /// it: partial when fewer steps than the duration's were taken. For a program that steps the simulator itself,
    /// e.g. to give rewards (<see cref="RewardPunish"/>) between stretches of a run.
    /// </summary>
    public SimulationResult Result()
    {
        if (!_initialized) Initialize();
        return Collect(0, partial: _step < _plannedSteps);
    }

    /// <summary>NEURON's psolve step count (<see cref="TimeGrid.StepsFor"/>).</summary>
    internal static long StepsFor(double duration, double dt) => TimeGrid.StepsFor(duration, dt);

    /// <summary>Reserves room for this many spikes so that a long run does not grow the buffers.</summary>
    internal void EnsureSpikeCapacity(int spikes)
    {
        _spikes.EnsureCapacity(spikes);
        _resets.EnsureCapacity(spikes);
    }

    /// <summary>
    /// One partition's step: the scalar cells (their synapses decay in the same pass), the vector runs (which decay
    /// theirs in the kernel), and the next step's threshold candidates while the state is at hand.
    /// </summary>
    /// <summary>
    /// <see cref="IntegrateCells"/> for <see cref="StepNarrow"/>: a partition with neither same-pattern vector runs
    /// nor density cells (<see cref="ChooseNarrow"/>), its soma steps in 128-bit vectors.
    /// </summary>
    private double IntegrateCellsNarrow(Partition part, double tmid)
    {
        double check = IntegrateScalarCellsNarrow(part, tmid);
        foreach (var run in part.Plan.PresummedRuns)
            check += SomaVectorKernel.IntegratePresummedRunNarrow(run, _somaParameters, _somaState, _cellRhs, _cellDiag, tmid);
        ScanThresholdsNarrow(part);
        return check;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double IntegrateCells(Partition part, double tmid)
    {
        double check = IntegrateScalarCells(part, tmid);
        if (part.MembraneCells.Length > 0) check += IntegrateMembraneCells(part, tmid);
        foreach (var run in part.Plan.Runs)
            check += SomaVectorKernel.IntegrateRun(run, _somaParameters, _somaState, _net.KindE, tmid, _net.KindDecayA, _net.KindDecayB, _width);
        foreach (var run in part.Plan.PresummedRuns)
            check += SomaVectorKernel.IntegratePresummedRun(run, _somaParameters, _somaState, _cellRhs, _cellDiag, tmid, _width);
        ScanThresholds(part);
        return check;
    }

    /// <summary>A cell's electrode currents (IClamp) added to rhs in reverse creation order; on for del &lt;= t &lt; del + dur.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double ClampCurrents(int i, double tmid, double rhs = 0.0)
    {
        var net = _net;
        for (int j = net.ClampStart[i]; j < net.ClampStart[i + 1]; j++)
        {
            if (tmid < net.ClampEnd[j] && tmid >= net.ClampDelay[j]) rhs += net.ClampAmp[j] * net.Scale[i];
        }
        return rhs;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double IntegrateScalarCells(Partition part, double tmid)
    {
        var plan = part.Plan;
        var net = _net;
        var v1 = _v1;
        var slotStart = net.CellSlotStart;
        var scale = net.Scale;
        // Electrode and synaptic currents first: eight cells per slot block, the others two side by side (their running
        // sums overlap).
        var cells = part.PairCells;
        var cellRhs = _cellRhs; var cellDiag = _cellDiag;
        int next = 0;
        if (ActiveFlatSlots is { } flat)
        {
            // Few slots: all of them in one vector pass, then each cell's sums in slot order.
            var ranges = part.ScalarSlotRanges;
            for (int r = 0; r + 1 < ranges.Length; r += 2) Exp2SynSlots.StepFlat(_slots, flat, v1, ranges[r], ranges[r + 1]);
            SumFlatSlots(cells, flat, tmid);
            next = cells.Length;
        }
        else if (_useSlotBlocks)
        {
            var blocks = _blocks!;
            foreach (int block in part.SlotBlocks)
            {
                if (!blocks.HasElectrodes(block)) continue;
                int first = blocks.FirstCell(block);
                for (int c = first; c < first + Exp2SynBlocks.Lanes; c++) cellRhs[c] = ClampCurrents(c, tmid);
            }
            blocks.Step(part.SlotBlocks, _width, _synA, _synB, v1, scale, cellRhs, cellDiag);
        }
        for (; next + 1 < cells.Length; next += 2)
        {
            int i = cells[next], j = cells[next + 1];
            double rhsI = ClampCurrents(i, tmid), diagI = 0.0, rhsJ = ClampCurrents(j, tmid), diagJ = 0.0;
            Exp2SynSlots.StepPair(_slots, slotStart[i], slotStart[i + 1], v1[i], scale[i], ref rhsI, ref diagI,
                slotStart[j], slotStart[j + 1], v1[j], scale[j], ref rhsJ, ref diagJ);
            cellRhs[i] = rhsI; cellDiag[i] = diagI; cellRhs[j] = rhsJ; cellDiag[j] = diagJ;
        }
        if (next < cells.Length)
        {
            int i = cells[next];
            double rhsI = ClampCurrents(i, tmid), diagI = 0.0;
            Exp2SynSlots.Step(_slots, slotStart[i], slotStart[i + 1], v1[i], scale[i], ref rhsI, ref diagI);
            cellRhs[i] = rhsI; cellDiag[i] = diagI;
        }

        // The soma step of the cells outside the presummed runs (those runs take theirs in the vector kernel).
        double check = 0;
        foreach (int i in plan.SoloCells) check += StepSoloCell(i, tmid);
        return check;
    }

    /// <summary><see cref="IntegrateScalarCells"/> for the narrow step: the flat slots' 128-bit pass (always there).</summary>
    private double IntegrateScalarCellsNarrow(Partition part, double tmid)
    {
        var plan = part.Plan;
        var flat = ActiveFlatSlots ?? throw new InvalidOperationException("The narrow step needs the flat slots.");
        var ranges = part.ScalarSlotRanges;
        for (int r = 0; r + 1 < ranges.Length; r += 2) Exp2SynSlots.StepFlatNarrow(_slots, flat, _v1, ranges[r], ranges[r + 1]);
        SumFlatSlots(plan.ScalarCells, flat, tmid);
        double check = 0;
        foreach (int i in plan.SoloCells) check += StepSoloCell(i, tmid);
        return check;
    }

    /// <summary>Each cell's electrode currents, then its slots' terms in slot order, into its rhs and diagonal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SumFlatSlots(int[] cells, Exp2SynSlots.Flat flat, double tmid)
    {
        var slotStart = _net.CellSlotStart;
        var cellRhs = _cellRhs; var cellDiag = _cellDiag;
        foreach (int i in cells)
        {
            double rhsI = ClampCurrents(i, tmid), diagI = 0.0;
            Exp2SynSlots.SumCell(flat, slotStart[i], slotStart[i + 1], ref rhsI, ref diagI);
            cellRhs[i] = rhsI; cellDiag[i] = diagI;
        }
    }

    /// <summary>
    /// A cell's soma step from its summed currents (<see cref="_cellRhs"/>, <see cref="_cellDiag"/>): the Izhi2007b
    /// current and u, the capacitance, the section solve. Returns v + u (for the divergence check).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double StepSoloCell(int i, double tmid)
    {
        var net = _net;
        var v1 = _v1; var u = _u; var t0 = _t0;
        var scale = net.Scale; var capTerm = net.CapTerm;
        var k = net.K; var vr = net.Vr; var vt = net.Vt; var a = net.A; var b = net.B; var d = net.D; var c = net.C; var iin = net.Iin;
        var recovery = net.Recovery;
        var cellRhs = _cellRhs; var cellDiag = _cellDiag;
        if ((uint)i >= (uint)_cellLength) throw new ArgumentOutOfRangeException(nameof(i));
        double v = At(v1, i);
        double sc = At(scale, i);
        double rhs = At(cellRhs, i), diag = At(cellDiag, i);

        // Izhi2007b: the v+0.001 evaluation advances u explicitly (delta = t - t0); the second has delta 0.
        double vp = v + 0.001;
        double ui = At(u, i);
        double delta = tmid - At(t0, i);
        switch (At(recovery, i))
        {
            case RecoveryKind.Linear:
                ui = ui + delta * At(a, i) * (At(b, i) * (vp - At(vr, i)) - ui);
                break;
            case RecoveryKind.FastSpiking:
                {
                    double vb = At(d, i);
                    ui = vp < vb
                        ? ui + delta * At(a, i) * (0 - ui)
                        : ui + delta * At(a, i) * ((0.025 * (vp - vb) * (vp - vb) * (vp - vb)) - ui);
                    break;
                }
            case RecoveryKind.Thalamocortical:
                ui = ui + delta * At(a, i) * ((vp > -65 ? 0.0 : 15.0) * (vp - At(vr, i)) - ui);
                break;
            case RecoveryKind.Reticular:
                ui = ui + delta * At(a, i) * ((vp > -65 ? 2.0 : 10.0) * (vp - At(vr, i)) - ui);
                break;
        }
        At(t0, i) = tmid;
        At(u, i) = ui;
        double iIzhPlus = -(At(k, i) * (vp - At(vr, i)) * (vp - At(vt, i)) - ui + At(iin, i));
        double iIzh = -(At(k, i) * (v - At(vr, i)) * (v - At(vt, i)) - ui + At(iin, i));
        // x / 1.0 is x: the division by C (usually 1) leaves the step's chain of dependent divisions.
        double ci = At(c, i);
        if (ci != 1.0)
        {
            iIzhPlus /= ci;
            iIzh /= ci;
        }
        iIzhPlus /= 1000;
        iIzh /= 1000;
        double gIzh = (iIzhPlus - iIzh) / 0.001;
        rhs -= iIzh * sc;
        diag += gIzh * sc;

        diag += At(capTerm, i);
        double vNew = SolveSection(i, v, rhs, diag);
        return vNew + ui;
    }

    /// <summary>
    /// The axial terms of the soma's three nodes (root x=0, centre, end x=1) added to the centre's rhs and diagonal,
    /// then triang / bksub as NEURON's solve.cpp; writes the three node voltages and returns the centre's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double SolveSection(int i, double v, double rhs, double diag)
    {
        var net = _net;
        // One check for the cell's index instead of one per array (every per-cell array is at least _cellLength long).
        if ((uint)i >= (uint)_cellLength) throw new ArgumentOutOfRangeException(nameof(i));
        ref double v0 = ref At(_v0, i);
        ref double v2 = ref At(_v2, i);
        double r0 = v0, r2 = v2;
        double a1 = At(net.AxialA1, i), b1 = At(net.AxialB1, i), a2 = At(net.AxialA2, i), b2 = At(net.AxialB2, i);
        double dv1 = r0 - v;
        rhs -= b1 * dv1;
        double rhs0 = 0.0 + a1 * dv1;
        double dv2 = v - r2;
        double rhs2 = 0.0 - b2 * dv2;
        rhs += a2 * dv2;
        diag -= b1;
        double d0 = 0.0 - a1;
        double d2 = 0.0 - b2;
        diag -= a2;

        // The end node's elimination factor a2/d2 only depends on geometry.
        double p = At(net.EndFactor, i);
        diag -= At(net.EndProduct, i);
        rhs -= p * rhs2;
        p = a1 / diag;
        d0 -= p * b1;
        rhs0 -= p * rhs;

        rhs0 /= d0;
        rhs -= b1 * rhs0;
        rhs /= diag;
        rhs2 -= b2 * rhs;
        rhs2 /= d2;

        v0 = r0 + rhs0;
        double vNew = v + rhs;
        At(_v1, i) = vNew;
        v2 = r2 + rhs2;
        return vNew;
    }

    /// <summary>Element <paramref name="i"/> without a bounds check: callers check i against <see cref="_cellLength"/>.</summary>
    // Not generic: held compiled and inlined in a ReadyToRun image as the narrow step is.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double At(double[] values, int i) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref RecoveryKind At(RecoveryKind[] values, int i) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), i);

    /// <summary>
    /// Cells made of density mechanisms: the node's currents summed by NEURON's mechanism type (pas, IClamp,
    /// ExpSyn and Exp2Syn, hh; the capacitance last), each conductance as (i(v + 0.001) - i(v)) / 0.001, the
    /// section solve, then the mechanisms' states with the new v (nrn_state).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double IntegrateMembraneCells(Partition part, double tmid)
    {
        var net = _net;
        var mechanisms = _mechanisms!.All;
        var cells = part.MembraneCells;
        var rhs = _cellRhs; var diag = _cellDiag; var v1 = _v1;
        var slotStart = net.CellSlotStart;
        foreach (int i in cells)
        {
            rhs[i] = 0.0;
            diag[i] = 0.0;
        }
        for (int m = 0; m < mechanisms.Length; m++)
        {
            if (mechanisms[m].BeforePointProcesses) mechanisms[m].AddCurrents(_densityStates[m], part.MechanismCells[m], v1, rhs, diag);
        }
        foreach (int i in cells)
        {
            rhs[i] = ClampCurrents(i, tmid, rhs[i]);
            Exp2SynSlots.Step(_slots, slotStart[i], slotStart[i + 1], v1[i], net.Scale[i], ref rhs[i], ref diag[i]);
        }
        for (int m = 0; m < mechanisms.Length; m++)
        {
            if (!mechanisms[m].BeforePointProcesses) mechanisms[m].AddCurrents(_densityStates[m], part.MechanismCells[m], v1, rhs, diag);
        }
        double check = 0;
        foreach (int i in cells) check += SolveSection(i, v1[i], rhs[i], diag[i] + net.CapTerm[i]);
        for (int m = 0; m < mechanisms.Length; m++) mechanisms[m].Advance(_densityStates[m], part.MechanismCells[m], v1, _dt);
        return check;
    }

    /// <summary>
    /// NET_RECEIVE for every event due now: Exp2Syn adds w*factor to A and B; ExpSyn adds w to g, kept as B
    /// (its A stays 0, so g = B - A is its g bit for bit).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void DeliverDue(long step)
    {
        if (_net.SomeKindSkipsA) DeliverDue<SkipExpSynA>(step);
        else DeliverDue<EveryA>(step);
    }

    /// <summary>Whether an event on a slot adds to A (a compile-time constant for networks without ExpSyn).</summary>
    private interface ISlotA
    {
        /// <summary>Whether an event of synapse <paramref name="synapse"/> (an index of <see cref="CompiledNetwork.OutSlot"/>) adds to A.</summary>
        static abstract bool AddsAt(CompiledNetwork net, int synapse);
        /// <summary>Whether an event of source <paramref name="source"/> adds to A.</summary>
        static abstract bool AddsFrom(CompiledNetwork net, int source);
    }

    private struct EveryA : ISlotA
    {
        public static bool AddsAt(CompiledNetwork net, int synapse) => true;
        public static bool AddsFrom(CompiledNetwork net, int source) => true;
    }

    private struct SkipExpSynA : ISlotA
    {
        public static bool AddsAt(CompiledNetwork net, int synapse) => net.KindEventsAddToA[net.SlotKind[net.OutSlot[synapse]]];
        public static bool AddsFrom(CompiledNetwork net, int source) => net.KindEventsAddToA[net.SlotKind[net.Sources[source].Slot]];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void DeliverDue<TSlotA>(long step) where TSlotA : struct, ISlotA
    {
        var synA = _synA; var synB = _synB;
        var net = _net;
        var segStart = net.SegmentConnStart; var outSlot = _deliverySlot;
        bool perSynapse = net.PerSynapseIncrement;
        var segInc = net.SegmentIncrement; var outInc = net.OutIncrement;
        foreach (int entry in _ring.Due(step))
        {
            if (entry >= 0)
            {
                int end = segStart[entry + 1];
                if (perSynapse)
                {
                    for (int j = segStart[entry]; j < end; j++)
                    {
                        int at = outSlot[j];
                        double inc = outInc[j];
                        if (TSlotA.AddsAt(net, j)) synA[at] = synA[at] + inc;
                        synB[at] = synB[at] + inc;
                    }
                }
                else
                {
                    double inc = segInc[entry];
                    for (int j = segStart[entry]; j < end; j++)
                    {
                        int at = outSlot[j];
                        if (TSlotA.AddsAt(net, j)) synA[at] = synA[at] + inc;
                        synB[at] = synB[at] + inc;
                    }
                }
            }
            else
            {
                int source = ~entry;
                int at = _sourceSlot[source];
                double inc = _sourceIncrement[source];
                if (TSlotA.AddsFrom(net, source)) synA[at] = synA[at] + inc;
                synB[at] = synB[at] + inc;
            }
        }
        _ring.Release(step);
    }

    private void ApplyReset(int i, double time)
    {
        var net = _net;
        Izhi2007b.ApplyReset(net.Reset[i], net.ResetC[i], net.D[i], ref _v1[i], ref _u[i]);
        if (net.Alive[i] != 0) _resets.Add(time, _firstGid + i);
    }

    /// <param name="cell">The spiking cell's index in the arrays (its gid in one process).</param>
    private void EmitSpike(int cell, double time, long step)
    {
        int gid = _firstGid + cell;
        if (_exchange is not null)
        {
            if (_pendingCount == _pendingSpikes.Length) Array.Resize(ref _pendingSpikes, 2 * _pendingSpikes.Length);
            _pendingSpikes[_pendingCount++] = step * _gids + gid;
            return;
        }
        _spikes.Add(time, gid);
        _plastic?.OnSpike(gid, time);
        var net = _net;
        for (int seg = net.OutSegmentStart[gid]; seg < net.OutSegmentStart[gid + 1]; seg++)
        {
            double te = time + net.SegmentDelay[seg];
            _ring.Add(DeliveryStep(te, step), seg);
        }
    }

    /// <summary>The step whose integration first sees an event at <paramref name="te"/> (<see cref="TimeGrid.DeliveryStep"/>).</summary>
    private long DeliveryStep(double te, long fromStep)
    {
        long k = TimeGrid.DeliveryStep(te, _stepTime, _timeBase, fromStep, _dt);
        if (k == long.MaxValue || fromStep < _timeBase)
            throw new InvalidOperationException($"An event at {te} ms lies outside the time table [{_timeBase}, {_timeBase + _stepTime.Length}).");
        return k;
    }

    private double TimeAt(long step)
    {
        long index = step - _timeBase;
        if (index < 0 || index >= _stepTime.Length)
            throw new InvalidOperationException($"Step {step} is outside the time table [{_timeBase}, {_timeBase + _stepTime.Length}).");
        return _stepTime[index];
    }

    /// <summary>Moves the time table to start at <paramref name="step"/> (which it must already hold).</summary>
    private void RebaseTimes(long step)
    {
        if (step == _timeBase) return;
        long shift = step - _timeBase;
        Array.Copy(_stepTime, shift, _stepTime, 0, _stepTime.Length - shift);
        _timeBase = step;
        FillStepTimes((int)(_stepTime.Length - shift));
    }

    private void FillStepTimes(int from) => TimeGrid.Fill(_stepTime, from, _dt);

    /// <summary>
    /// Plans the NetStim/VecStim events emitted in steps [start, start + chunk): their times are independent
    /// of the network, so they are generated ahead in blocks and emitted step by step.
    /// </summary>
    private void BuildEmissionChunk(long start)
    {
        RebaseTimes(start);
        long end = start + _chunkLength;
        double limit = TimeAt(end - 1) + 0.5 * _dt;
        // Without event sources there is nothing to plan (the per-step table alone would cost more than a 1-cell run's checks).
        if (_stimuli.Length > 0)
        {
            _emission = StimulusSchedule.Build(_stimuli, _allSources, _sourceTimes, limit, start, _chunkLength,
                (te, _) => Math.Max(start, DeliveryStep(te, start)));
        }
        if (_trains.Length > 0)
            _trainEmission = StimulusSchedule.Build(_trains, _allTrains, _trainTimes, limit, start, _chunkLength,
                (te, _) => Math.Max(start, DeliveryStep(te, start)));
        _chunkStart = start;
        _chunkEnd = end;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EmitSourceEvents(long step)
    {
        var emission = _emission;
        int local = (int)(step - emission.First);
        var delay = _sourceDelay;
        for (int e = emission.Start[local]; e < emission.Start[local + 1]; e++)
        {
            int source = emission.Source[e];
            double te = emission.Time[e] + delay[source];
            _ring.Add(DeliveryStep(te, step), ~source);
        }
    }

    /// <summary>
    /// The spikes of spike-generator cells whose net_event falls in this step's delivery (a NetStim's or VecStim's
    /// self event at te): each goes out through the cell's connections as a cell's spike at te does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitGeneratorSpikes(long step)
    {
        var emission = _trainEmission;
        int local = (int)(step - emission.First);
        var trains = _net.SpikeTrains;
        var net = _net;
        for (int e = emission.Start[local]; e < emission.Start[local + 1]; e++)
        {
            int gid = trains[emission.Source[e]].Gid;
            double te = emission.Time[e];
            _plastic?.OnSpike(gid, te);
            for (int seg = net.OutSegmentStart[gid]; seg < net.OutSegmentStart[gid + 1]; seg++)
                _ring.Add(DeliveryStep(te + net.SegmentDelay[seg], step), seg);
        }
    }

    private void ThrowDiverged() => throw Divergence.Find<double>(_v1, _u, _mechanisms, _densityStates, _t, _firstGid);

    private int SynapseIndex(string synapse)
    {
        var synapses = _network.Definition.Synapses;
        for (int s = 0; s < synapses.Count; s++)
        {
            if (synapses[s].Name == synapse) return s;
        }
        throw new ArgumentException($"Unknown synapse '{synapse}'.", nameof(synapse));
    }

    private SimulationResult Collect(double runTime, bool partial)
    {
        // NEURON ends a run (psolve) with the deliveries of the last step's end, the events due by t: they change
        // plastic weights (and can hold the last weight sample), nothing else a result holds.
        FinishPlasticDeliveries();
        return RunResults.Collect(_network, _sourceTimes, _t, _spikes, _resets, _traces, _setrecordTime, runTime, partial, SimulationPrecision.Exact, ThreadCount,
            _plastic?.Collect(_network), _trainTimes, _workers?.Load());
    }

    /// <summary>Number of plastic connections (connections whose rule has a plasticity mechanism).</summary>
    public int PlasticConnectionCount => _plastic?.Connections.Count ?? 0;

    /// <summary>
    /// The current weight of every plastic connection, in NetPyNE's connection order (as
    /// <see cref="PlasticWeights.Connections"/>); empty without plastic connections.
    /// </summary>
    public ReadOnlySpan<double> PlasticWeights => _plastic is { } plastic ? plastic.Weights : [];

    /// <summary>
    /// stdp.mod's <c>reward_punish(reinforcement)</c> on the STDP mechanism of every plastic connection (or of the
    /// given ones, indices as in <see cref="PlasticWeights"/>) at the current time, as a NetPyNE program calls it
    /// between runs (examples/RL_arm): each weight moves by reinforcement times its eligibility (RLhebbwt while a
    /// Hebbian trace is on, RLantiwt while an anti-Hebbian one is), soft-thresholded if asked, clipped to [0, wmax].
    /// The reward comes after the plastic events due by now (what NEURON delivers at the end of a run) and before
    /// the threshold checks at this time and the events due later.
    /// </summary>
    public void RewardPunish(double reinforcement, IEnumerable<int>? plasticConnections = null)
    {
        if (_plastic is not { } plastic) throw new InvalidOperationException("The network has no plastic connections.");
        if (!_initialized) Initialize();
        FinishPlasticDeliveries();
        double half = 0.5 * _dt;
        plastic.RewardPunish(_t, _t + half + half, reinforcement, plasticConnections);
    }
}
