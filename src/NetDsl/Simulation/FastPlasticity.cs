using System.Numerics;
using System.Runtime.CompilerServices;
using NetDsl.Construction;
using NetDsl.Kernels.Plasticity;

namespace NetDsl.Simulation;

/// <summary>
/// The fast engine's plastic connections: pair-based STDP (<see cref="PairStdpStates"/>, the exact engine's updates)
/// on per-connection weights, while every fixed connection keeps the engine's segment delivery. A plastic connection
/// is handled by the thread that owns its post cell: its arrivals wait in that thread's ring, in time order, and its
/// cell's spikes update it, so no two threads touch one connection and the spikes do not depend on the thread count.
/// </summary>
/// <remarks>
/// Order within a step k: the arrivals due at k (times in (t_{k-1} + dt/2, t_k + dt/2]) before t_k, then the post
/// spikes stamped t_k (found by the previous step's checks), then the later arrivals: the order of their times, so
/// each pair is counted as the event-by-event definition counts it. NetPyNE's STDP mechanism (its 1 ms NetCons,
/// scheduled updates and NEURON's event order) stays with the exact engine: <see cref="Supports"/>.
/// </remarks>
internal sealed class FastPlasticity
{
    private readonly PlasticConnections _c;
    private readonly PairStdpParameters[] _parameters;
    private readonly PairStdpStates _pair;
    private readonly double[] _weight;
    private readonly double[] _delay;
    // Per plastic connection: index of its synapse's A in the engine's state.
    private readonly int[] _target;
    // Incoming plastic connections of each cell are [PostStart[gid], PostStart[gid + 1]) (they are numbered by post);
    // outgoing ones are PreConnection[PreStart[gid] .. PreStart[gid + 1]).
    private readonly int[] _postStart, _preStart, _preConnection;

    // Weight samples (NEURON's Vector.record(&w, step) times: 0, step, 2·step, ...) and what changed.
    private readonly double[] _sampleTimes;
    private readonly double[] _samples;
    private readonly bool _recordChanges;
    private readonly long[] _updates;

    /// <summary>Whether the fast engine runs these connections (only pair-based STDP; null: none are plastic).</summary>
    public static bool Supports(PlasticConnections? plastic)
    {
        if (plastic is null) return true;
        foreach (var parameters in plastic.Parameters)
        {
            if (parameters is not PairStdpParameters) return false;
        }
        return true;
    }

    /// <param name="slotIndex">Per synapse slot: the index of its A in the engine's state.</param>
    /// <param name="runEnd">The time of the run's last step (the last weight sample is due by then).</param>
    public FastPlasticity(Network network, int[] slotIndex, double runEnd, double dt)
    {
        var net = network.Compiled;
        _c = net.Plasticity!;
        int count = _c.Count, n = net.CellCount;
        _parameters = new PairStdpParameters[count];
        _weight = (double[])_c.InitialWeight.Clone();
        _delay = new double[count];
        _target = new int[count];
        _postStart = new int[n + 1];
        _preStart = new int[n + 1];
        MinDelay = double.PositiveInfinity;
        for (int p = 0; p < count; p++)
        {
            _parameters[p] = (PairStdpParameters)_c.Parameters[p];
            _delay[p] = network.Connections[_c.Connection[p]].Delay;
            MinDelay = Math.Min(MinDelay, _delay[p]);
            MaxDelay = Math.Max(MaxDelay, _delay[p]);
            _target[p] = slotIndex[_c.Slot[p]];
            _postStart[_c.Post[p] + 1]++;
            _preStart[_c.Pre[p] + 1]++;
        }
        for (int gid = 0; gid < n; gid++)
        {
            _postStart[gid + 1] += _postStart[gid];
            _preStart[gid + 1] += _preStart[gid];
        }
        _preConnection = new int[count];
        var fill = (int[])_preStart.Clone();
        for (int p = 0; p < count; p++) _preConnection[fill[_c.Pre[p]]++] = p;
        _pair = new PairStdpStates(_weight);

        var settings = network.Definition.Simulation;
        double step = settings.WeightRecordStep ?? 0;
        var times = new List<double>();
        if (step > 0)
        {
            for (double t = 0; t <= runEnd + 0.5 * dt; t += step) times.Add(t);
        }
        _sampleTimes = [.. times];
        _samples = new double[_sampleTimes.Length * count];
        _recordChanges = settings.RecordWeightChanges;
        _updates = new long[count];
    }

    /// <summary>The shortest and longest delay of a plastic connection (ms).</summary>
    public double MinDelay { get; }
    public double MaxDelay { get; }

    /// <summary>The current weight of every plastic connection.</summary>
    public ReadOnlySpan<double> Weights => _weight;

    /// <summary>Times of the weight samples (ms).</summary>
    public ReadOnlySpan<double> SampleTimes => _sampleTimes;

    /// <summary>Whether <paramref name="gid"/> has incoming plastic connections (its spikes update them).</summary>
    public bool HasIncoming(int gid) => _postStart[gid] < _postStart[gid + 1];

    /// <summary>What one thread keeps: its arrivals by delivery step, its cells' spikes not yet counted, its weight changes.</summary>
    public sealed class Share(int ringWindow)
    {
        /// <summary>Arrivals (plastic connection, ordered by the bits of the arrival time) by delivery step.</summary>
        public readonly EventRing Arrivals = new(ringWindow, 16, ordered: true);
        /// <summary>Cells whose spikes at the next step's time are still to be counted.</summary>
        public int[] PendingPost = new int[64];
        public int PendingCount;
        /// <summary>How far the partition's spike list of this window has been read.</summary>
        public int SpikesRead;
        /// <summary>The next weight sample this thread takes, of its connections [From, To).</summary>
        public int NextSample;
        public int From, To;
        public readonly List<WeightChange> Changes = [];
        public long ChangeCount;

        public void AddPending(int gid)
        {
            if (PendingCount == PendingPost.Length) Array.Resize(ref PendingPost, 2 * PendingCount);
            PendingPost[PendingCount++] = gid;
        }

        public void Clear()
        {
            Arrivals.Clear();
            PendingCount = 0;
            SpikesRead = 0;
            NextSample = 0;
            Changes.Clear();
            ChangeCount = 0;
        }
    }

    /// <summary>Back to the initial weights and empty traces.</summary>
    public void Initialize()
    {
        _c.InitialWeight.AsSpan().CopyTo(_weight);
        _pair.Initialize();
        Array.Clear(_updates);
    }

    // Per plastic connection: the share of the thread that owns its post cell (AssignShares).
    private Share[] _shareOf = [];

    /// <summary>Gives each connection to the share of the thread whose cells [from, to) hold its post cell.</summary>
    public void AssignShares(IReadOnlyList<(int From, int To, Share Share)> threads)
    {
        _shareOf = new Share[_c.Count];
        foreach (var (from, to, share) in threads)
        {
            share.From = _postStart[from];
            share.To = _postStart[to];
            for (int p = share.From; p < share.To; p++) _shareOf[p] = share;
        }
    }

    /// <summary>
    /// Queues the arrivals of a spike of <paramref name="gid"/> at <paramref name="time"/> at its plastic connections,
    /// each in the share of its post cell (called by one thread, between windows); none due after
    /// <paramref name="lastStep"/> (those due at it are counted by <see cref="Finish"/>).
    /// </summary>
    public void Send(int gid, double time, double[] stepTime, double dt, long lastStep)
    {
        for (int q = _preStart[gid]; q < _preStart[gid + 1]; q++)
        {
            int p = _preConnection[q];
            double arrival = time + _delay[p];
            long due = TimeGrid.DeliveryStep(arrival, stepTime, 0, 0, dt);
            if (due > lastStep) continue;
            _shareOf[p].Arrivals.InsertOrdered(due, p, BitConverter.DoubleToInt64Bits(arrival));
        }
    }

    /// <summary>
    /// Step <paramref name="k"/> of one thread: the arrivals and post spikes of the step in time order, each weight
    /// sample taken before the first event after its time; each arrival adds its weight (after its depression) to
    /// its synapse, as the segments do.
    /// </summary>
    /// <param name="now">t_k, when a weight change is recorded.</param>
    /// <param name="postTime">The time stamped on the spikes of step k (t_k + the engine's offset).</param>
    /// <param name="toB">From a synapse's A value to its B value (<see cref="NetDsl.Kernels.Fast.FastCellState{T}.GroupLanes"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step<T>(Share share, long k, double now, double postTime, Span<T> synapses, ReadOnlySpan<T> growth, int toB, int kindShift, int kindMask)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var due = share.Arrivals.Due(k);
        var keys = share.Arrivals.DueKeys(k);
        int e = 0;
        for (; e < due.Length; e++)
        {
            double arrival = BitConverter.Int64BitsToDouble(keys[e]);
            if (arrival >= postTime) break;
            Arrive(share, due[e], arrival, now);
            Deliver(due[e], synapses, growth, toB, kindShift, kindMask);
        }
        PostSpikes(share, postTime, now);
        for (; e < due.Length; e++)
        {
            Arrive(share, due[e], BitConverter.Int64BitsToDouble(keys[e]), now);
            Deliver(due[e], synapses, growth, toB, kindShift, kindMask);
        }
        share.Arrivals.Release(k);
    }

    /// <summary>
    /// The end of a run at step <paramref name="k"/> (t_k = <paramref name="end"/>): the arrivals by then and the spikes
    /// of the last check still count for the weights, as they do in the event-by-event rule; nothing is delivered.
    /// </summary>
    public void Finish(Share share, long k, double end, double postTime)
    {
        var due = share.Arrivals.Due(k);
        var keys = share.Arrivals.DueKeys(k);
        for (int e = 0; e < due.Length; e++)
        {
            double arrival = BitConverter.Int64BitsToDouble(keys[e]);
            if (arrival <= end) Arrive(share, due[e], arrival, end);
        }
        PostSpikes(share, postTime, end);
        share.Arrivals.Release(k);
    }

    private void PostSpikes(Share share, double postTime, double now)
    {
        if (share.PendingCount == 0) return;
        TakeSamplesBefore(share, postTime);
        for (int s = 0; s < share.PendingCount; s++)
        {
            int gid = share.PendingPost[s];
            for (int p = _postStart[gid]; p < _postStart[gid + 1]; p++)
            {
                double before = _weight[p];
                _pair.PostSpike(p, _parameters[p], postTime);
                if (_weight[p] != before) Changed(share, p, postTime, now, before);
            }
        }
        share.PendingCount = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Arrive(Share share, int p, double arrival, double now)
    {
        TakeSamplesBefore(share, arrival);
        double before = _weight[p];
        _pair.PreArrival(p, _parameters[p], arrival);
        if (_weight[p] != before) Changed(share, p, arrival, now, before);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver<T>(int p, Span<T> synapses, ReadOnlySpan<T> growth, int toB, int kindShift, int kindMask)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int at = _target[p];
        int kind = (at >> kindShift) & kindMask;
        T increment = T.CreateTruncating(_weight[p] * _c.Factor[p]);
        synapses[at] += increment * growth[2 * kind];
        synapses[at + toB] += increment * growth[2 * kind + 1];
    }

    /// <summary>The share's samples whose times are before <paramref name="time"/>: the weights after every earlier event.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TakeSamplesBefore(Share share, double time)
    {
        while (share.NextSample < _sampleTimes.Length && _sampleTimes[share.NextSample] < time) TakeSample(share);
    }

    private void TakeSample(Share share)
    {
        _weight.AsSpan(share.From, share.To - share.From).CopyTo(_samples.AsSpan(share.NextSample * _c.Count + share.From, share.To - share.From));
        share.NextSample++;
    }

    private void Changed(Share share, int p, double time, double now, double before)
    {
        _updates[p]++;
        share.ChangeCount++;
        if (_recordChanges) share.Changes.Add(new WeightChange(p, time, now, before, _weight[p]));
    }

    /// <summary>The weights of the run so far (samples after the last event hold the final weights).</summary>
    public PlasticWeights Collect(Network network, IReadOnlyList<Share> shares)
    {
        foreach (var share in shares)
        {
            while (share.NextSample < _sampleTimes.Length) TakeSample(share);
        }
        var changes = new List<WeightChange>();
        long changeCount = 0;
        foreach (var share in shares)
        {
            changeCount += share.ChangeCount;
            changes.AddRange(share.Changes);
        }
        // The threads' changes, in time order (connection order within a time).
        changes.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Connection.CompareTo(b.Connection));
        return new PlasticWeights
        {
            Connections = _c.Report(network, _weight, _samples, _sampleTimes.Length, _updates),
            SampleTimes = [.. _sampleTimes],
            RecordStep = _sampleTimes.Length > 0 ? network.Definition.Simulation.WeightRecordStep : null,
            Changes = changes,
            ChangesRecorded = _recordChanges,
            ChangeCount = changeCount,
        };
    }
}
