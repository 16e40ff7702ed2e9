using System.Runtime.CompilerServices;
using NetDsl.Kernels;
using NetDsl.Kernels.Fast;

namespace NetDsl.Simulation;

/// <summary>How the fast engine splits the cells between threads: runs, delivery tables, stimulus events.</summary>
internal sealed partial class FastSimulator<T>
{
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
        /// <summary>Cells made of density mechanisms (hh / pas), stepped in double by <see cref="MembraneStep"/>.</summary>
        public required int[] MembraneCells { get; init; }
        /// <summary>Per density mechanism of the network: the partition's cells that have it.</summary>
        public required int[][] MechanismCells { get; init; }
        public required int[] Traces { get; init; }
        /// <summary>The vectors of cells whose conditions changed in a step, and their new conditions (see <see cref="FastSomaKernel{T}.Step"/>).</summary>
        public required int[] Changed { get; init; }
        public required uint[] ChangedConditions { get; init; }
        /// <summary>Per spike segment: the synapses on this partition's cells, [DeliveryStart[seg], DeliveryStart[seg + 1]).</summary>
        public int[] DeliveryStart = [];
        /// <summary>
        /// Index of the target's A in the state, and what NET_RECEIVE adds to A and B when weights are drawn per
        /// connection (empty otherwise: the segment's increment applies).
        /// </summary>
        public int[] DeliveryTarget = [];
        public T[] DeliveryIncrement = [];
        /// <summary>
        /// Per spike segment: the synapse kind of all its targets on this partition's cells, or -1 when they differ
        /// (then each target's kind is read from its index).
        /// </summary>
        public int[] DeliveryKind = [];
        /// <summary>The stimulus sources driving this partition's cells.</summary>
        public required int[] Sources { get; init; }
        /// <summary>The partition's stimulus events, drawn a chunk of delivery steps at a time (set when a run starts).</summary>
        public StimulusChunks? Stimuli;
        /// <summary>The partition's plastic arrivals and pending post spikes (null without plastic connections).</summary>
        public FastPlasticity.Share? Plastic;
        public StepEventList Spikes { get; } = new();
        public StepEventList Resets { get; } = new();
        public double Check;
    }

    /// <summary>
    /// Splits the cells into <paramref name="count"/> consecutive ranges (multiples of <see cref="Alignment"/> cells)
    /// with their vector runs, scalar cells and traces.
    /// </summary>
    private Partition[] CreatePartitions(int count)
    {
        var net = _net;
        int lanes = FastSomaKernel<T>.Lanes;
        // The cells of this rank (all of them in one process), split between the threads.
        int cells = _cells;
        count = Math.Clamp(count, 1, Math.Max(1, cells / Alignment));
        var parts = new Partition[count];
        for (int p = 0; p < count; p++)
        {
            int from = p == 0 ? 0 : (int)((long)cells * p / count) / Alignment * Alignment;
            int to = p == count - 1 ? cells : (int)((long)cells * (p + 1) / count) / Alignment * Alignment;
            var runFrom = new List<int>(); var runTo = new List<int>(); var uniform = new List<bool>(); var scalar = new List<int>();
            var membrane = new List<int>();
            for (int i = from; i < to; i += lanes)
            {
                bool plain = i + lanes <= to;
                for (int c = i; plain && c < i + lanes; c++)
                    plain = net.Recovery[c] == RecoveryKind.Linear && net.ClampStart[c] == net.ClampStart[c + 1];
                if (!plain)
                {
                    for (int c = i; c < Math.Min(to, i + lanes); c++)
                    {
                        if (net.Model[c] != CellModel.SpikeGenerator) (net.Model[c] == CellModel.Membrane ? membrane : scalar).Add(c);
                    }
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
                int cell = _traces.Describe(t).Cell;
                if (cell >= from && cell < to) traces.Add(t);
            }
            parts[p] = new Partition
            {
                From = from, To = to, RunFrom = runFrom.ToArray(), RunTo = runTo.ToArray(), RunUniform = uniform.ToArray(),
                ScalarCells = scalar.ToArray(), MembraneCells = membrane.ToArray(),
                MechanismCells = net.Mechanisms?.CellsIn(from, to) ?? [], Traces = traces.ToArray(),
                Changed = new int[(to - from) / lanes], ChangedConditions = new uint[(to - from) / lanes],
                Sources = SourcesOf(from, to),
            };
        }
        BuildDeliveryTables(parts);
        if (_plastic is { } plastic)
        {
            var threads = new List<(int, int, FastPlasticity.Share)>();
            foreach (var part in parts)
            {
                part.Plastic = new FastPlasticity.Share(_ring.Window);
                threads.Add((part.From, part.To, part.Plastic));
            }
            plastic.AssignShares(threads);
        }
        return parts;
    }

    /// <summary>The stimulus sources whose target cells lie in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private int[] SourcesOf(int from, int to)
    {
        var sources = new List<int>();
        for (int s = 0; s < _sourceCell.Length; s++)
        {
            if (_sourceCell[s] >= from && _sourceCell[s] < to) sources.Add(s);
        }
        return sources.ToArray();
    }

    /// <summary>
    /// Splits every spike segment's synapses by the partition of their target, so that a thread delivers exactly
    /// the events of its own cells, in the segment's order.
    /// </summary>
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
            only.DeliveryKind = SegmentKinds(only);
            return;
        }

        // A cell's slots are consecutive and partitions are ranges of cells: each partition owns one range of slots.
        var slotOwner = new byte[_slotCell.Length];
        var cellSlotStart = net.CellSlotStart;
        for (int p = 0; p < parts.Length; p++)
        {
            int firstSlot = cellSlotStart[parts[p].From], endSlot = cellSlotStart[parts[p].To];
            slotOwner.AsSpan(firstSlot, endSlot - firstSlot).Fill((byte)p);
        }
        foreach (var part in parts) part.DeliveryStart = new int[segments + 1];
        // On all cores, in ranges of segments (each writes only its own segments' entries): with one thread the run
        // would wait for this as long as for a good part of its first windows.
        int chunks = Math.Max(1, Math.Min(segments, 8 * Environment.ProcessorCount));
        Parallel.For(0, chunks, chunk =>
        {
            var (first, end) = SegmentRange(chunk);
            for (int seg = first; seg < end; seg++)
            {
                for (int syn = segStart[seg]; syn < segStart[seg + 1]; syn++) parts[slotOwner[outSlot[syn]]].DeliveryStart[seg + 1]++;
            }
        });
        foreach (var part in parts)
        {
            for (int seg = 0; seg < segments; seg++) part.DeliveryStart[seg + 1] += part.DeliveryStart[seg];
            part.DeliveryTarget = new int[part.DeliveryStart[segments]];
            part.DeliveryIncrement = perSynapse ? new T[part.DeliveryStart[segments]] : [];
        }
        Parallel.For(0, chunks, chunk =>
        {
            var (first, end) = SegmentRange(chunk);
            Span<int> cursor = stackalloc int[parts.Length];
            for (int seg = first; seg < end; seg++)
            {
                for (int p = 0; p < parts.Length; p++) cursor[p] = parts[p].DeliveryStart[seg];
                // In synapse order, so each segment's synapses keep their order in every partition.
                for (int syn = segStart[seg]; syn < segStart[seg + 1]; syn++)
                {
                    int slot = outSlot[syn];
                    int owner = slotOwner[slot];
                    var part = parts[owner];
                    int at = cursor[owner]++;
                    part.DeliveryTarget[at] = slotIndex[slot];
                    if (perSynapse) part.DeliveryIncrement[at] = T.CreateTruncating(net.OutIncrement[syn]);
                }
            }
        });
        Parallel.ForEach(parts, part => part.DeliveryKind = SegmentKinds(part));

        (int First, int End) SegmentRange(int chunk) => ((int)((long)segments * chunk / chunks), (int)((long)segments * (chunk + 1) / chunks));
    }

    /// <summary>Per segment, the kind its targets in <paramref name="part"/> share (see <see cref="Partition.DeliveryKind"/>).</summary>
    private int[] SegmentKinds(Partition part)
    {
        int shift = _state.KindShift, mask = _state.KindStride - 1;
        var start = part.DeliveryStart; var target = part.DeliveryTarget;
        var kinds = new int[start.Length - 1];
        for (int seg = 0; seg < kinds.Length; seg++)
        {
            int kind = start[seg] < start[seg + 1] ? (target[start[seg]] >> shift) & mask : 0;
            for (int j = start[seg] + 1; j < start[seg + 1] && kind >= 0; j++)
            {
                if (((target[j] >> shift) & mask) != kind) kind = -1;
            }
            kinds[seg] = kind;
        }
        return kinds;
    }

    private static T[] Convert(double[] values)
    {
        var converted = new T[values.Length];
        for (int i = 0; i < values.Length; i++) converted[i] = T.CreateTruncating(values[i]);
        return converted;
    }

    /// <summary>About how many events a source sends until <paramref name="end"/>.</summary>
    private static long ExpectedEvents(EventSource source, double end)
    {
        if (!source.IsNetStim) return source.Times.Length;
        if (!(source.Interval > 0) || !(source.Number > 0)) return 0;
        return (long)Math.Min(source.Number, Math.Max(0, (end - source.Start) / source.Interval) + 1);
    }

    /// <summary>
    /// Starts the event streams of the partition's sources and reserves room for the times they will record; the
    /// events themselves are drawn a chunk at a time during the run (<see cref="StimulusChunks"/>).
    /// </summary>
    private void StartSources(Partition part)
    {
        var sources = _net.Sources;
        double end = _stepTime[_totalSteps];
        // Records sized for the expected number of events (a NetStim's mean rate), so that millions of events are
        // not copied again and again while they grow.
        long expected = 0;
        var streams = new StimulusEvents[part.Sources.Length];
        var delay = new double[part.Sources.Length];
        for (int i = 0; i < part.Sources.Length; i++)
        {
            int s = part.Sources[i];
            expected += ExpectedEvents(sources[s], end);
            streams[i] = new StimulusEvents(sources[s]);
            delay[i] = sources[s].Delay;
        }
        double chunks = Math.Max(1.0, (double)_totalSteps / StimulusChunks.ChunkSteps);
        // Each event comes with its synapse's place in the state: delivery reads it in order instead of looking it up.
        var targets = Array.ConvertAll(part.Sources, source => _sourceIndex[source]);
        part.Stimuli = new StimulusChunks(streams, part.Sources, targets, delay, expected, _stepTime, _dt, _totalSteps,
            (int)Math.Min(Array.MaxLength / 4, expected / chunks));
    }
}
