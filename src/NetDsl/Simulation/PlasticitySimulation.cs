using NetDsl.Construction;
using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Kernels.Plasticity;

namespace NetDsl.Simulation;

/// <summary>
/// The exact engine's plastic connections during a run: their weights and STDP states, and a reproduction of NEURON's
/// event queue (<see cref="NeuronEventQueue"/>) that decides the order of everything that reads or writes those
/// weights: the synaptic events of plastic connections, the spikes reaching each STDP mechanism, its net_send events
/// and the weight samples.
/// </summary>
/// <remarks>
/// NEURON delivers events of equal time in an order that depends on every event in its queue (an event that is the
/// earliest when an earlier one arrives moves behind the others of its time), and ties are common here: a pre and a
/// post cell that spike in the same step send their STDP events for the same time. So the queue holds, besides the
/// plastic events, a stand-in for every other event NEURON would queue: each fixed connection's NetCon event, the
/// NetStims' and VecStims' self events and their NetCon events, the Izhi2007b INITIAL and WATCH events and the
/// recorders' events. Those stand-ins do nothing when delivered (the engine's event ring still does the real work of
/// fixed connections); they only keep the order NEURON's. Only a network with plastic connections has one of these
/// (see docs/plasticity.md).
/// </remarks>
internal sealed class PlasticitySimulation
{
    private const double HocEpsilon = 1e-11;

    private readonly PlasticConnections _c;
    private readonly NeuronWiring _wiring;
    private readonly double[] _synA, _synB;
    private readonly StdpStates _state;
    // The pairSTDP connections' traces (null without any), on the same weights as _state.
    private readonly PairStdpStates? _pair;
    private readonly NeuronEventQueue _queue = new();

    // Stimulus sources: their own copies of the event-time generators (the same draws as the engine's schedule),
    // to know each next firing when NEURON schedules it.
    private readonly EventSource[] _sources;
    private readonly StimulusEvents[] _stimuli;

    // Izhi2007b cells: INITIAL events, the WATCH conditions that turned true at this step's check (flag 2, in gid
    // order) and the extra WATCH conditions of FS, TC and RTN cells (flags 3 and 4).
    private readonly int[] _izhiCells;
    private readonly int[] _extraWatchCells;
    private readonly double[] _extraWatchLevel;
    private readonly bool[] _extraAbove, _extraBelow;
    private readonly List<int> _watches = [];
    private readonly List<double> _watchV = [];

    // Recorders: the weight samples (every plastic NetCon's weight plus h.t, as recorded) and NetPyNE's traces.
    private readonly double _sampleStep;
    private readonly double _traceStep;
    private readonly int _traceRecorders;
    private readonly List<double> _sampleTimes = [];
    private double[] _samples = [];
    private readonly bool _recordChanges;
    private readonly List<WeightChange> _changes = [];
    private readonly long[] _updates;
    private long _changeCount;

    /// <param name="traceRecorders">Vectors NetPyNE records with recordStep (h.t and each trace); 0 when it records none.</param>
    public PlasticitySimulation(CompiledNetwork net, double[] synA, double[] synB, SimulationSettings settings, int traceRecorders)
    {
        _c = net.Plasticity!;
        _wiring = _c.Wiring;
        _synA = synA;
        _synB = synB;
        _state = new StdpStates(_c.Count);
        if (_c.HasPairStdp) _pair = new PairStdpStates(_state.Weight);
        _updates = new long[_c.Count];
        _sampleStep = settings.WeightRecordStep ?? 0;
        _recordChanges = settings.RecordWeightChanges;
        _traceStep = settings.RecordStep;
        _traceRecorders = traceRecorders;
        _sources = net.Sources;
        _stimuli = new StimulusEvents[_sources.Length];
        var izhi = new List<int>();
        var extra = new List<int>();
        var level = new List<double>();
        for (int gid = 0; gid < net.CellCount; gid++)
        {
            if (net.Model[gid] != CellModel.Izhikevich) continue;
            izhi.Add(gid);
            // WATCH (v > d) 3 and (v < d) 4 of FS cells; (v > -65) 3 and (v < -65) 4 of TC and RTN cells.
            switch (net.Recovery[gid])
            {
                case RecoveryKind.FastSpiking:
                    extra.Add(gid);
                    level.Add(net.D[gid]);
                    break;
                case RecoveryKind.Thalamocortical:
                case RecoveryKind.Reticular:
                    extra.Add(gid);
                    level.Add(-65.0);
                    break;
            }
        }
        _izhiCells = [.. izhi];
        _extraWatchCells = [.. extra];
        _extraWatchLevel = [.. level];
        _extraAbove = new bool[_extraWatchCells.Length];
        _extraBelow = new bool[_extraWatchCells.Length];
        _state.Initialize(_c.InitialWeight);
    }

    public PlasticConnections Connections => _c;

    /// <summary>The current weight of every plastic connection.</summary>
    public ReadOnlySpan<double> Weights => _state.Weight;

    /// <summary>
    /// finitialize: the mechanisms' INITIAL blocks (Izhi2007b's net_send(0, 1), then every NetStim's first event,
    /// then every VecStim's), the events due at 0, the recorders' first events and the events due at 0 again.
    /// </summary>
    /// <param name="vInit">v when the WATCH conditions are activated (Izhi2007b's flag-1 event at t = 0).</param>
    public void Initialize(double vInit, double recordedAt)
    {
        _state.Initialize(_c.InitialWeight);
        _pair?.Initialize();
        _queue.Clear();
        _sampleTimes.Clear();
        _changes.Clear();
        _watches.Clear();
        _watchV.Clear();
        Array.Clear(_updates);
        _changeCount = 0;
        foreach (int gid in _izhiCells) _queue.Insert(0.0, gid, NeuronEventKind.IzhiInit);
        for (int s = 0; s < _sources.Length; s++)
        {
            _stimuli[s] = new StimulusEvents(_sources[s]);
            if (_sources[s].IsNetStim && _stimuli[s].TryTake(double.MaxValue, out double first))
                _queue.Insert(0.0 + first, s, NeuronEventKind.NetStimStart);
        }
        for (int s = 0; s < _sources.Length; s++)
        {
            if (!_sources[s].IsNetStim && _stimuli[s].TryTake(double.MaxValue, out double first))
                _queue.Insert(0.0 + (first - 0.0), s, NeuronEventKind.StimulusFire);
        }
        // The WATCH conditions are activated with v still at v_init: flag_ = value >= -hoc_epsilon.
        for (int i = 0; i < _extraWatchCells.Length; i++)
        {
            _extraAbove[i] = vInit - _extraWatchLevel[i] >= -HocEpsilon;
            _extraBelow[i] = -(vInit - _extraWatchLevel[i]) >= -HocEpsilon;
        }
        Deliver(0.0, recordedAt);
        if (_traceRecorders > 0) _queue.Insert(0.0, -1, NeuronEventKind.TraceSample);
        if (_sampleStep > 0) _queue.Insert(0.0, -1, NeuronEventKind.WeightSample);
        Deliver(0.0, recordedAt);
    }

    /// <summary>A spike of <paramref name="gid"/> stamped <paramref name="time"/>: PreSyn::send of its spike source.</summary>
    public void OnSpike(int gid, double time)
    {
        var w = _wiring;
        double single = w.SingleEventDelay[gid];
        if (!double.IsNaN(single))
        {
            _queue.Insert(time + single, gid, NeuronEventKind.PreSyn);
            return;
        }
        for (int k = w.Start[gid]; k < w.Start[gid + 1]; k++) _queue.Insert(time + w.Delay[k], w.Action[k], NeuronEventKind.NetCon);
    }

    /// <summary>
    /// The flag-2 WATCH of <paramref name="gid"/> turned true at this step's check (called in gid order);
    /// <paramref name="v"/> is the cell's v at the check, before the engine applies the reset.
    /// </summary>
    public void NoteWatch(int gid, double v)
    {
        _watches.Add(gid);
        _watchV.Add(v);
    }

    /// <summary>
    /// The WATCH part of NEURON's check_thresh at t_k, after every spike detector: the conditions that turned true
    /// send their events at t_k, cell by cell in gid order and, within a cell, in the mod file's order (2, 3, 4).
    /// </summary>
    public void FlushWatches(double tk, double[] v)
    {
        if (_extraWatchCells.Length == 0)
        {
            foreach (int gid in _watches) _queue.Insert(tk, gid, NeuronEventKind.Watch);
            _watches.Clear();
            _watchV.Clear();
            return;
        }
        int next = 0;
        for (int i = 0; i < _extraWatchCells.Length; i++)
        {
            int gid = _extraWatchCells[i];
            while (next < _watches.Count && _watches[next] < gid) _queue.Insert(tk, _watches[next++], NeuronEventKind.Watch);
            double vk = v[gid];
            if (next < _watches.Count && _watches[next] == gid)
            {
                // Reset by its flag-2 WATCH at this check: NEURON sees v before the reset.
                vk = _watchV[next];
                _queue.Insert(tk, _watches[next++], NeuronEventKind.Watch);
            }
            double above = vk - _extraWatchLevel[i];
            CheckCondition(ref _extraAbove[i], above, tk, gid);
            CheckCondition(ref _extraBelow[i], -above, tk, gid);
        }
        while (next < _watches.Count) _queue.Insert(tk, _watches[next++], NeuronEventKind.Watch);
        _watches.Clear();
        _watchV.Clear();
    }

    /// <summary>ConditionEvent::check: an event when the value turns positive.</summary>
    private void CheckCondition(ref bool flag, double value, double tk, int gid)
    {
        if (value > 0.0)
        {
            if (!flag)
            {
                flag = true;
                _queue.Insert(tk, gid, NeuronEventKind.Watch);
            }
        }
        else
        {
            flag = false;
        }
    }

    /// <summary>
    /// Delivers every event due by <paramref name="until"/> in NEURON's order; <paramref name="recordedAt"/> is the
    /// next grid time (what a per-step record of a changed weight shows first).
    /// </summary>
    public void Deliver(double until, double recordedAt)
    {
        while (_queue.TryTake(until, out var e))
        {
            switch (e.Kind)
            {
                case NeuronEventKind.NetCon:
                    Act(e.Target, e.Time, recordedAt);
                    break;
                case NeuronEventKind.PreSyn:
                    // PreSyn::deliver: every NetCon of the source, in list order, at once.
                    for (int k = _wiring.Start[e.Target]; k < _wiring.Start[e.Target + 1]; k++) Act(_wiring.Action[k], e.Time, recordedAt);
                    break;
                case NeuronEventKind.Self:
                    if (_c.Parameters[e.Target] is PairStdpParameters pair) PairPreArrival(e.Target, pair, e.Time, recordedAt);
                    else Receive(e.Target, e.Time, e.Flag, e.Weight, recordedAt);
                    break;
                case NeuronEventKind.NetStimStart:
                    // flag 3: init_sequence(t), net_send(0, 1).
                    _queue.Insert(e.Time + 0.0, e.Target, NeuronEventKind.StimulusFire);
                    break;
                case NeuronEventKind.StimulusFire:
                    {
                        // net_event(t): the source's NetCon; then the next firing (net_send(event, 1), VecStim's etime - t).
                        var source = _sources[e.Target];
                        _queue.Insert(e.Time + source.Delay, NeuronWiring.Fixed, NeuronEventKind.NetCon);
                        if (_stimuli[e.Target].TryTake(double.MaxValue, out double next))
                            _queue.Insert(source.IsNetStim ? next : e.Time + (next - e.Time), e.Target, NeuronEventKind.StimulusFire);
                        break;
                    }
                case NeuronEventKind.WeightSample:
                    TakeSample(e.Time);
                    _queue.InsertGroup(e.Time + _sampleStep, -1, NeuronEventKind.WeightSample);
                    break;
                case NeuronEventKind.TraceSample:
                    if (_traceRecorders > 1) _queue.InsertGroup(e.Time + _traceStep, -1, NeuronEventKind.TraceSample);
                    else _queue.Insert(e.Time + _traceStep, -1, NeuronEventKind.TraceSample);
                    break;
                    // Watch and IzhiInit: the engine applies resets and arms its conditions itself.
            }
        }
    }

    /// <summary>A NetCon event: a fixed connection's (nothing to do here) or one of a plastic connection's three.</summary>
    private void Act(int action, double t, double recordedAt)
    {
        if (action < 0) return;
        int p = action / NeuronWiring.Roles;
        switch (action - p * NeuronWiring.Roles)
        {
            case NeuronWiring.SynapseRole:
                // pairSTDP: net_send(0, 1), so that the arrival comes after the post spikes already queued for its time.
                if (_c.Parameters[p] is PairStdpParameters) _queue.Insert(t + 0.0, p, NeuronEventKind.Self, PairStdpStates.PreArrivalFlag, PlasticConnections.PreNetConWeight);
                else Transmit(p);
                break;
            case NeuronWiring.PreRole:
                Receive(p, t, 0.0, PlasticConnections.PreNetConWeight, recordedAt);
                break;
            default:
                if (_c.Parameters[p] is PairStdpParameters pair) PairPostSpike(p, pair, t, recordedAt);
                else Receive(p, t, 0.0, PlasticConnections.PostNetConWeight, recordedAt);
                break;
        }
    }

    /// <summary>Where each slot's A and B are in the simulator's arrays (null: at the slot's index; see <c>Exp2SynBlocks.Store</c>).</summary>
    internal int[]? SlotStore { get; set; }

    /// <summary>Exp2Syn's (ExpSyn's) NET_RECEIVE, with the connection's weight as it is now.</summary>
    private void Transmit(int p)
    {
        int s = SlotStore is { } store ? store[_c.Slot[p]] : _c.Slot[p];
        double inc = _state.Weight[p] * _c.Factor[p];
        if (_c.AddsToA[p]) _synA[s] = _synA[s] + inc;
        _synB[s] = _synB[s] + inc;
    }

    /// <summary>A presynaptic arrival at a pairSTDP connection: depression, then the synaptic event with the new weight.</summary>
    private void PairPreArrival(int p, PairStdpParameters parameters, double t, double recordedAt)
    {
        double before = _state.Weight[p];
        _pair!.PreArrival(p, parameters, t);
        double after = _state.Weight[p];
        if (after != before) NoteChange(p, t, recordedAt, before, after);
        Transmit(p);
    }

    /// <summary>A postsynaptic spike at a pairSTDP connection: potentiation.</summary>
    private void PairPostSpike(int p, PairStdpParameters parameters, double t, double recordedAt)
    {
        double before = _state.Weight[p];
        _pair!.PostSpike(p, parameters, t);
        double after = _state.Weight[p];
        if (after != before) NoteChange(p, t, recordedAt, before, after);
    }

    private void Receive(int p, double t, double flag, double w, double recordedAt)
    {
        double before = _state.Weight[p];
        var outcome = _state.Receive(p, (StdpParameters)_c.Parameters[p], t, flag, w);
        double after = _state.Weight[p];
        if (after != before) NoteChange(p, t, recordedAt, before, after);
        // net_send(1, ±1): a self event 1 ms later that carries this event's weight (NET_RECEIVE's w).
        if (outcome == StdpStates.Outcome.SendAntiHebbian) _queue.Insert(t + 1.0, p, NeuronEventKind.Self, 1, w);
        else if (outcome == StdpStates.Outcome.SendHebbian) _queue.Insert(t + 1.0, p, NeuronEventKind.Self, -1, w);
    }

    /// <summary>
    /// reward_punish(reinforcement) of the given plastic connections (all when null) at time t; pairSTDP connections
    /// have no eligibility traces and do not change.
    /// </summary>
    public void RewardPunish(double t, double recordedAt, double reinforcement, IEnumerable<int>? connections)
    {
        if (connections is null)
        {
            for (int p = 0; p < _c.Count; p++) Reward(p);
            return;
        }
        foreach (int p in connections)
        {
            if ((uint)p >= (uint)_c.Count) throw new ArgumentOutOfRangeException(nameof(connections), p, $"There are {_c.Count} plastic connections.");
            Reward(p);
        }

        void Reward(int p)
        {
            if (_c.Parameters[p] is not StdpParameters stdp) return;
            double before = _state.Weight[p];
            _state.RewardPunish(p, stdp, t, reinforcement);
            double after = _state.Weight[p];
            if (after != before) NoteChange(p, t, recordedAt, before, after);
        }
    }

    private void NoteChange(int p, double t, double recordedAt, double before, double after)
    {
        _updates[p]++;
        _changeCount++;
        if (_recordChanges) _changes.Add(new WeightChange(p, t, recordedAt, before, after));
    }

    private void TakeSample(double time)
    {
        int count = _c.Count;
        int at = _sampleTimes.Count * count;
        if (at + count > _samples.Length) Array.Resize(ref _samples, Math.Max(at + count, 2 * _samples.Length));
        _state.Weight.AsSpan().CopyTo(_samples.AsSpan(at, count));
        _sampleTimes.Add(time);
    }

    /// <summary>The weights of the run so far, for its result.</summary>
    public PlasticWeights Collect(Network network)
    {
        return new PlasticWeights
        {
            Connections = _c.Report(network, _state.Weight, _samples, _sampleTimes.Count, _updates),
            SampleTimes = [.. _sampleTimes],
            RecordStep = _sampleStep > 0 ? _sampleStep : null,
            Changes = [.. _changes],
            ChangesRecorded = _recordChanges,
            ChangeCount = _changeCount,
        };
    }
}
