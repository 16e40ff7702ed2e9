using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NetDsl.Definition;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>NetPyNE 1.1.0 connectivity rules (network/conn.py) with its random streams and pair order.</summary>
internal static class ConnectivityRules
{
    /// <summary>Where a rule's connections go: conn seed, the cells' tags, dt, the output buffer and the rule's value checks.</summary>
    private sealed record Target(int ConnSeed, CellTags[] Tags, double Dt, ConnectionBuffer Output, ConnectionChecks Checks)
    {
        /// <summary>Whether the rule's weight or delay draws random numbers (asked once per rule, not per connection).</summary>
        public bool ValuesDrawRandom { get; init; }
    }

    /// <summary>
    /// Appends the rule's connections to <paramref name="output"/> in NetPyNE's order and marks the rule's end.
    /// Values computed per connection are checked as they are made (<see cref="ConnectionChecks"/>).
    /// </summary>
    public static void Apply(ConnectionDefinition rule, int[] pre, int[] post, int connSeed, CellTags[] tags, double dt, ConnectionBuffer output, ConnectionChecks checks)
    {
        var target = new Target(connSeed, tags, dt, output, checks) { ValuesDrawRandom = rule.Weight.IsRandom || rule.Delay.IsRandom };
        switch (rule.Rule)
        {
            case ConnectionRuleKind.Probability when rule.Within is not null:
                SpatialCutoff.Probability(rule, pre, post, target.Tags, connSeed, (preGid, postGid) => Add(rule, preGid, postGid, target));
                break;
            case ConnectionRuleKind.Probability:
                Probability(rule, pre, post, target);
                break;
            case ConnectionRuleKind.FastProbability:
                FastProbability(rule, pre, post, target);
                break;
            case ConnectionRuleKind.Convergence:
                Convergence(rule, pre, post, target);
                break;
            case ConnectionRuleKind.Divergence:
                Divergence(rule, pre, post, target);
                break;
            case ConnectionRuleKind.Full:
                Full(rule, pre, post, target);
                break;
            case ConnectionRuleKind.List:
                FromList(rule, pre, post, target);
                break;
        }
        output.EndRule();
    }

    /// <summary>
    /// All pairs, post-major. Random weights/delays come from one rule stream
    /// Random123(hashStr('conn_fullConn'), hashList(pre + post), conn seed), drawn for every pair (pre-major,
    /// self-pairs included), all weights first, then all delays.
    /// </summary>
    private static void Full(ConnectionDefinition rule, int[] pre, int[] post, Target target)
    {
        var pairs = new List<(int Pre, int Post)>(pre.Length * post.Length);
        long pending = 0;
        for (int row = 0; row < pre.Length; row++)
        {
            int preGid = pre[row];
            foreach (int postGid in post) pairs.Add((preGid, postGid));
            if ((pending += post.Length) >= BuildMonitor.WorkPerCheck)
            {
                pending = 0;
                BuildMonitor.Checkpoint(rule.Label, row, 2L * pre.Length);
            }
        }
        var (weights, delays) = RuleStreamValues(rule, "conn_fullConn", pre, post, pairs, target);
        for (int ipost = 0; ipost < post.Length; ipost++)
        {
            int postGid = post[ipost];
            if ((pending += pre.Length) >= BuildMonitor.WorkPerCheck)
            {
                pending = 0;
                BuildMonitor.Checkpoint(rule.Label, (long)pre.Length * (post.Length + ipost) / Math.Max(1, post.Length), 2L * pre.Length);
            }
            for (int ipre = 0; ipre < pre.Length; ipre++)
            {
                int preGid = pre[ipre];
                if (preGid == postGid && !rule.AllowSelfConnections) continue;
                long index = (long)ipre * post.Length + ipost;
                AddWithValues(rule, preGid, postGid, weights?[index] ?? rule.Weight.A, delays?[index] ?? rule.Delay.A, target);
            }
        }
    }

    /// <summary>Explicit (pre index, post index) pairs in list order; values drawn like <see cref="Full"/> in list order.</summary>
    private static void FromList(ConnectionDefinition rule, int[] pre, int[] post, Target target)
    {
        var pairs = new List<(int Pre, int Post)>();
        foreach (var (preIndex, postIndex) in rule.Pairs ?? [])
        {
            if (preIndex < 0 || preIndex >= pre.Length || postIndex < 0 || postIndex >= post.Length)
                throw new NetDslModelException("pairs", $"Connection '{rule.Label}': pairs entry ({preIndex}, {postIndex}) is outside the {pre.Length} pre and {post.Length} post cells.");
            pairs.Add((pre[preIndex], post[postIndex]));
        }
        var (weights, delays) = RuleStreamValues(rule, "conn_fromListConn", pre, post, pairs, target);
        // NetPyNE keeps the values in a dict keyed by (pre, post): a repeated pair gets its last draw.
        var last = new Dictionary<(int, int), int>();
        for (int i = 0; i < pairs.Count; i++) last[pairs[i]] = i;
        foreach (var pair in pairs)
        {
            if (pair.Pre == pair.Post && !rule.AllowSelfConnections) continue;
            int index = last[pair];
            AddWithValues(rule, pair.Pre, pair.Post, weights?[index] ?? rule.Weight.A, delays?[index] ?? rule.Delay.A, target);
        }
    }

    private static (double[]? Weights, double[]? Delays) RuleStreamValues(ConnectionDefinition rule, string function, int[] pre, int[] post, List<(int Pre, int Post)> pairs, Target target)
    {
        if (rule.Weight.IsConstant && rule.Delay.IsConstant) return (null, null);
        var stream = RuleStream(function, pre, post, target.ConnSeed);
        var tags = target.Tags;
        double[]? weights = null, delays = null;
        if (!rule.Weight.IsConstant)
        {
            weights = new double[pairs.Count];
            for (int i = 0; i < pairs.Count; i++) weights[i] = ValueDraw.Draw(rule.Weight, ref stream, new CellPair(in tags[pairs[i].Pre], in tags[pairs[i].Post]));
        }
        if (!rule.Delay.IsConstant)
        {
            delays = new double[pairs.Count];
            for (int i = 0; i < pairs.Count; i++) delays[i] = ValueDraw.Draw(rule.Delay, ref stream, new CellPair(in tags[pairs[i].Pre], in tags[pairs[i].Post]));
        }
        return (weights, delays);
    }

    /// <summary>
    /// The stream random calls in a rule's string functions draw from: NetPyNE seeds its <c>rand</c> with
    /// Random123(hashStr('conn_' + connFunc), hashList(pre + post), conn seed) before it converts them (conn.py:81-85).
    /// </summary>
    private static Random123Stream RuleStream(string function, int[] pre, int[] post, int connSeed)
    {
        var all = new int[pre.Length + post.Length];
        pre.CopyTo(all, 0);
        post.CopyTo(all, pre.Length);
        return new Random123Stream(NetPyneHash.HashString(function), NetPyneHash.HashList(all), (uint)connSeed);
    }

    /// <summary>One uniform per (pre, post) pair, pre-major, first uniform discarded; connect iff p &gt;= r.</summary>
    /// <remarks>
    /// The draws are consumed pre-major but connections are made post-major: only the hits are kept, then put
    /// in post-major order by a stable counting sort (pre order within a post cell is already ascending).
    /// </remarks>
    /// <remarks>
    /// A probability expression is evaluated for every pair, self pairs included, pre outer, on the rule stream
    /// (conn.py:268-281); its draws and the pairs' uniforms come from different streams, so evaluating each
    /// probability next to its uniform keeps both sequences and needs no nPre·nPost table.
    /// </remarks>
    private static void Probability(ConnectionDefinition rule, int[] pre, int[] post, Target target)
    {
        ValueSpec probability = rule.RuleSpec;
        if (probability.IsConstant)
        {
            ConstantProbability(rule, pre, post, target);
            return;
        }
        var stream = new Random123Stream(NetPyneHash.HashList(pre), NetPyneHash.HashList(post), (uint)target.ConnSeed);
        stream.Uniform(0, 1);
        var ruleStream = probability.IsRandom ? RuleStream("conn_probConn", pre, post, target.ConnSeed) : default;
        var tags = target.Tags;
        var hitPre = new List<int>();
        var hitPost = new List<int>();
        long pending = 0;
        for (int ipre = 0; ipre < pre.Length; ipre++)
        {
            if ((pending += post.Length) >= BuildMonitor.WorkPerCheck)
            {
                pending = 0;
                BuildMonitor.Checkpoint(rule.Label, ipre, pre.Length);
            }
            for (int ipost = 0; ipost < post.Length; ipost++)
            {
                double p = ValueDraw.Draw(probability, ref ruleStream, new CellPair(in tags[pre[ipre]], in tags[post[ipost]]));
                if (double.IsNaN(p)) target.Checks.NaNProbability(rule, pre[ipre], post[ipost]);
                // Every pair's uniform is drawn; a rank keeps only the hits onto its own cells.
                if (p >= stream.Uniform(0, 1) && target.Output.Keeps(post[ipost]))
                {
                    hitPre.Add(ipre);
                    hitPost.Add(ipost);
                }
            }
        }
        AddPostMajor(rule, pre, post, target, [hitPre], [hitPost]);
    }

    /// <summary>Pairs from which a constant-probability rule draws on all cores.</summary>
    private const long ParallelPairs = 1 << 22;

    /// <summary>
    /// <see cref="Probability"/> with a constant p: the pre cells in chunks (on all cores from
    /// <see cref="ParallelPairs"/> pairs on), each chunk's uniforms read from the stream at the chunk's own position
    /// (pair (ipre, ipost) takes draw 1 + ipre·nPost + ipost), the hits joined in chunk order: the same connections in
    /// the same order as one pass. <c>p &gt;= uniform</c> is decided on the raw draws, 8 or 16 Philox blocks at a time
    /// (<see cref="PhiloxLanes"/>; <see cref="Random123Stream.LargestDrawWithUniformAtMost"/> gives the same answer for
    /// every draw), and only the pairs that connect are looked at.
    /// </summary>
    private static void ConstantProbability(ConnectionDefinition rule, int[] pre, int[] post, Target target)
    {
        long largestDraw = Random123Stream.LargestDrawWithUniformAtMost(rule.RuleValue);
        if (largestDraw < 0 || pre.Length == 0 || post.Length == 0) return;
        uint preHash = NetPyneHash.HashList(pre), postHash = NetPyneHash.HashList(post);
        bool parallel = (long)pre.Length * post.Length >= ParallelPairs && Environment.ProcessorCount > 1;
        int chunks = parallel ? (int)Math.Min(pre.Length, 8L * Environment.ProcessorCount) : 1;
        var hitPre = new List<int>[chunks];
        var hitPost = new List<int>[chunks];
        // Rows per scan: about WorkPerCheck pairs between two checkpoints.
        int rowsPerScan = Math.Max(1, BuildMonitor.WorkPerCheck / post.Length);
        var width = PhiloxLanes.Best;
        void Draw(int chunk)
        {
            int from = (int)((long)pre.Length * chunk / chunks), to = (int)((long)pre.Length * (chunk + 1) / chunks);
            // Room for the expected hits (of those the buffer keeps) plus six standard deviations: no regrowth in practice.
            double expected = (double)(to - from) * post.Length * ((largestDraw + 1.0) / 4294967296.0) * target.Output.KeptFraction;
            int capacity = (int)Math.Min(1 << 24, expected + 6 * Math.Sqrt(expected) + 16);
            var hits = new PairHits(post, from, target.Output, capacity);
            for (int row = from; row < to; row += rowsPerScan)
            {
                BuildMonitor.Checkpoint(rule.Label, row, pre.Length);
                int rowEnd = Math.Min(to, row + rowsPerScan);
                PhiloxLanes.DrawsAtMost(preHash, postHash, (uint)target.ConnSeed, 0, 1 + (ulong)row * (ulong)post.Length,
                    1 + (ulong)rowEnd * (ulong)post.Length, (uint)largestDraw, ref hits, width);
            }
            hitPre[chunk] = hits.Pre;
            hitPost[chunk] = hits.Post;
        }
        if (!parallel)
        {
            Draw(0);
        }
        else
        {
            try
            {
                Parallel.For(0, chunks, Draw);
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException cancelled)
            {
                throw cancelled;
            }
        }
        AddPostMajor(rule, pre, post, target, hitPre, hitPost);
    }

    /// <summary>
    /// The pairs whose draws connect, in draw order: draw 1 + ipre·nPost + ipost is pair (ipre, ipost); a rank keeps
    /// only the hits onto its own cells.
    /// </summary>
    private struct PairHits(int[] post, int firstRow, ConnectionBuffer output, int capacity) : IDrawSink
    {
        public readonly List<int> Pre = new(capacity);
        public readonly List<int> Post = new(capacity);
        private int _row = firstRow;
        private ulong _rowStart = 1 + (ulong)firstRow * (ulong)post.Length;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Draw(ulong index)
        {
            ulong offset = index - _rowStart;
            if (offset >= (ulong)post.Length)
            {
                ulong rows = offset / (ulong)post.Length;
                _row += (int)rows;
                _rowStart += rows * (ulong)post.Length;
                offset -= rows * (ulong)post.Length;
            }
            if (!output.Keeps(post[(int)offset])) return;
            Pre.Add(_row);
            Post.Add((int)offset);
        }
    }

    /// <summary>
    /// Makes the hits of a probability rule, found pre-major (in chunks, in order), post-major: a stable counting sort,
    /// so each post cell's pre cells stay ascending.
    /// </summary>
    private static void AddPostMajor(ConnectionDefinition rule, int[] pre, int[] post, Target target, List<int>[] hitPre, List<int>[] hitPost)
    {
        if (rule.Weight.IsConstant && rule.Delay.IsConstant)
        {
            AddPostMajorConstant(rule, pre, post, target.Output, hitPre, hitPost);
            return;
        }
        var hitsPerPost = new int[post.Length + 1];
        long total = 0;
        for (int chunk = 0; chunk < hitPost.Length; chunk++)
        {
            foreach (int ipost in hitPost[chunk]) hitsPerPost[ipost + 1]++;
            total += hitPost[chunk].Count;
        }
        for (int ipost = 0; ipost < post.Length; ipost++) hitsPerPost[ipost + 1] += hitsPerPost[ipost];
        var orderedPre = new int[total];
        for (int chunk = 0; chunk < hitPre.Length; chunk++)
        {
            var pres = hitPre[chunk];
            var posts = hitPost[chunk];
            for (int h = 0; h < pres.Count; h++) orderedPre[hitsPerPost[posts[h]]++] = pres[h];
            hitPre[chunk] = hitPost[chunk] = null!;
        }
        // After the scatter, hitsPerPost[ipost] is the end of post cell ipost's run.
        target.Output.Reserve(total);
        int start = 0;
        for (int ipost = 0; ipost < post.Length; ipost++)
        {
            for (int h = start; h < hitsPerPost[ipost]; h++) Add(rule, pre[orderedPre[h]], post[ipost], target);
            start = hitsPerPost[ipost];
        }
    }

    /// <summary>
    /// <see cref="AddPostMajor"/> for a rule whose weight and delay are its own constants: the connections
    /// <see cref="Add"/> would append, written straight into the buffer (self pairs left out unless allowed, each post
    /// cell's run at its place), with nothing to ask per connection.
    /// </summary>
    private static void AddPostMajorConstant(ConnectionDefinition rule, int[] pre, int[] post, ConnectionBuffer output, List<int>[] hitPre, List<int>[] hitPost)
    {
        bool allowSelf = rule.AllowSelfConnections;
        // runStart[ipost + 1] counts post cell ipost's connections, then (summed) runStart[ipost] is where its run starts.
        var runStart = new int[post.Length + 1];
        for (int chunk = 0; chunk < hitPost.Length; chunk++)
        {
            var pres = CollectionsMarshal.AsSpan(hitPre[chunk]);
            var posts = CollectionsMarshal.AsSpan(hitPost[chunk]);
            for (int h = 0; h < posts.Length; h++)
            {
                int ipost = posts[h];
                if (allowSelf || pre[pres[h]] != post[ipost]) runStart[ipost + 1]++;
            }
        }
        for (int ipost = 0; ipost < post.Length; ipost++) runStart[ipost + 1] += runStart[ipost];
        int total = runStart[post.Length];
        int first = output.AddUnwritten(total, rule.Weight.A, rule.Delay.A);
        var bufferPre = output.Pre.AsSpan(first, total);
        var bufferPost = output.Post.AsSpan(first, total);
        for (int ipost = 0; ipost < post.Length; ipost++)
            bufferPost[runStart[ipost]..runStart[ipost + 1]].Fill(post[ipost]);
        for (int chunk = 0; chunk < hitPre.Length; chunk++)
        {
            var pres = CollectionsMarshal.AsSpan(hitPre[chunk]);
            var posts = CollectionsMarshal.AsSpan(hitPost[chunk]);
            for (int h = 0; h < posts.Length; h++)
            {
                int ipost = posts[h], preGid = pre[pres[h]];
                if (allowSelf || preGid != post[ipost]) bufferPre[runStart[ipost]++] = preGid;
            }
            hitPre[chunk] = hitPost[chunk] = null!;
        }
    }

    /// <summary>
    /// The probability rule in O(connections): geometric skips over the same (post-major) pair order.
    /// Same statistics as <see cref="Probability"/>, different instance.
    /// </summary>
    private static void FastProbability(ConnectionDefinition rule, int[] pre, int[] post, Target target)
    {
        if (!rule.RuleSpec.IsConstant)
            throw new NetDslModelException("probability", $"Connection '{rule.Label}': the fast probability rule skips pairs, so its probability must be one number; for a distance-dependent probability give the rule a cutoff (within=).");
        double p = rule.RuleSpec.A;
        if (p <= 0 || pre.Length == 0) return;
        long total = (long)pre.Length * post.Length;
        // Room for the expected count plus six standard deviations: one allocation in practice.
        target.Output.Reserve((long)(p * total + 6 * Math.Sqrt(p * (1 - p) * total)) + 1024);
        var stream = new Random123Stream(NetPyneHash.HashList(pre), NetPyneHash.HashList(post), (uint)target.ConnSeed);
        double logQ = p >= 1 ? 0 : Math.Log(1 - p);
        bool constant = rule.Weight.IsConstant && rule.Delay.IsConstant;
        bool allowSelf = rule.AllowSelfConnections;
        double weight = rule.Weight.A, delay = rule.Delay.A;
        var output = target.Output;
        long index = -1, made = 0;
        // (ipost, ipre) = divmod(index, pre.Length), carried along instead of divided out for every connection.
        long ipre = -1;
        int ipost = 0;
        while (true)
        {
            long skip = p >= 1 ? 0 : (long)Math.Floor(Math.Log(stream.NextDouble()) / logQ);
            index += skip + 1;
            if (index >= total || index < 0) break;
            if ((++made & (BuildMonitor.WorkPerCheck - 1)) == 0) BuildMonitor.Checkpoint(rule.Label, index, total);
            ipre += skip + 1;
            if (ipre >= pre.Length)
            {
                ipost += (int)(ipre / pre.Length);
                ipre %= pre.Length;
            }
            int preGid = pre[ipre], postGid = post[ipost];
            if (!constant) Add(rule, preGid, postGid, target);
            else if (preGid != postGid || allowSelf) output.Add(preGid, postGid, weight, delay);
        }
    }

    /// <summary>NetPyNE's randUniqueInt: discunif(vmin, vmax) (one draw consumed), then distinct repicks.</summary>
    private static List<int> RandUniqueInt(ref Random123Stream stream, int count, int vmin, int vmax)
    {
        stream.DiscreteUniform(vmin, vmax);
        var output = new List<int>(count);
        var seen = new HashSet<int>(count);
        while (output.Count < count)
        {
            int x = (int)stream.DiscreteUniform(vmin, vmax);
            if (seen.Add(x)) output.Add(x);
        }
        return output;
    }

    private static void Convergence(ConnectionDefinition rule, int[] pre, int[] post, Target target)
    {
        if (pre.Length == 0) return;
        uint preHash = NetPyneHash.HashList(pre);
        var counts = new CellCounts(rule, "conn_convConn", pre, post, target.ConnSeed, pre.Length);
        long pending = 0;
        for (int ipost = 0; ipost < post.Length; ipost++)
        {
            int postGid = post[ipost];
            if ((pending += pre.Length) >= BuildMonitor.WorkPerCheck)
            {
                pending = 0;
                BuildMonitor.Checkpoint(rule.Label, ipost, post.Length);
            }
            // A string convergence: once per post cell, in gid order, its variables those of the post cell (conn.py:283-295).
            int convergence = counts.For(in target.Tags[postGid]);
            var stream = new Random123Stream(preHash, (uint)postGid, (uint)target.ConnSeed);
            var sample = RandUniqueInt(ref stream, convergence + 1, 0, pre.Length - 1);
            var chosen = new HashSet<int>();
            for (int j = 0; j < convergence; j++)
            {
                int gid = pre[sample[j]];
                chosen.Add(gid == postGid ? pre[sample[convergence]] : gid);
            }
            // Connections follow the pre cells' gid order, self-connections skipped.
            foreach (int preGid in pre)
            {
                if (chosen.Contains(preGid) && preGid != postGid) AddChecked(rule, preGid, postGid, target);
            }
        }
    }

    private static void Divergence(ConnectionDefinition rule, int[] pre, int[] post, Target target)
    {
        if (post.Length == 0) return;
        uint postHash = NetPyneHash.HashList(post);
        var counts = new CellCounts(rule, "conn_divConn", pre, post, target.ConnSeed, post.Length);
        long pending = 0;
        for (int ipre = 0; ipre < pre.Length; ipre++)
        {
            int preGid = pre[ipre];
            // A string divergence: once per pre cell, in gid order (conn.py:297-309).
            int divergence = counts.For(in target.Tags[preGid]);
            if ((pending += divergence + 1) >= BuildMonitor.WorkPerCheck)
            {
                pending = 0;
                BuildMonitor.Checkpoint(rule.Label, ipre, pre.Length);
            }
            var stream = new Random123Stream(postHash, (uint)preGid, (uint)target.ConnSeed);
            var sample = RandUniqueInt(ref stream, divergence + 1, 0, post.Length - 1);
            // A dict in NetPyNE: first-insertion order, duplicates dropped.
            var chosen = new List<int>(divergence);
            var seen = new HashSet<int>(divergence);
            for (int j = 0; j < divergence; j++)
            {
                int gid = post[sample[j]];
                int chosenPost = gid == preGid ? post[sample[divergence]] : gid;
                if (seen.Add(chosenPost)) chosen.Add(chosenPost);
            }
            foreach (int postGid in chosen)
            {
                if (postGid != preGid) AddChecked(rule, preGid, postGid, target);
            }
        }
    }

    /// <summary>
    /// A convergence's or divergence's count per cell: one number for every cell, or NetPyNE's string drawn once per
    /// cell in gid order on the rule's stream Random123(hashStr(function), hashList(pre + post), conn seed).
    /// </summary>
    private struct CellCounts
    {
        private readonly ConnectionDefinition _rule;
        private readonly bool _drawn;
        private readonly int _fixed;
        private readonly int _cells;
        private Random123Stream _stream;

        public CellCounts(ConnectionDefinition rule, string function, int[] pre, int[] post, int connSeed, int cells)
        {
            _rule = rule;
            _cells = cells;
            _drawn = !rule.RuleSpec.IsConstant;
            if (rule.RuleSpec.Expression is { } expression) CheckCountVariables(rule, expression);
            _stream = _drawn ? RuleStream(function, pre, post, connSeed) : default;
            _fixed = Count(rule.RuleSpec.A, cells);
        }

        /// <summary>The count for the cell with these tags (the string's variables are that cell's).</summary>
        public int For(in CellTags tags) =>
            _drawn ? Count(CheckedCount(_rule, ValueDraw.Draw(_rule.RuleSpec, ref _stream, new CellPair(in tags, in tags))), _cells) : _fixed;
    }

    /// <summary>NetPyNE's count from a convergence or divergence: max(min(int(round(value)), n - 1), 0), round half to even.</summary>
    private static int Count(double value, int cells) => (int)Math.Max(Math.Min(Math.Round(value), cells - 1), 0);

    /// <summary>
    /// NetPyNE 1.1.0 evaluates a string convergence with the post cell's tags alone and a divergence with the pre cell's
    /// (conn.py:283-309: <c>dictVars[v](None, postCellTags)</c>, <c>dictVars[v](preCellTags, None)</c>): a variable of the
    /// other cell or a distance stops its build with TypeError ('NoneType' object is not subscriptable). Here it would read
    /// the wrong cell (the pair is (post, post) or (pre, pre)), so the build stops too.
    /// </summary>
    private static void CheckCountVariables(ConnectionDefinition rule, ValueExpression expression)
    {
        bool convergence = rule.Rule == ConnectionRuleKind.Convergence;
        string parameter = convergence ? "convergence" : "divergence";
        foreach (var variable in Variables(expression))
        {
            bool own = convergence
                ? variable is >= ExpressionVariable.PostX and <= ExpressionVariable.PostZNorm
                : variable is >= ExpressionVariable.PreX and <= ExpressionVariable.PreZNorm;
            if (own || variable <= ExpressionVariable.ZNorm) continue;
            throw new NetDslModelException(parameter, $"Connection '{rule.Label}': the {parameter} {expression} reads {ValueExpression.Name(variable)}, but a {parameter} is drawn once per {(convergence ? "post" : "pre")} cell and can read only that cell's {(convergence ? "post_" : "pre_")}x, y, z, xnorm, ynorm, znorm (NetPyNE 1.1.0 stops with TypeError: 'NoneType' object is not subscriptable).");
        }
    }

    private static IEnumerable<ExpressionVariable> Variables(ValueExpression expression) => expression switch
    {
        VariableExpression variable => [variable.Variable],
        NegateExpression negate => Variables(negate.Operand),
        BinaryExpression binary => Variables(binary.Left).Concat(Variables(binary.Right)),
        CallExpression call => call.Arguments.SelectMany(Variables),
        _ => [],
    };

    private static double CheckedCount(ConnectionDefinition rule, double value)
    {
        if (!double.IsFinite(value))
            throw new NetDslModelException(rule.Rule == ConnectionRuleKind.Convergence ? "convergence" : "divergence", FormattableString.Invariant($"Connection '{rule.Label}': the {(rule.Rule == ConnectionRuleKind.Convergence ? "convergence" : "divergence")} evaluated to {value:R}; it must be a finite count."));
        return value;
    }

    private static void Add(ConnectionDefinition rule, int preGid, int postGid, Target target)
    {
        if (preGid == postGid && !rule.AllowSelfConnections) return;
        AddChecked(rule, preGid, postGid, target);
    }

    /// <summary>
    /// Weight then delay, evaluated only for connections made (conn.py:311-314); when either draws random numbers,
    /// Random123(pre, post, conn seed) is set once for the connection before the first of them (conn.py:927-938).
    /// </summary>
    private static void AddChecked(ConnectionDefinition rule, int preGid, int postGid, Target target)
    {
        double weight = rule.Weight.A, delay = rule.Delay.A;
        if (!rule.Weight.IsConstant || !rule.Delay.IsConstant)
        {
            var stream = target.ValuesDrawRandom ? new Random123Stream((uint)preGid, (uint)postGid, (uint)target.ConnSeed) : default;
            var pair = new CellPair(in target.Tags[preGid], in target.Tags[postGid]);
            weight = ValueDraw.Draw(rule.Weight, ref stream, pair);
            delay = ValueDraw.Draw(rule.Delay, ref stream, pair);
        }
        AddWithValues(rule, preGid, postGid, weight, delay, target);
    }

    private static void AddWithValues(ConnectionDefinition rule, int preGid, int postGid, double weight, double delay, Target target)
    {
        if (!rule.Weight.IsConstant) target.Checks.Weight(rule, preGid, postGid, weight);
        if (!rule.Delay.IsConstant) target.Checks.Delay(rule, preGid, postGid, delay, target.Dt);
        target.Output.Add(preGid, postGid, weight, delay);
    }
}
