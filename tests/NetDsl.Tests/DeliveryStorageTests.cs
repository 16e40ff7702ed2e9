using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The compact delivery storage (increment once per segment) against the per-synapse form, and the memory it
/// and the connection table take.
/// </summary>
public class DeliveryStorageTests
{
    /// <summary>
    /// One excitatory population reaching the same (aggregated) synapse of a cell through three rules with equal
    /// delay: weights a, b, a in rule order, so a cell's slot receives a, b, a from one spike; plus a second delay
    /// and an inhibitory rule.
    /// </summary>
    private static NetworkDefinition InterleavedWeights(bool aggregate, ValueSpec? drawnWeight = null)
    {
        var d = TestModels.Network(30, 10, duration: 300);
        return d with
        {
            StimSources = [new NetStimSource("bkg", Rate: 60, Interval: null, Noise: 0.5)],
            StimTargets = [new StimTargetDefinition("bkg", CellSelector.All, Weight: 0.02, Delay: 1, Synapse: "exc")],
            Connections =
            [
                new ConnectionDefinition("E->all a", CellSelector.Population("E"), CellSelector.All, ConnectionRuleKind.Probability, 0.3, 0.002, 2, "exc"),
                new ConnectionDefinition("E->E b", CellSelector.Population("E"), CellSelector.Population("E"), ConnectionRuleKind.Probability, 0.4, 0.003, 2, "exc"),
                new ConnectionDefinition("E->all a again", CellSelector.Population("E"), CellSelector.All, ConnectionRuleKind.Full, 0, 0.002, 2, "exc"),
                new ConnectionDefinition("E->I", CellSelector.Population("E"), CellSelector.Population("I"), ConnectionRuleKind.Probability, 0.5, 0.0025, 3, "exc"),
                new ConnectionDefinition("I->E", CellSelector.Population("I"), CellSelector.Population("E"), ConnectionRuleKind.Full, 0, drawnWeight ?? 0.004, 2, "inh"),
            ],
            Simulation = d.Simulation with { AggregateSynapses = aggregate },
            Records = [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.All)],
        };
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CompactStorageDeliversExactlyWhatPerSynapseIncrementsDeliver(bool aggregate)
    {
        var definition = InterleavedWeights(aggregate);
        var compact = NetworkBuilder.Build(definition);
        var perSynapse = NetworkBuilder.Build(definition, perSynapseIncrement: true);
        Assert.False(compact.Compiled.PerSynapseIncrement);
        Assert.Empty(compact.Compiled.OutIncrement);
        Assert.True(perSynapse.Compiled.PerSynapseIncrement);
        Assert.Equal(perSynapse.Compiled.OutSlot.Length, perSynapse.Compiled.OutIncrement.Length);

        var expected = perSynapse.Run();
        var actual = compact.Run();
        Assert.True(expected.SpikeTimes.Length > 100, $"the drive makes the cells fire ({expected.SpikeTimes.Length} spikes)");
        Assert.Equal(expected.SpikeGids, actual.SpikeGids);
        Assert.Equal(expected.SpikeTimes, actual.SpikeTimes);
        Assert.Equal(expected.Traces.Count, actual.Traces.Count);
        for (int t = 0; t < expected.Traces.Count; t++)
        {
            var want = expected.Traces[t].Values;
            var got = actual.Traces[t].Values;
            for (int i = 0; i < want.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(want[i]) == BitConverter.DoubleToInt64Bits(got[i]), $"gid {expected.Traces[t].Gid} sample {i}: {got[i]:R} vs {want[i]:R}");
        }
    }

    [Fact]
    public void EverySharedSlotReceivesItsIncrementsInConnectionOrder()
    {
        var definition = InterleavedWeights(aggregate: true);
        var network = NetworkBuilder.Build(definition);
        var net = network.Compiled;
        var factor = definition.Synapses.ToDictionary(s => s.Name, s => Exp2Syn.PeakFactor(s.Tau1, s.Tau2));
        var kind = definition.Synapses.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i);

        // Expected: per (pre, delay, slot), the increments in NetPyNE connection order.
        var expected = new Dictionary<(int Pre, double Delay, int Slot), List<long>>();
        foreach (var c in network.Connections)
        {
            int slot = SlotOf(net, c.PostGid, kind[c.Synapse]);
            var key = (c.PreGid, c.Delay, slot);
            if (!expected.TryGetValue(key, out var list)) expected[key] = list = [];
            list.Add(BitConverter.DoubleToInt64Bits(c.Weight * factor[c.Synapse]));
        }

        // Actual: delivery order, segment by segment, then row by row.
        var actual = new Dictionary<(int Pre, double Delay, int Slot), List<long>>();
        bool split = false;
        for (int gid = 0; gid < net.CellCount; gid++)
        {
            var seen = new List<(double Delay, long Increment)>();
            for (int seg = net.OutSegmentStart[gid]; seg < net.OutSegmentStart[gid + 1]; seg++)
            {
                var segmentKey = (net.SegmentDelay[seg], BitConverter.DoubleToInt64Bits(net.SegmentIncrement[seg]));
                split |= seen.Contains(segmentKey);
                seen.Add(segmentKey);
                // Segments of one delay stay together: a delay never comes back after another.
                if (seg > net.OutSegmentStart[gid] && net.SegmentDelay[seg - 1] != net.SegmentDelay[seg])
                    Assert.DoesNotContain(seen.Take(seen.Count - 1), s => s.Delay == net.SegmentDelay[seg]);
                for (int j = net.SegmentConnStart[seg]; j < net.SegmentConnStart[seg + 1]; j++)
                {
                    var key = (gid, net.SegmentDelay[seg], net.OutSlot[j]);
                    if (!actual.TryGetValue(key, out var list)) actual[key] = list = [];
                    list.Add(BitConverter.DoubleToInt64Bits(net.SegmentIncrement[seg]));
                }
            }
        }
        Assert.True(split, "some cell needs two segments of one delay and increment to keep a slot's order");
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (key, increments) in expected) Assert.Equal(increments, actual[key]);
    }

    [Fact]
    public void DrawnWeightsKeepIncrementsPerSynapse()
    {
        var definition = InterleavedWeights(aggregate: true, drawnWeight: ValueSpec.Uniform(0.003, 0.005));
        var network = NetworkBuilder.Build(definition);
        var net = network.Compiled;
        Assert.True(net.PerSynapseIncrement);
        Assert.Empty(net.SegmentIncrement);
        Assert.Equal(network.Connections.Count, net.OutIncrement.Length);
        Assert.Equal(network.Connections.Count, net.OutSlot.Length);
        // The increments are the connections' drawn weights times the synapse factor, as a multiset.
        var factor = definition.Synapses.ToDictionary(s => s.Name, s => Exp2Syn.PeakFactor(s.Tau1, s.Tau2));
        var expected = network.Connections.Select(c => c.Weight * factor[c.Synapse]).Order().ToArray();
        Assert.Equal(expected, net.OutIncrement.Order().ToArray());
        Assert.True(network.Connections.Where(c => c.Synapse == "inh").Select(c => c.Weight).Distinct().Count() > 10, "weights are drawn per connection");
    }

    [Fact]
    public void UniformWeightNetworkTakesAtMostTwelveBytesPerSynapseInTheEngine()
    {
        var d = TestModels.Network(800, 200, duration: 10, pExc: 0.05, pInh: 0.05, rule: ConnectionRuleKind.FastProbability);
        d = d with
        {
            Connections =
            [
                new ConnectionDefinition("E->all", CellSelector.Population("E"), CellSelector.All, ConnectionRuleKind.FastProbability, 0.05, 0.002, 2, "exc"),
                new ConnectionDefinition("I->all", CellSelector.Population("I"), CellSelector.All, ConnectionRuleKind.FastProbability, 0.05, 0.004, 1.5, "inh"),
            ],
        };
        var network = NetworkBuilder.Build(d);
        var net = network.Compiled;
        long synapses = net.OutSlot.Length;
        Assert.InRange(synapses, 45_000, 55_000);
        long bytes = net.OutSlot.Length * 4L + net.OutIncrement.Length * 8L + net.SegmentIncrement.Length * 8L
            + net.SegmentDelay.Length * 8L + net.SegmentConnStart.Length * 4L + net.OutSegmentStart.Length * 4L;
        Assert.Empty(net.OutIncrement);
        Assert.Equal(1000, net.SegmentDelay.Length);   // one segment per cell: one rule, one delay, one weight
        Assert.InRange(bytes / (double)synapses, 4, 12);
        // The connection table kept for reports: pre gids as small deltas, post and rule implied.
        var table = Assert.IsType<Construction.ConnectionTable>(network.Connections);
        Assert.InRange(table.ByteSize / (double)synapses, 1, 4);
    }

    [Fact]
    public void ConnectionTableReadsBackEveryRuleAndOrder()
    {
        var d = TestModels.Network(12, 4, duration: 10);
        d = d with
        {
            Connections =
            [
                // Descending and repeated pre gids for one post cell, then a second rule on the same cells.
                new ConnectionDefinition("list", CellSelector.All, CellSelector.All, ConnectionRuleKind.List, 0, 0.001, 1, "exc", [(9, 0), (2, 0), (15, 0), (0, 1), (3, 1)]),
                new ConnectionDefinition("full", CellSelector.Population("I"), CellSelector.ForGids(0, 1), ConnectionRuleKind.Full, 0, 0.004, 2, "inh"),
            ],
        };
        var connections = NetworkBuilder.Build(d).Connections;
        (int, int, double, double, string)[] expected =
        [
            (9, 0, 0.001, 1, "exc"), (2, 0, 0.001, 1, "exc"), (15, 0, 0.001, 1, "exc"),
            (12, 0, 0.004, 2, "inh"), (13, 0, 0.004, 2, "inh"), (14, 0, 0.004, 2, "inh"), (15, 0, 0.004, 2, "inh"),
            (0, 1, 0.001, 1, "exc"), (3, 1, 0.001, 1, "exc"),
            (12, 1, 0.004, 2, "inh"), (13, 1, 0.004, 2, "inh"), (14, 1, 0.004, 2, "inh"), (15, 1, 0.004, 2, "inh"),
        ];
        Assert.Equal(expected, connections.Select(c => (c.PreGid, c.PostGid, c.Weight, c.Delay, c.Synapse)).ToArray());
        Assert.Equal(expected.Length, connections.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], (connections[i].PreGid, connections[i].PostGid, connections[i].Weight, connections[i].Delay, connections[i].Synapse));
        Assert.Throws<ArgumentOutOfRangeException>(() => connections[expected.Length]);
    }

    [Fact]
    public void ConnectionTableIndexerAgreesWithEnumerationInAnyOrder()
    {
        var connections = NetworkBuilder.Build(TestModels.Network(200, 50, duration: 10, pExc: 0.1, pInh: 0.2)).Connections;
        var enumerated = connections.ToList();
        Assert.Equal(connections.Count, enumerated.Count);
        Assert.True(enumerated.Count > 5000, $"{enumerated.Count} connections");
        for (int i = 0; i < enumerated.Count; i++) Assert.Equal(enumerated[i], connections[i]);
        for (int i = enumerated.Count - 1; i >= 0; i -= 7) Assert.Equal(enumerated[i], connections[i]);
        var random = new System.Random(5);
        for (int k = 0; k < 2000; k++)
        {
            int i = random.Next(enumerated.Count);
            Assert.Equal(enumerated[i], connections[i]);
        }
    }

    private static int SlotOf(CompiledNetwork net, int gid, int kind)
    {
        for (int s = net.CellSlotStart[gid]; s < net.CellSlotStart[gid + 1]; s++)
        {
            if (net.SlotKind[s] == kind) return s;
        }
        throw new InvalidOperationException($"gid {gid} has no slot of kind {kind}");
    }
}
