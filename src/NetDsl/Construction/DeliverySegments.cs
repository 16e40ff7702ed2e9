namespace NetDsl.Construction;

/// <summary>
/// The outgoing connections of every pre cell cut into delivery segments: a segment is a run of a pre cell's
/// synapses that share the delay (one event-queue entry per spike) and, unless increments are kept per synapse,
/// the increment (weight * factor, stored once per segment).
/// </summary>
/// <remarks>
/// Delivery adds a segment's increments in segment order, then row order. So that every synapse slot still
/// receives its increments in connection order (the order NEURON adds them, which fixes the rounding of a slot
/// shared by several connections), segments of one delay follow the first appearance of the delay, and a row joins
/// the newest segment of its increment only if that segment is not before the last segment that fed the same slot;
/// otherwise it opens a new segment.
/// </remarks>
internal sealed class DeliverySegments
{
    /// <summary>Per pre gid (n + 1 entries): its segments are [OutSegmentStart[gid], OutSegmentStart[gid + 1]).</summary>
    public required int[] OutSegmentStart { get; init; }
    public required double[] SegmentDelay { get; init; }
    /// <summary>Per segment; empty when increments are per synapse.</summary>
    public required double[] SegmentIncrement { get; init; }
    /// <summary>Per segment plus one end entry: its synapses are [SegmentConnStart[seg], SegmentConnStart[seg + 1]).</summary>
    public required int[] SegmentConnStart { get; init; }
    public required int[] OutSlot { get; init; }
    /// <summary>Per synapse when <see cref="PerSynapseIncrement"/>, else empty.</summary>
    public required double[] OutIncrement { get; init; }
    public required bool PerSynapseIncrement { get; init; }
    public required double MaxDelay { get; init; }

    /// <summary>What the builder knows per row (one connection, grouped by pre gid in connection order).</summary>
    internal sealed class Rows
    {
        /// <summary>Per pre gid (n + 1 entries), the pre cell's rows.</summary>
        public required int[] PreStart { get; init; }
        /// <summary>Target slot per row; rearranged in place into <see cref="OutSlot"/>.</summary>
        public required int[] Slot { get; init; }
        /// <summary>
        /// Rule per row when no rule draws values (then the rule gives delay and increment), else null; filled in
        /// only for rows of <see cref="MixedKeys"/> cells (empty when there are none).
        /// </summary>
        public ushort[]? Rule { get; init; }
        public double[] RuleDelay { get; init; } = [];
        public double[] RuleIncrement { get; init; } = [];
        /// <summary>With <see cref="Rule"/>: the shared key of each rule (see <see cref="RuleKeys"/>).</summary>
        public int[] RuleKey { get; init; } = [];
        /// <summary>
        /// With <see cref="Rule"/>: per pre gid, the key all its rows share, <see cref="NoRows"/> or
        /// <see cref="MixedKeys"/>; only rows of mixed cells need their <see cref="Rule"/> filled in.
        /// </summary>
        public int[] PreKey { get; init; } = [];
        /// <summary>Delay and increment per row when some rule draws values, else null.</summary>
        public double[]? Delay { get; init; }
        public double[]? Increment { get; init; }
    }

    /// <summary><see cref="Rows.PreKey"/> of a pre cell without connections.</summary>
    public const int NoRows = -1;
    /// <summary><see cref="Rows.PreKey"/> of a pre cell whose rows have different keys.</summary>
    public const int MixedKeys = -2;

    /// <summary>Per rule, a key shared by all rules of equal delay and increment (the lowest such rule index).</summary>
    public static int[] RuleKeys(double[] ruleDelay, double[] ruleIncrement)
    {
        var key = new int[ruleDelay.Length];
        for (int r = 0; r < key.Length; r++)
        {
            key[r] = r;
            for (int earlier = 0; earlier < r; earlier++)
            {
                if (SameKey(ruleDelay[earlier], ruleIncrement[earlier], ruleDelay[r], ruleIncrement[r]))
                {
                    key[r] = key[earlier];
                    break;
                }
            }
        }
        return key;
    }

    /// <summary>Increments compare by bits (adding +0 and -0 differ); delays by value.</summary>
    private static bool SameKey(double delayA, double incrementA, double delayB, double incrementB) =>
        delayA == delayB && BitConverter.DoubleToInt64Bits(incrementA) == BitConverter.DoubleToInt64Bits(incrementB);

    /// <param name="rows">The rows; their slot array becomes <see cref="OutSlot"/>.</param>
    /// <param name="perSynapseIncrement">Keep increments per synapse (weights drawn per connection).</param>
    /// <param name="orderedSlots">Number of slots when slots may be shared by connections (aggregated synapses), else 0.</param>
    public static DeliverySegments Build(Rows rows, bool perSynapseIncrement, int orderedSlots)
    {
        if (perSynapseIncrement && (rows.Delay is null || rows.Increment is null))
            throw new ArgumentException("Per-synapse increments need the rows' values.", nameof(rows));
        if (rows.Rule is null && (rows.Delay is null || rows.Increment is null))
            throw new ArgumentException("Rows need a rule or their values.", nameof(rows));
        return new Builder(rows, perSynapseIncrement, orderedSlots).Run();
    }

    private sealed class Builder
    {
        private readonly Rows _rows;
        private readonly bool _perSynapse;
        private readonly int[] _slot;
        private readonly double[] _outIncrement;

        // Output segments.
        private double[] _segDelay = new double[1024];
        private double[] _segIncrement = new double[1024];
        private int[] _segStart = new int[1024];
        private int _segCount;

        // Local keys of the current pre cell: distinct (delay, increment) in first-appearance order.
        private readonly List<double> _keyDelay = [];
        private readonly List<double> _keyIncrement = [];
        private readonly Dictionary<(double Delay, long IncrementBits), int> _keyOf = [];
        // The delay groups of the current pre cell: each distinct delay's group, numbered in first-appearance order.
        private readonly Dictionary<double, int> _groupOf = [];
        // Split's scratch, kept from cell to cell.
        private readonly List<int> _segmentKey = [];
        private readonly List<int> _segmentOrdinal = [];
        private int[] _groupSegments = [];
        private int[] _groupOffset = [];
        private int[] _position = [];
        private int[] _order = [];
        private int[] _rowStart = [];
        // Rules with equal delay and increment share one key (rule-valued rows).
        private readonly int[] _ruleKey = [];
        private readonly int[] _ruleKeyStamp = [];
        private readonly int[] _ruleKeyLocal = [];

        // Per-row scratch of the current pre cell.
        private readonly int[] _rowKey;
        private readonly int[] _rowSegment;
        private readonly int[] _scratchSlot;
        private readonly double[] _scratchIncrement;

        // Per slot: the last (pre, delay group) stamp and segment ordinal that fed it.
        private readonly int[] _slotStamp;
        private readonly int[] _slotOrdinal;
        private int _stamp = 1;

        public Builder(Rows rows, bool perSynapse, int orderedSlots)
        {
            _rows = rows;
            _perSynapse = perSynapse;
            _slot = rows.Slot;
            _outIncrement = perSynapse ? rows.Increment! : [];
            int maxRows = 0;
            for (int gid = 0; gid + 1 < rows.PreStart.Length; gid++) maxRows = Math.Max(maxRows, rows.PreStart[gid + 1] - rows.PreStart[gid]);
            _rowKey = new int[maxRows];
            _rowSegment = new int[maxRows];
            _scratchSlot = new int[maxRows];
            _scratchIncrement = perSynapse ? new double[maxRows] : [];
            _slotStamp = new int[orderedSlots];
            _slotOrdinal = new int[orderedSlots];
            if (rows.Rule is not null)
            {
                int ruleCount = rows.RuleDelay.Length;
                _ruleKey = rows.RuleKey;
                _ruleKeyStamp = new int[ruleCount];
                _ruleKeyLocal = new int[ruleCount];
            }
        }

        public DeliverySegments Run()
        {
            int n = _rows.PreStart.Length - 1;
            var outSegmentStart = new int[n + 1];
            double maxDelay = 0;
            for (int gid = 0; gid < n; gid++)
            {
                outSegmentStart[gid] = _segCount;
                int first = _rows.PreStart[gid], end = _rows.PreStart[gid + 1];
                if (first == end) continue;
                int keys = FindKeys(gid, first, end);
                if (keys == 1) AddSegment(_keyDelay[0], _keyIncrement[0], first);
                else Split(first, end, keys);
            }
            outSegmentStart[n] = _segCount;
            for (int seg = 0; seg < _segCount; seg++) maxDelay = Math.Max(maxDelay, _segDelay[seg]);
            var segStart = new int[_segCount + 1];
            Array.Copy(_segStart, segStart, _segCount);
            segStart[_segCount] = _slot.Length;
            return new DeliverySegments
            {
                OutSegmentStart = outSegmentStart,
                SegmentDelay = _segDelay.AsSpan(0, _segCount).ToArray(),
                SegmentIncrement = _perSynapse ? [] : _segIncrement.AsSpan(0, _segCount).ToArray(),
                SegmentConnStart = segStart,
                OutSlot = _slot,
                OutIncrement = _outIncrement,
                PerSynapseIncrement = _perSynapse,
                MaxDelay = maxDelay,
            };
        }

        /// <summary>Assigns each row of the pre cell its local key; returns the number of keys.</summary>
        private int FindKeys(int gid, int first, int end)
        {
            _keyDelay.Clear();
            _keyIncrement.Clear();
            if (_rows.Rule is { } rule)
            {
                // The common case: every row of the cell has one key (its rows' rules are not even filled in).
                int only = _rows.PreKey[gid];
                if (only != MixedKeys)
                {
                    _keyDelay.Add(_rows.RuleDelay[only]);
                    _keyIncrement.Add(_rows.RuleIncrement[only]);
                    return 1;
                }
                int stamp = gid + 1;
                for (int r = first; r < end; r++)
                {
                    int ruleIndex = rule[r];
                    int key = _ruleKey[ruleIndex];
                    if (_ruleKeyStamp[key] != stamp)
                    {
                        _ruleKeyStamp[key] = stamp;
                        _ruleKeyLocal[key] = _keyDelay.Count;
                        _keyDelay.Add(_rows.RuleDelay[ruleIndex]);
                        _keyIncrement.Add(_rows.RuleIncrement[ruleIndex]);
                    }
                    _rowKey[r - first] = _ruleKeyLocal[key];
                }
                return _keyDelay.Count;
            }
            var delay = _rows.Delay!;
            var increment = _rows.Increment!;
            _keyOf.Clear();
            for (int r = first; r < end; r++)
            {
                // Per-synapse increments travel with their rows: the key is the delay alone.
                long bits = _perSynapse ? 0 : BitConverter.DoubleToInt64Bits(increment[r]);
                if (!_keyOf.TryGetValue((delay[r], bits), out int key))
                {
                    key = _keyDelay.Count;
                    _keyOf.Add((delay[r], bits), key);
                    _keyDelay.Add(delay[r]);
                    _keyIncrement.Add(_perSynapse ? 0 : increment[r]);
                }
                _rowKey[r - first] = key;
            }
            return _keyDelay.Count;
        }

        private void Split(int first, int end, int keys)
        {
            // Delay groups in order of first appearance (keys are already in that order).
            Span<int> keyGroup = keys <= 256 ? stackalloc int[keys] : new int[keys];
            Span<int> keyLastSegment = keys <= 256 ? stackalloc int[keys] : new int[keys];
            // By delay through a hash table: distance-dependent delays give a pre cell hundreds of distinct ones, and a
            // search of the list for each was quadratic in them (double's equality, as List.IndexOf has it).
            _groupOf.Clear();
            for (int k = 0; k < keys; k++)
            {
                if (!_groupOf.TryGetValue(_keyDelay[k], out int g))
                {
                    g = _groupOf.Count;
                    _groupOf.Add(_keyDelay[k], g);
                }
                keyGroup[k] = g;
                keyLastSegment[k] = -1;
            }
            int groups = _groupOf.Count;
            int stampBase = _stamp;
            _stamp += groups;
            bool ordered = _slotStamp.Length > 0;

            // Segments as created: key, group and ordinal within the group (scratch reused from cell to cell).
            var segmentKey = _segmentKey;
            var segmentOrdinal = _segmentOrdinal;
            segmentKey.Clear();
            segmentOrdinal.Clear();
            var groupSegments = Scratch(ref _groupSegments, groups);
            for (int r = first; r < end; r++)
            {
                int k = _rowKey[r - first];
                int g = keyGroup[k];
                int slot = _slot[r];
                int minOrdinal = ordered && _slotStamp[slot] == stampBase + g ? _slotOrdinal[slot] : 0;
                int seg = keyLastSegment[k];
                if (seg < 0 || segmentOrdinal[seg] < minOrdinal)
                {
                    seg = segmentKey.Count;
                    segmentKey.Add(k);
                    segmentOrdinal.Add(groupSegments[g]++);
                    keyLastSegment[k] = seg;
                }
                _rowSegment[r - first] = seg;
                if (ordered)
                {
                    _slotStamp[slot] = stampBase + g;
                    _slotOrdinal[slot] = segmentOrdinal[seg];
                }
            }

            // Final order: by group, then ordinal; rows keep their order inside a segment.
            var groupOffset = Scratch(ref _groupOffset, groups);
            for (int g = 1; g < groups; g++) groupOffset[g] = groupOffset[g - 1] + groupSegments[g - 1];
            int segments = segmentKey.Count;
            var position = Scratch(ref _position, segments);
            var order = Scratch(ref _order, segments);
            var rowStart = Scratch(ref _rowStart, segments + 1);
            for (int s = 0; s < segments; s++)
            {
                position[s] = groupOffset[keyGroup[segmentKey[s]]] + segmentOrdinal[s];
                order[position[s]] = s;
            }
            for (int r = 0; r < end - first; r++) rowStart[position[_rowSegment[r]] + 1]++;
            for (int p = 0; p < segments; p++) rowStart[p + 1] += rowStart[p];
            for (int p = 0; p < segments; p++)
            {
                int key = segmentKey[order[p]];
                AddSegment(_keyDelay[key], _keyIncrement[key], first + rowStart[p]);
            }
            for (int r = first; r < end; r++)
            {
                int at = rowStart[position[_rowSegment[r - first]]]++;
                _scratchSlot[at] = _slot[r];
                if (_perSynapse) _scratchIncrement[at] = _outIncrement[r];
            }
            Array.Copy(_scratchSlot, 0, _slot, first, end - first);
            if (_perSynapse) Array.Copy(_scratchIncrement, 0, _outIncrement, first, end - first);
        }

        /// <summary>A zeroed scratch span of <paramref name="length"/>, from an array kept for the next cell.</summary>
        private static Span<int> Scratch(ref int[] array, int length)
        {
            if (array.Length < length) array = new int[Math.Max(length, array.Length * 2)];
            var span = array.AsSpan(0, length);
            span.Clear();
            return span;
        }

        private void AddSegment(double delay, double increment, int start)
        {
            if (_segCount == _segDelay.Length)
            {
                Array.Resize(ref _segDelay, _segCount * 2);
                Array.Resize(ref _segIncrement, _segCount * 2);
                Array.Resize(ref _segStart, _segCount * 2);
            }
            _segDelay[_segCount] = delay;
            _segIncrement[_segCount] = increment;
            _segStart[_segCount] = start;
            _segCount++;
        }
    }
}
