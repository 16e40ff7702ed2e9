using NetDsl.Definition;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>One connection as a rule appends it to its post cell (NetPyNE's cell.conns order).</summary>
internal readonly record struct PendingConnection(int Pre, int Post, double Weight, double Delay, int Synapse);

/// <summary>NetPyNE 1.1.0 connectivity rules (network/conn.py) with its random streams and pair order.</summary>
internal static class ConnectivityRules
{
    public static void Apply(ConnectionDefinition rule, int[] pre, int[] post, int synapse, int connSeed, List<PendingConnection> output)
    {
        switch (rule.Rule)
        {
            case ConnectionRuleKind.Probability:
                Probability(rule, pre, post, synapse, connSeed, output);
                break;
            case ConnectionRuleKind.FastProbability:
                FastProbability(rule, pre, post, synapse, connSeed, output);
                break;
            case ConnectionRuleKind.Convergence:
                Convergence(rule, pre, post, synapse, connSeed, output);
                break;
            case ConnectionRuleKind.Divergence:
                Divergence(rule, pre, post, synapse, connSeed, output);
                break;
            case ConnectionRuleKind.Full:
                foreach (int postGid in post)
                {
                    foreach (int preGid in pre) Add(rule, preGid, postGid, synapse, connSeed, output);
                }
                break;
            case ConnectionRuleKind.List:
                foreach (var (preIndex, postIndex) in rule.Pairs ?? [])
                {
                    if (preIndex < 0 || preIndex >= pre.Length || postIndex < 0 || postIndex >= post.Length)
                        throw new NetDslModelException("pairs", $"Connection '{rule.Label}': pair ({preIndex}, {postIndex}) is outside the {pre.Length} pre and {post.Length} post cells.");
                    Add(rule, pre[preIndex], post[postIndex], synapse, connSeed, output);
                }
                break;
        }
    }

    /// <summary>One uniform per (pre, post) pair, pre-major, first uniform discarded; connect iff p &gt;= r.</summary>
    private static void Probability(ConnectionDefinition rule, int[] pre, int[] post, int synapse, int connSeed, List<PendingConnection> output)
    {
        double p = rule.RuleValue;
        var stream = new Random123Stream(NetPyneHash.HashList(pre), NetPyneHash.HashList(post), (uint)connSeed);
        stream.Uniform(0, 1);
        var rands = new double[(long)pre.Length * post.Length];
        for (long i = 0; i < rands.LongLength; i++) rands[i] = stream.Uniform(0, 1);
        for (int ipost = 0; ipost < post.Length; ipost++)
        {
            for (int ipre = 0; ipre < pre.Length; ipre++)
            {
                if (p >= rands[(long)ipre * post.Length + ipost]) Add(rule, pre[ipre], post[ipost], synapse, connSeed, output);
            }
        }
    }

    /// <summary>
    /// The probability rule in O(connections): geometric skips over the same (post-major) pair order.
    /// Same statistics as <see cref="Probability"/>, different instance.
    /// </summary>
    private static void FastProbability(ConnectionDefinition rule, int[] pre, int[] post, int synapse, int connSeed, List<PendingConnection> output)
    {
        double p = rule.RuleValue;
        if (p <= 0 || pre.Length == 0) return;
        long total = (long)pre.Length * post.Length;
        var stream = new Random123Stream(NetPyneHash.HashList(pre), NetPyneHash.HashList(post), (uint)connSeed);
        double logQ = p >= 1 ? 0 : Math.Log(1 - p);
        long index = -1;
        while (true)
        {
            long skip = p >= 1 ? 0 : (long)Math.Floor(Math.Log(stream.NextDouble()) / logQ);
            index += skip + 1;
            if (index >= total || index < 0) break;
            int ipost = (int)(index / pre.Length);
            int ipre = (int)(index % pre.Length);
            Add(rule, pre[ipre], post[ipost], synapse, connSeed, output);
        }
    }

    /// <summary>NetPyNE's randUniqueInt: discunif(vmin, vmax) (one draw consumed), then distinct repicks.</summary>
    private static List<int> RandUniqueInt(ref Random123Stream stream, int count, int vmin, int vmax)
    {
        stream.DiscreteUniform(vmin, vmax);
        var output = new List<int>(count);
        while (output.Count < count)
        {
            int x = (int)stream.DiscreteUniform(vmin, vmax);
            if (!output.Contains(x)) output.Add(x);
        }
        return output;
    }

    private static void Convergence(ConnectionDefinition rule, int[] pre, int[] post, int synapse, int connSeed, List<PendingConnection> output)
    {
        if (pre.Length == 0) return;
        uint preHash = NetPyneHash.HashList(pre);
        int convergence = Math.Max(Math.Min((int)Math.Round(rule.RuleValue), pre.Length - 1), 0);
        foreach (int postGid in post)
        {
            var stream = new Random123Stream(preHash, (uint)postGid, (uint)connSeed);
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
                if (chosen.Contains(preGid) && preGid != postGid) AddChecked(rule, preGid, postGid, synapse, connSeed, output);
            }
        }
    }

    private static void Divergence(ConnectionDefinition rule, int[] pre, int[] post, int synapse, int connSeed, List<PendingConnection> output)
    {
        if (post.Length == 0) return;
        uint postHash = NetPyneHash.HashList(post);
        int divergence = Math.Max(Math.Min((int)Math.Round(rule.RuleValue), post.Length - 1), 0);
        foreach (int preGid in pre)
        {
            var stream = new Random123Stream(postHash, (uint)preGid, (uint)connSeed);
            var sample = RandUniqueInt(ref stream, divergence + 1, 0, post.Length - 1);
            // A dict in NetPyNE: first-insertion order, duplicates dropped.
            var chosen = new List<int>(divergence);
            for (int j = 0; j < divergence; j++)
            {
                int gid = post[sample[j]];
                int target = gid == preGid ? post[sample[divergence]] : gid;
                if (!chosen.Contains(target)) chosen.Add(target);
            }
            foreach (int postGid in chosen)
            {
                if (postGid != preGid) AddChecked(rule, preGid, postGid, synapse, connSeed, output);
            }
        }
    }

    private static void Add(ConnectionDefinition rule, int preGid, int postGid, int synapse, int connSeed, List<PendingConnection> output)
    {
        if (preGid == postGid && !rule.AllowSelfConnections) return;
        AddChecked(rule, preGid, postGid, synapse, connSeed, output);
    }

    /// <summary>Weight then delay; a rule with random values reseeds Random123(pre, post, conn seed) per connection.</summary>
    private static void AddChecked(ConnectionDefinition rule, int preGid, int postGid, int synapse, int connSeed, List<PendingConnection> output)
    {
        double weight = rule.Weight.A, delay = rule.Delay.A;
        if (!rule.Weight.IsConstant || !rule.Delay.IsConstant)
        {
            var stream = new Random123Stream((uint)preGid, (uint)postGid, (uint)connSeed);
            weight = ValueDraw.Draw(rule.Weight, ref stream);
            delay = ValueDraw.Draw(rule.Delay, ref stream);
            if (delay < 0 || !double.IsFinite(delay))
                throw new NetDslModelException("delay", FormattableString.Invariant($"Connection '{rule.Label}': drawn delay {delay:R} ms for {preGid}->{postGid} is negative; use a distribution that stays >= 0."));
        }
        output.Add(new PendingConnection(preGid, postGid, weight, delay, synapse));
    }
}
