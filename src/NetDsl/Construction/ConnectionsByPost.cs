namespace NetDsl.Construction;

/// <summary>
/// The connections in NetPyNE order (per post cell, in rule order; each rule's own order within a cell, which is
/// the cell's synapse creation order), as parallel arrays with a per-post offset table.
/// </summary>
internal sealed class ConnectionsByPost
{
    /// <summary>Per post gid (n + 1 entries): its connections are [PostStart[gid], PostStart[gid + 1]).</summary>
    public required int[] PostStart { get; init; }
    public required int[] Pre { get; init; }
    public required ushort[] Rule { get; init; }
    /// <summary>Per connection when some rule draws values, else null.</summary>
    public double[]? Weight { get; init; }
    /// <summary>Per connection when some rule draws values, else null.</summary>
    public double[]? Delay { get; init; }
    /// <summary>
    /// Per connection, when asked for: its position in NetPyNE's creation order (rule by rule, each rule's own order),
    /// which is the order of the NetCons in each source's list in NEURON; else null.
    /// </summary>
    public int[]? Creation { get; init; }

    /// <summary>Stable counting sort by post gid: a cell's connections keep rule order, then each rule's order.</summary>
    /// <param name="keepCreation">Also keep each connection's creation index (<see cref="Creation"/>).</param>
    public static ConnectionsByPost Group(ConnectionBuffer buffer, int n, bool keepCreation = false)
    {
        int count = buffer.Count;
        var post = buffer.Post;
        var postStart = new int[n + 1];
        for (int i = 0; i < count; i++) postStart[post[i] + 1]++;
        for (int gid = 0; gid < n; gid++) postStart[gid + 1] += postStart[gid];
        var next = (int[])postStart.Clone();
        var pre = new int[count];
        var rule = new ushort[count];
        double[]? weight = buffer.StoresValues ? new double[count] : null;
        double[]? delay = buffer.StoresValues ? new double[count] : null;
        var bufferPre = buffer.Pre;
        int[]? creation = keepCreation ? new int[count] : null;
        int from = 0;
        for (int r = 0; r < buffer.RuleEnd.Count; r++)
        {
            int to = buffer.RuleEnd[r];
            ushort ruleIndex = (ushort)r;
            if (weight is null)
            {
                for (int i = from; i < to; i++)
                {
                    int at = next[post[i]]++;
                    pre[at] = bufferPre[i];
                    rule[at] = ruleIndex;
                    if (creation is not null) creation[at] = i;
                }
            }
            else
            {
                for (int i = from; i < to; i++)
                {
                    int at = next[post[i]]++;
                    pre[at] = bufferPre[i];
                    rule[at] = ruleIndex;
                    weight[at] = buffer.Weight[i];
                    delay![at] = buffer.Delay[i];
                    if (creation is not null) creation[at] = i;
                }
            }
            from = to;
        }
        return new ConnectionsByPost { PostStart = postStart, Pre = pre, Rule = rule, Weight = weight, Delay = delay, Creation = creation };
    }

    public ConnectionTable ToTable(IReadOnlyList<ConnectionTable.RuleInfo> rules) => new(PostStart, Pre, Rule, Weight, Delay, rules);
}
