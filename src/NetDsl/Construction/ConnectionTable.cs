using System.Collections;
using System.Runtime.CompilerServices;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// The cell-to-cell connections in NetPyNE order (per post cell, in rule order), kept for reports in about two
/// bytes per connection: the post cell is implied by a per-post offset table; each post cell's connections are
/// stored as runs of one rule (rule index, run length) followed by the pre gids as variable-length zigzag deltas
/// (pre gids of one rule mostly ascend, so deltas are small). Weights and delays come from the rule unless some
/// rule draws them per connection; then they are kept per connection.
/// </summary>
internal sealed class ConnectionTable : IReadOnlyList<ConnectionInfo>
{
    private readonly int[] _postStart;
    private readonly long[] _byteStart;
    private readonly byte[] _bytes;
    private readonly RuleInfo[] _rules;
    private readonly double[]? _weight;
    private readonly double[]? _delay;

    internal readonly record struct RuleInfo(double Weight, double Delay, string Synapse, bool DrawsPerConnection);

    /// <param name="postStart">Per post gid (n + 1 entries): its connections are [postStart[gid], postStart[gid + 1]).</param>
    /// <param name="pre">Pre gid per connection, NetPyNE order.</param>
    /// <param name="rule">Rule index per connection, non-decreasing within each post cell.</param>
    /// <param name="weight">Per connection (NetPyNE order) when some rule draws values, else null.</param>
    /// <param name="delay">Per connection (NetPyNE order) when some rule draws values, else null.</param>
    public ConnectionTable(int[] postStart, int[] pre, ushort[] rule, double[]? weight, double[]? delay, IReadOnlyList<RuleInfo> rules)
    {
        int n = postStart.Length - 1;
        _postStart = postStart;
        _rules = [.. rules];
        _weight = weight;
        _delay = delay;
        _byteStart = new long[n + 1];
        // Consecutive post cells in parts of about equal connection counts, each part encoded on its own core (a post
        // cell's bytes stand alone), then joined: the bytes of one pass.
        int parts = pre.Length >= ParallelConnections && Environment.ProcessorCount > 1 ? Environment.ProcessorCount : 1;
        var partFrom = new int[parts + 1];
        for (int part = 1; part < parts; part++) partFrom[part] = FirstPostFrom(postStart, (int)((long)pre.Length * part / parts));
        partFrom[parts] = n;
        var encoded = new byte[parts][];
        var encodedSize = new int[parts];
        var byteStart = _byteStart;
        void EncodePart(int part)
        {
            int from = partFrom[part], to = partFrom[part + 1];
            // One pass into a buffer that grows ahead of each post cell by its worst case (three 5-byte varints per
            // connection); deltas of ascending gids usually take one or two bytes.
            var bytes = new byte[Math.Min(Array.MaxLength, 2L * (postStart[to] - postStart[from]) + 16)];
            long size = 0;
            for (int gid = from; gid < to; gid++)
            {
                byteStart[gid] = size;
                long worst = size + 15L * (postStart[gid + 1] - postStart[gid]);
                if (worst > bytes.Length)
                {
                    if (worst > Array.MaxLength) throw TooLarge();
                    Array.Resize(ref bytes, (int)Math.Min(Array.MaxLength, Math.Max(worst, bytes.Length * 3L / 2)));
                }
                size = Encode(bytes, size, postStart[gid], postStart[gid + 1], pre, rule);
            }
            encoded[part] = bytes;
            encodedSize[part] = (int)size;
        }
        if (parts == 1)
        {
            EncodePart(0);
        }
        else
        {
            try
            {
                Parallel.For(0, parts, EncodePart);
            }
            catch (AggregateException e) when (e.InnerException is NetDslModelException tooLarge)
            {
                throw tooLarge;
            }
        }
        long total = 0;
        foreach (int size in encodedSize) total += size;
        if (total > Array.MaxLength) throw TooLarge();
        // The parts' used bytes copied once into the table's array (one pass trimmed its buffer the same way).
        _bytes = new byte[total];
        long at = 0;
        for (int part = 0; part < parts; part++)
        {
            encoded[part].AsSpan(0, encodedSize[part]).CopyTo(_bytes.AsSpan((int)at));
            encoded[part] = null!;
            for (int gid = partFrom[part]; gid < partFrom[part + 1]; gid++) _byteStart[gid] += at;
            at += encodedSize[part];
        }
        _byteStart[n] = at;
    }

    /// <summary>Connections from which the table is encoded on all cores.</summary>
    private const int ParallelConnections = 1 << 18;

    private static NetDslModelException TooLarge() => new("connections", "The connection table is too large to keep.");

    /// <summary>The first post gid whose connections start at or after <paramref name="connection"/>.</summary>
    private static int FirstPostFrom(int[] postStart, int connection)
    {
        int low = 0, high = postStart.Length - 1;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (postStart[mid] < connection) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private ConnectionTable(int[] postStart, long[] byteStart, byte[] bytes, RuleInfo[] rules, double[]? weight, double[]? delay)
    {
        _postStart = postStart;
        _byteStart = byteStart;
        _bytes = bytes;
        _rules = rules;
        _weight = weight;
        _delay = delay;
    }

    /// <summary>The encoded connections onto post cells [From, From + Counts.Length) with their drawn values: one rank's share.</summary>
    internal readonly record struct Part(int From, int[] Counts, byte[] Bytes, double[]? Weight, double[]? Delay);

    /// <summary>The share of post cells [<paramref name="from"/>, <paramref name="to"/>) (each post cell's bytes stand alone).</summary>
    internal Part PartOf(int from, int to)
    {
        var counts = new int[to - from];
        for (int gid = from; gid < to; gid++) counts[gid - from] = _postStart[gid + 1] - _postStart[gid];
        var bytes = _bytes.AsSpan((int)_byteStart[from], (int)(_byteStart[to] - _byteStart[from])).ToArray();
        int first = _postStart[from], end = _postStart[to];
        return new Part(from, counts, bytes, _weight?.AsSpan(first, end - first).ToArray(), _delay?.AsSpan(first, end - first).ToArray());
    }

    /// <summary>
    /// The table of the whole network from the shares of consecutive post ranges (in gid order, covering every cell),
    /// with this table's rules: the connections gathered from the ranks of a distributed run.
    /// </summary>
    internal ConnectionTable Join(IReadOnlyList<Part> parts)
    {
        int n = _postStart.Length - 1;
        var postStart = new int[n + 1];
        var byteStart = new long[n + 1];
        long byteCount = 0;
        int connections = 0;
        foreach (var part in parts) byteCount += part.Bytes.Length;
        var bytes = new byte[byteCount];
        double[]? weight = _weight is null ? null : new double[parts.Sum(p => p.Counts.Sum())];
        double[]? delay = _delay is null ? null : new double[weight!.Length];
        long at = 0;
        int gid = 0;
        foreach (var part in parts)
        {
            if (part.From != gid) throw new InvalidOperationException($"The connection shares leave a gap at gid {gid}.");
            // Byte offsets of the share's post cells: re-derived from their encoded runs.
            long position = at;
            part.Bytes.CopyTo(bytes, at);
            for (int i = 0; i < part.Counts.Length; i++, gid++)
            {
                postStart[gid] = connections;
                byteStart[gid] = position;
                position = Skip(bytes, position, part.Counts[i]);
                connections += part.Counts[i];
            }
            part.Weight?.CopyTo(weight!, postStart[part.From]);
            part.Delay?.CopyTo(delay!, postStart[part.From]);
            at += part.Bytes.Length;
        }
        if (gid != n) throw new InvalidOperationException($"The connection shares end at gid {gid}, not {n}.");
        postStart[n] = connections;
        byteStart[n] = at;
        return new ConnectionTable(postStart, byteStart, bytes, _rules, weight, delay);
    }

    /// <summary>The position after a post cell's <paramref name="count"/> encoded connections.</summary>
    private static long Skip(byte[] bytes, long at, int count)
    {
        var cursor = new Cursor(at);
        for (int i = 0; i < count; i++) cursor.Next(bytes);
        return count == 0 ? at : cursor.Position;
    }

    public int Count => _postStart[^1];

    /// <summary>Bytes held per connection (offset tables, encoded pre gids, drawn values).</summary>
    internal long ByteSize => _postStart.Length * 4L + _byteStart.Length * 8L + _bytes.Length + (_weight?.Length ?? 0) * 16L;

    // The last position read by indexer on this thread, so that reading in order costs O(1) per connection.
    // An id rather than the table itself, so that a thread does not keep a dropped table alive.
    private static long _nextId;
    private readonly long _id = Interlocked.Increment(ref _nextId);
    [ThreadStatic] private static long _lastTable;
    [ThreadStatic] private static int _lastIndex;
    [ThreadStatic] private static int _lastPost;
    [ThreadStatic] private static Cursor _lastCursor;

    public ConnectionInfo this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            int post, i;
            Cursor cursor;
            if (_lastTable == _id && index > _lastIndex && index < _postStart[_lastPost + 1])
            {
                post = _lastPost;
                cursor = _lastCursor;
                i = _lastIndex + 1;
            }
            else
            {
                post = PostOf(index);
                cursor = new Cursor(_byteStart[post]);
                i = _postStart[post];
            }
            for (; i < index; i++) cursor.Next(_bytes);
            int pre = cursor.Next(_bytes);
            _lastTable = _id;
            _lastIndex = index;
            _lastPost = post;
            _lastCursor = cursor;
            return Info(index, pre, post, cursor.Rule);
        }
    }

    /// <summary>Every connection's pre gid, in order; post cell p's run is [<see cref="PostStart"/>[p], [p + 1]).</summary>
    internal int[] PreGids()
    {
        var pre = new int[Count];
        int index = 0;
        for (int post = 0; post < _postStart.Length - 1; post++)
        {
            var cursor = new Cursor(_byteStart[post]);
            for (; index < _postStart[post + 1]; index++) pre[index] = cursor.Next(_bytes);
        }
        return pre;
    }

    /// <summary>Where each post cell's connections start (one more entry than cells).</summary>
    internal ReadOnlySpan<int> PostStart => _postStart;

    public IEnumerator<ConnectionInfo> GetEnumerator()
    {
        int index = 0;
        for (int post = 0; post < _postStart.Length - 1; post++)
        {
            var cursor = new Cursor(_byteStart[post]);
            for (; index < _postStart[post + 1]; index++)
            {
                int pre = cursor.Next(_bytes);
                yield return Info(index, pre, post, cursor.Rule);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private ConnectionInfo Info(int index, int pre, int post, int rule) =>
        new(pre, post, _weight?[index] ?? _rules[rule].Weight, _delay?[index] ?? _rules[rule].Delay, _rules[rule].Synapse);

    /// <summary>The post gid whose range holds <paramref name="index"/> (the last one when empty cells share a start).</summary>
    private int PostOf(int index)
    {
        int low = 0, high = _postStart.Length - 1;
        // First gid whose start is > index, minus one.
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (_postStart[mid] <= index) low = mid + 1;
            else high = mid;
        }
        return low - 1;
    }

    /// <summary>Writes one post cell's runs at <paramref name="at"/>; returns the position after them.</summary>
    private static long Encode(byte[] bytes, long at, int first, int end, int[] pre, ushort[] rule)
    {
        int previous = 0;
        for (int run = first; run < end;)
        {
            int runEnd = run + 1;
            while (runEnd < end && rule[runEnd] == rule[run]) runEnd++;
            at = Write(bytes, at, rule[run]);
            at = Write(bytes, at, (uint)(runEnd - run));
            for (int j = run; j < runEnd; j++)
            {
                int delta = pre[j] - previous;
                uint zigzag = (uint)((delta << 1) ^ (delta >> 31));
                // Most deltas take one byte: written here rather than through the loop of Write.
                if (zigzag < 0x80) bytes[at++] = (byte)zigzag;
                else at = Write(bytes, at, zigzag);
                previous = pre[j];
            }
            run = runEnd;
        }
        return at;
    }

    private static long Write(byte[] bytes, long at, uint value)
    {
        while (value >= 0x80)
        {
            bytes[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[at] = (byte)value;
        return at + 1;
    }

    /// <summary>Reads one post cell's connections in order.</summary>
    private struct Cursor(long position)
    {
        private long _position = position;
        private int _remaining;
        private int _previous;

        public int Rule { get; private set; }

        public readonly long Position => _position;

        public int Next(byte[] bytes)
        {
            if (_remaining == 0)
            {
                Rule = (int)Read(bytes);
                _remaining = (int)Read(bytes);
            }
            _remaining--;
            uint zigzag = Read(bytes);
            _previous += (int)(zigzag >> 1) ^ -(int)(zigzag & 1);
            return _previous;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private uint Read(byte[] bytes)
        {
            byte first = bytes[_position++];
            return first < 0x80 ? first : ReadLonger(bytes, first);
        }

        private uint ReadLonger(byte[] bytes, byte first)
        {
            uint value = first & 0x7Fu;
            int shift = 7;
            while (true)
            {
                byte b = bytes[_position++];
                value |= (uint)(b & 0x7F) << shift;
                if (b < 0x80) return value;
                shift += 7;
            }
        }
    }
}
