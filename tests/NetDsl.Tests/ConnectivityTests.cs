using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

public class ConnectivityTests
{
    private static NetworkDefinition WithRule(ConnectionRuleKind rule, double value, bool allowSelf = false, IReadOnlyList<(int, int)>? pairs = null)
    {
        var d = TestModels.Network(40, 10, duration: 10);
        return d with
        {
            Connections = [new ConnectionDefinition("E->E", CellSelector.Population("E"), CellSelector.Population("E"), rule, value, 0.001, 1, "exc", pairs, allowSelf)],
        };
    }

    private static void AssertNoDuplicatesAndGroupedByPost(IReadOnlyList<ConnectionInfo> conns)
    {
        var seen = new HashSet<(int, int)>();
        for (int i = 0; i < conns.Count; i++)
        {
            Assert.True(seen.Add((conns[i].PreGid, conns[i].PostGid)), $"duplicate {conns[i]}");
            if (i > 0) Assert.True(conns[i - 1].PostGid <= conns[i].PostGid, "connections are listed per post cell");
        }
    }

    /// <summary>
    /// A constant-probability rule over millions of pairs is drawn on all cores: its connections are still NetPyNE's,
    /// one uniform per pair from one stream, pre-major after a discarded first draw, listed post-major.
    /// </summary>
    [Fact]
    public void ALargeProbabilityRuleDrawnOnAllCoresMakesTheOnePassConnections()
    {
        var definition = SimdEngineTests.BenchmarkModel(2500, 10);
        var rule = definition.Connections[0];
        var network = NetworkBuilder.Build(definition);
        int[] pre = [.. Enumerable.Range(0, 2000)], post = [.. Enumerable.Range(0, 2500)];
        Assert.True((long)pre.Length * post.Length >= 1 << 22);
        var stream = new NetDsl.Random.Random123Stream(NetDsl.Random.NetPyneHash.HashList(pre), NetDsl.Random.NetPyneHash.HashList(post),
            (uint)definition.Simulation.EffectiveSeeds.Conn);
        stream.Uniform(0, 1);
        var hits = new List<(int Pre, int Post)>();
        foreach (int i in pre)
        {
            foreach (int j in post)
            {
                if (rule.RuleValue >= stream.Uniform(0, 1) && i != j) hits.Add((i, j));
            }
        }
        var expected = hits.OrderBy(h => h.Post).ThenBy(h => h.Pre).ToArray();
        var actual = network.Connections.Where(c => c.PreGid < 2000).Select(c => (c.PreGid, c.PostGid)).ToArray();
        Assert.True(expected.Length > 200_000, $"{expected.Length} connections");
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// A constant-probability rule of any shape (rows of pairs that are no whole number of Philox blocks, one post
    /// cell, p = 0 and p = 1, self pairs allowed, drawn in one chunk or on all cores) makes the connections of one
    /// uniform per pair read from the stream, whatever width the CPU draws them with.
    /// </summary>
    [Theory]
    [InlineData(1, 0, 0.5, false)]
    [InlineData(1, 0, 1.0, true)]
    [InlineData(3, 2, 0.5, false)]
    [InlineData(7, 6, 0.3, true)]
    [InlineData(50, 13, 0.2, false)]
    [InlineData(64, 0, 0.05, false)]
    [InlineData(200, 57, 0.999, false)]
    [InlineData(120, 9, 1.0, false)]
    [InlineData(120, 9, 0.0, false)]
    [InlineData(2000, 101, 0.01, true)]
    public void AConstantProbabilityRuleOfAnyShapeMakesTheStreamsConnections(int excitatory, int inhibitory, double p, bool allowSelf)
    {
        var d = TestModels.Network(excitatory, inhibitory, duration: 10, pExc: p);
        d = d with { Connections = [d.Connections[0] with { AllowSelfConnections = allowSelf }], Records = [] };
        int[] pre = [.. Enumerable.Range(0, excitatory)], post = [.. Enumerable.Range(0, excitatory + inhibitory)];
        var stream = new NetDsl.Random.Random123Stream(NetDsl.Random.NetPyneHash.HashList(pre), NetDsl.Random.NetPyneHash.HashList(post),
            (uint)d.Simulation.EffectiveSeeds.Conn);
        stream.Uniform(0, 1);
        var hits = new List<(int Pre, int Post)>();
        foreach (int i in pre)
        {
            foreach (int j in post)
            {
                if (p >= stream.Uniform(0, 1) && (i != j || allowSelf)) hits.Add((i, j));
            }
        }
        var expected = hits.OrderBy(h => h.Post).ThenBy(h => h.Pre).ToArray();
        var actual = NetworkBuilder.Build(d).Connections.Select(c => (c.PreGid, c.PostGid)).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void FullConnectsEveryPairExceptSelf()
    {
        var conns = NetworkBuilder.Build(WithRule(ConnectionRuleKind.Full, 0)).Connections;
        Assert.Equal(40 * 39, conns.Count);
        Assert.DoesNotContain(conns, c => c.PreGid == c.PostGid);
        AssertNoDuplicatesAndGroupedByPost(conns);
        Assert.Equal(40 * 40, NetworkBuilder.Build(WithRule(ConnectionRuleKind.Full, 0, allowSelf: true)).Connections.Count);
    }

    [Fact]
    public void ConvergenceGivesEachPostCellDistinctPreCells()
    {
        var conns = NetworkBuilder.Build(WithRule(ConnectionRuleKind.Convergence, 5)).Connections;
        AssertNoDuplicatesAndGroupedByPost(conns);
        Assert.DoesNotContain(conns, c => c.PreGid == c.PostGid);
        foreach (var group in conns.GroupBy(c => c.PostGid))
        {
            Assert.InRange(group.Count(), 4, 5);
            var pres = group.Select(c => c.PreGid).ToList();
            Assert.Equal(pres.OrderBy(p => p), pres);   // NetPyNE adds them in pre gid order
        }
        Assert.InRange(conns.Count, 40 * 5 - 10, 40 * 5);
    }

    [Fact]
    public void DivergenceGivesEachPreCellDistinctPostCells()
    {
        var conns = NetworkBuilder.Build(WithRule(ConnectionRuleKind.Divergence, 6)).Connections;
        AssertNoDuplicatesAndGroupedByPost(conns);
        Assert.DoesNotContain(conns, c => c.PreGid == c.PostGid);
        foreach (var group in conns.GroupBy(c => c.PreGid)) Assert.InRange(group.Count(), 5, 6);
        Assert.InRange(conns.Count, 40 * 6 - 10, 40 * 6);
    }

    [Fact]
    public void ListConnectsTheGivenRelativeIndices()
    {
        var conns = NetworkBuilder.Build(WithRule(ConnectionRuleKind.List, 0, pairs: [(0, 1), (3, 2), (5, 5), (39, 0)])).Connections;
        Assert.Equal([(39, 0), (0, 1), (3, 2)], conns.Select(c => (c.PreGid, c.PostGid)).ToArray());
    }

    [Fact]
    public void FastProbabilityHasTheRuleStatistics()
    {
        var d = TestModels.Network(400, 0, duration: 10) with { Connections = [] };
        d = d with { Connections = [new ConnectionDefinition("E->E", CellSelector.Population("E"), CellSelector.Population("E"), ConnectionRuleKind.FastProbability, 0.1, 0.001, 1, "exc")] };
        var conns = NetworkBuilder.Build(d).Connections;
        AssertNoDuplicatesAndGroupedByPost(conns);
        Assert.DoesNotContain(conns, c => c.PreGid == c.PostGid);
        double expected = 0.1 * 400 * 399, sd = Math.Sqrt(400 * 400 * 0.1 * 0.9);
        Assert.InRange(conns.Count, expected - 5 * sd, expected + 5 * sd);
        var slow = NetworkBuilder.Build(d with { Connections = [d.Connections[0] with { Rule = ConnectionRuleKind.Probability }] }).Connections;
        Assert.InRange(slow.Count, expected - 5 * sd, expected + 5 * sd);
    }

    [Fact]
    public void ProbabilityZeroAndOneAreExact()
    {
        Assert.Empty(NetworkBuilder.Build(WithRule(ConnectionRuleKind.Probability, 0)).Connections);
        Assert.Equal(40 * 39, NetworkBuilder.Build(WithRule(ConnectionRuleKind.Probability, 1)).Connections.Count);
        Assert.Empty(NetworkBuilder.Build(WithRule(ConnectionRuleKind.FastProbability, 0)).Connections);
        Assert.Equal(40 * 39, NetworkBuilder.Build(WithRule(ConnectionRuleKind.FastProbability, 1)).Connections.Count);
    }

    [Fact]
    public void FullRuleDrawsRandomWeightsFromTheRuleStreamPreMajor()
    {
        var d = TestModels.Network(6, 0, duration: 10);
        d = d with { Connections = [new ConnectionDefinition("E->E", CellSelector.Population("E"), CellSelector.Population("E"), ConnectionRuleKind.Full, 0, ValueSpec.Uniform(0, 1), 1, "exc")] };
        var conns = NetworkBuilder.Build(d).Connections;
        int[] gids = [0, 1, 2, 3, 4, 5];
        var stream = new NetDsl.Random.Random123Stream(NetDsl.Random.NetPyneHash.HashString("conn_fullConn"), NetDsl.Random.NetPyneHash.HashList([.. gids, .. gids]), 1);
        var draws = new double[36];
        for (int i = 0; i < draws.Length; i++) draws[i] = stream.Uniform(0, 1);
        Assert.Equal(30, conns.Count);
        foreach (var c in conns) Assert.Equal(draws[c.PreGid * 6 + c.PostGid], c.Weight);
    }

    [Fact]
    public void RandomDelaysAreDrawnPerConnection()
    {
        var conns = NetworkBuilder.Build(TestModels.Network(40, 10, duration: 10)).Connections.Where(c => c.Synapse == "inh").ToList();
        Assert.NotEmpty(conns);
        Assert.All(conns, c => Assert.InRange(c.Delay, 1, 3));
        Assert.True(conns.Select(c => c.Delay).Distinct().Count() > conns.Count / 2);
    }
}
