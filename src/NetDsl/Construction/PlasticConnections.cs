using NetDsl.Kernels.Plasticity;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// The plastic connections of a network (the connections of rules with a plasticity mechanism), in NetPyNE's
/// connection order (per post cell, rule order), with what their delivery and their mechanism need. NetPyNE
/// gives each STDP one an STDP point process fed by two NetCons made with <c>pc.gid_connect</c>: one from the pre cell
/// (weight 1) and one from the post cell (weight -1), both with gid_connect's default delay of 1 ms, and points the
/// mechanism's <c>synweight</c> at the weight of the synaptic NetCon. A pairSTDP connection's synaptic NetCon goes to
/// its rule (pairstdp.mod), which learns of the post cell's spikes through one more NetCon, with delay 0.
/// </summary>
internal sealed class PlasticConnections
{
    /// <summary>Delay (ms) of the two NetCons that feed an STDP mechanism (<c>pc.gid_connect</c>'s default).</summary>
    public const double NetConDelay = 1.0;
    /// <summary>Weight of the NetCon from the pre cell: NET_RECEIVE's w &gt;= 0 marks a presynaptic spike.</summary>
    public const double PreNetConWeight = 1.0;
    /// <summary>Weight of the NetCon from the post cell: w &lt; 0 marks a postsynaptic spike.</summary>
    public const double PostNetConWeight = -1.0;
    /// <summary>Delay (ms) of a pairSTDP rule's NetCon from the post cell: a post spike counts at its own time.</summary>
    public const double PairPostNetConDelay = 0.0;

    public required int Count { get; init; }
    /// <summary>Per plastic connection: its index in <c>Network.Connections</c>.</summary>
    public required int[] Connection { get; init; }
    public required int[] Pre { get; init; }
    public required int[] Post { get; init; }
    /// <summary>The synapse slot its synaptic NetCon delivers to.</summary>
    public required int[] Slot { get; init; }
    /// <summary>The connection rule it comes from (index into the definition's connections).</summary>
    public required int[] Rule { get; init; }
    public required double[] InitialWeight { get; init; }
    /// <summary>Exp2Syn's peak factor (1 for ExpSyn) of its synapse kind: an event adds weight * factor.</summary>
    public required double[] Factor { get; init; }
    /// <summary>Whether its synapse kind's events add to A (Exp2Syn) as well as B.</summary>
    public required bool[] AddsToA { get; init; }
    /// <summary>Per plastic connection: its rule's parameters (<see cref="StdpParameters"/> or <see cref="PairStdpParameters"/>).</summary>
    public required PlasticRuleParameters[] Parameters { get; init; }

    /// <summary>Whether any connection is pair-based STDP (its states are kept only then).</summary>
    public bool HasPairStdp { get; init; }

    /// <summary>Every cell's outgoing NetCons as NEURON holds them (what the exact event order needs).</summary>
    public required NeuronWiring Wiring { get; init; }

    /// <summary>
    /// Each plastic connection's weights for a result: its final weight, its samples (<paramref name="samples"/> holds
    /// <paramref name="sampleCount"/> rows of one weight per connection) and how many updates changed it.
    /// </summary>
    public Simulation.PlasticConnectionWeights[] Report(Simulation.Network network, ReadOnlySpan<double> finalWeights, double[] samples, int sampleCount, long[] updates)
    {
        var list = new Simulation.PlasticConnectionWeights[Count];
        for (int p = 0; p < Count; p++)
        {
            var values = new double[sampleCount];
            for (int i = 0; i < sampleCount; i++) values[i] = samples[i * Count + p];
            var info = network.Connections[Connection[p]];
            list[p] = new Simulation.PlasticConnectionWeights(Connection[p], Pre[p], Post[p], network.Definition.Connections[Rule[p]].Label,
                info.Synapse, Parameters[p].Mechanism, InitialWeight[p], finalWeights[p], values, updates[p]);
        }
        return list;
    }

    /// <summary>Per connection (NetPyNE order): its index among the plastic connections, or -1.</summary>
    public static int[] Number(ushort[] rule, bool[] rulePlastic, out int count)
    {
        var index = new int[rule.Length];
        count = 0;
        for (int j = 0; j < rule.Length; j++) index[j] = rulePlastic[rule[j]] ? count++ : -1;
        return index;
    }

    public static PlasticConnections Build(ConnectionsByPost connections, int[] plasticIndex, int[] slot, PlasticRuleParameters?[] ruleParameters,
        int[] ruleSynapse, ConnectionTable.RuleInfo[] rules, double[] kindFactor, bool[] kindAddsToA, int n, NeuronWiring wiring)
    {
        int count = slot.Length;
        var connection = new int[count];
        var pre = new int[count]; var post = new int[count]; var rule = new int[count];
        var weight = new double[count]; var factor = new double[count];
        var addsToA = new bool[count];
        var parameters = new PlasticRuleParameters[count];
        bool hasPair = false;
        for (int gid = 0; gid < n; gid++)
        {
            for (int j = connections.PostStart[gid]; j < connections.PostStart[gid + 1]; j++)
            {
                int p = plasticIndex[j];
                if (p < 0) continue;
                int r = connections.Rule[j];
                int kind = ruleSynapse[r];
                connection[p] = j;
                pre[p] = connections.Pre[j];
                post[p] = gid;
                rule[p] = r;
                weight[p] = connections.Weight?[j] ?? rules[r].Weight;
                factor[p] = kindFactor[kind];
                addsToA[p] = kindAddsToA[kind];
                parameters[p] = ruleParameters[r]!;
                if (parameters[p] is PairStdpParameters pair)
                {
                    hasPair = true;
                    // NEST's bounds: its normalized updates need 0 <= w <= Wmax to start with.
                    if (!(weight[p] >= 0 && weight[p] <= pair.WMax))
                        throw NetworkBuilder.Invalid("Wmax", $"{pair.Context}, connection {pre[p]} -> {gid}: weight {NetworkBuilder.Num(weight[p])} is outside " +
                            $"pairSTDP's bounds [0, Wmax = {NetworkBuilder.Num(pair.WMax)}].");
                }
            }
        }
        return new PlasticConnections
        {
            Count = count, Connection = connection, Pre = pre, Post = post, Slot = slot, Rule = rule,
            InitialWeight = weight, Factor = factor, AddsToA = addsToA,
            Parameters = parameters,
            HasPairStdp = hasPair,
            Wiring = wiring,
        };
    }

}
