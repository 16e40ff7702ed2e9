namespace NetDsl.Construction;

/// <summary>
/// Every cell's outgoing NetCons in the order NEURON keeps them in the cell's spike source (its PreSyn's NetCon list):
/// NetPyNE's creation order, connection by connection (rule by rule, each rule in its own order), each connection's
/// synaptic NetCon followed, for an STDP one, by the NetCon into its STDP mechanism from the pre cell; the NetCon into
/// the mechanism from the post cell (STDP and pairSTDP) sits in the post cell's list. NetPyNE drops the spike detector's own NetCon
/// after registering the gid (associateGid), so it is not in the list. Networks with plastic connections need this:
/// the order in which NEURON's event queue delivers events of equal time depends on it (docs/plasticity.md).
/// </summary>
internal sealed class NeuronWiring
{
    /// <summary>A NetCon whose events only matter for their place in the queue (a fixed-weight connection).</summary>
    public const int Fixed = -1;
    /// <summary>Roles of a plastic connection's NetCons: <c>p * Roles + role</c> in <see cref="Action"/>.</summary>
    public const int SynapseRole = 0, PreRole = 1, PostRole = 2, Roles = 3;

    /// <summary>Per gid (n + 1 entries): its NetCons are [Start[gid], Start[gid + 1]).</summary>
    public required int[] Start { get; init; }
    /// <summary>Per NetCon: <see cref="Fixed"/>, or the plastic connection and role (p * Roles + role).</summary>
    public required int[] Action { get; init; }
    public required double[] Delay { get; init; }
    /// <summary>
    /// Per gid: the common delay when NEURON sends a spike as one event (PreSyn use_min_delay_: more than two NetCons,
    /// all with one delay; delivered to every NetCon in list order), else NaN (one event per NetCon).
    /// </summary>
    public required double[] SingleEventDelay { get; init; }

    /// <param name="ruleParameters">Per rule, its plasticity: a pairSTDP connection has no NetCon from the pre cell into
    /// its rule (the synaptic NetCon goes there) and its NetCon from the post cell has delay 0.</param>
    public static NeuronWiring Build(ConnectionsByPost connections, int[] plasticIndex, ConnectionTable.RuleInfo[] rules,
        Kernels.Plasticity.PlasticRuleParameters?[] ruleParameters, int n)
    {
        int count = connections.Pre.Length;
        var creation = connections.Creation ?? throw new ArgumentException("The connections' creation order is needed.", nameof(connections));
        var postOf = new int[count];
        for (int gid = 0; gid < n; gid++)
        {
            for (int j = connections.PostStart[gid]; j < connections.PostStart[gid + 1]; j++) postOf[j] = gid;
        }
        var byCreation = new int[count];
        for (int j = 0; j < count; j++) byCreation[creation[j]] = j;

        var start = new int[n + 1];
        foreach (int j in byCreation)
        {
            bool pair = ruleParameters[connections.Rule[j]] is Kernels.Plasticity.PairStdpParameters;
            start[connections.Pre[j] + 1] += plasticIndex[j] >= 0 && !pair ? 2 : 1;
            if (plasticIndex[j] >= 0) start[postOf[j] + 1]++;
        }
        for (int gid = 0; gid < n; gid++) start[gid + 1] += start[gid];
        var next = (int[])start.Clone();
        var action = new int[start[n]];
        var delay = new double[start[n]];
        foreach (int j in byCreation)
        {
            int pre = connections.Pre[j], p = plasticIndex[j];
            double synapticDelay = connections.Delay?[j] ?? rules[connections.Rule[j]].Delay;
            int at = next[pre]++;
            action[at] = p >= 0 ? p * Roles + SynapseRole : Fixed;
            delay[at] = synapticDelay;
            if (p < 0) continue;
            if (ruleParameters[connections.Rule[j]] is Kernels.Plasticity.PairStdpParameters)
            {
                at = next[postOf[j]]++;
                action[at] = p * Roles + PostRole;
                delay[at] = PlasticConnections.PairPostNetConDelay;
                continue;
            }
            at = next[pre]++;
            action[at] = p * Roles + PreRole;
            delay[at] = PlasticConnections.NetConDelay;
            at = next[postOf[j]]++;
            action[at] = p * Roles + PostRole;
            delay[at] = PlasticConnections.NetConDelay;
        }
        var single = new double[n];
        for (int gid = 0; gid < n; gid++)
        {
            single[gid] = double.NaN;
            int from = start[gid], to = start[gid + 1];
            if (to - from <= 2) continue;
            bool same = true;
            for (int k = from + 1; k < to && same; k++) same = delay[k] == delay[from];
            if (same) single[gid] = delay[from];
        }
        return new NeuronWiring { Start = start, Action = action, Delay = delay, SingleEventDelay = single };
    }
}
