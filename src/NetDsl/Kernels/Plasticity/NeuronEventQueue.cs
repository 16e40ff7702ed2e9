using System.Runtime.CompilerServices;

namespace NetDsl.Kernels.Plasticity;

/// <summary>What a <see cref="NeuronEvent"/> is in NEURON.</summary>
internal enum NeuronEventKind : byte
{
    /// <summary>A NetCon's event (a spike plus the NetCon's delay): a plastic connection's NetCon, or a fixed one.</summary>
    NetCon,
    /// <summary>A spike sent as one event for all of a cell's NetCons (PreSyn use_min_delay_).</summary>
    PreSyn,
    /// <summary>An STDP mechanism's net_send(1, flag).</summary>
    Self,
    /// <summary>NetStim's INITIAL net_send(event, 3).</summary>
    NetStimStart,
    /// <summary>A NetStim's or VecStim's firing (its flag-1 self event).</summary>
    StimulusFire,
    /// <summary>A WATCH condition of an Izhi2007b cell turning true.</summary>
    Watch,
    /// <summary>Izhi2007b's INITIAL net_send(0, 1).</summary>
    IzhiInit,
    /// <summary>The weight recorders (Vector.record(netcon._ref_weight[0], step)).</summary>
    WeightSample,
    /// <summary>The trace recorders (NetPyNE's h.t and traces, Vector.record(ref, recordStep)).</summary>
    TraceSample,
}

/// <summary>An event of NEURON's queue: due at <see cref="Time"/>, ordered among equal times by <see cref="Sequence"/>.</summary>
internal readonly struct NeuronEvent(double time, long sequence, int target, NeuronEventKind kind, sbyte flag = 0, double weight = 0)
{
    public readonly double Time = time;
    public readonly long Sequence = sequence;
    /// <summary>Kind-dependent: NetCon action, gid, plastic connection or stimulus source; -1 when none.</summary>
    public readonly int Target = target;
    /// <summary>Self events: NET_RECEIVE's w (the weight of the NetCon whose event sent it).</summary>
    public readonly double Weight = weight;
    public readonly NeuronEventKind Kind = kind;
    /// <summary>Self events: the net_send flag.</summary>
    public readonly sbyte Flag = flag;

    public NeuronEvent WithSequence(long sequence) => new(Time, sequence, Target, Kind, Flag, Weight);
}

/// <summary>
/// NEURON 8.2's event queue (TQueue with BBTQ 5: sptbinq.cpp), reproduced for the order it delivers events in. It keeps
/// its earliest event apart (least_) and the others in a splay tree that puts an event after every event of equal time
/// already there. An event earlier than least_ takes its place and least_ goes back into the tree, after the events of
/// its own time: so among events of equal time NEURON's order is the insertion order, except that an event that was the
/// earliest when an earlier one arrived moves behind the others of its time. Stored here as least_ plus a binary heap by
/// (time, sequence), a re-entered event getting a new sequence number.
/// </summary>
internal sealed class NeuronEventQueue
{
    private NeuronEvent[] _heap = new NeuronEvent[256];
    private int _count;
    private NeuronEvent _least;
    private bool _hasLeast;
    private long _sequence;

    public void Clear()
    {
        _count = 0;
        _hasLeast = false;
        _sequence = 0;
    }

    public int Count => _count + (_hasLeast ? 1 : 0);

    /// <summary>TQueue::insert.</summary>
    public void Insert(double time, int target, NeuronEventKind kind, sbyte flag = 0, double weight = 0)
    {
        var item = new NeuronEvent(time, _sequence++, target, kind, flag, weight);
        if (!_hasLeast)
        {
            _least = item;
            _hasLeast = true;
        }
        else if (time < _least.Time)
        {
            Push(_least.WithSequence(_sequence++));
            _least = item;
        }
        else
        {
            Push(item);
        }
    }

    /// <summary>
    /// Inserts the next event of a group of two or more recorders that re-send themselves at one time: NEURON enqueues
    /// them one by one while another of the group is the earliest, so the group never displaces the earliest event.
    /// </summary>
    public void InsertGroup(double time, int target, NeuronEventKind kind)
    {
        var item = new NeuronEvent(time, _sequence++, target, kind);
        if (!_hasLeast)
        {
            _least = item;
            _hasLeast = true;
        }
        else if (time < _least.Time)
        {
            Push(_least);
            _least = item;
        }
        else
        {
            Push(item);
        }
    }

    /// <summary>TQueue::atomic_dq: takes the earliest event if it is due by <paramref name="until"/>.</summary>
    public bool TryTake(double until, out NeuronEvent item)
    {
        if (!_hasLeast || _least.Time > until)
        {
            item = default;
            return false;
        }
        item = _least;
        if (_count > 0) _least = Pop();
        else _hasLeast = false;
        return true;
    }

    private void Push(in NeuronEvent item)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, 2 * _heap.Length);
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(item, _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = item;
    }

    private NeuronEvent Pop()
    {
        var top = _heap[0];
        var last = _heap[--_count];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && Before(_heap[child + 1], _heap[child])) child++;
            if (!Before(_heap[child], last)) break;
            _heap[i] = _heap[child];
            i = child;
        }
        if (_count > 0) _heap[i] = last;
        return top;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(in NeuronEvent a, in NeuronEvent b) => a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);
}
