using NetDsl.Definition;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// D_spatial (NetPyNE 1.1.0's Tutorial 5 with Izhi2007b cells) against NetPyNE's own output: every connection with its
/// weight and delay, every NetStim event and every spike, in the exact engine; and the checks NetPyNE does not make.
/// </summary>
public class SpatialNetworkTests
{
    private static readonly Lazy<Network> DSpatial = new(() => NetworkBuilder.Build(ReferenceCases.Get("D_spatial")));

    [Fact]
    public void EveryConnectionWithItsWeightAndDelayIsNetPyNEsBitForBit()
    {
        var connections = DSpatial.Value.Connections;
        var reference = ReferenceData.Load("D_spatial", "conns.json");
        Assert.Equal(reference.GetArrayLength(), connections.Count);
        int i = 0;
        foreach (var expected in reference.EnumerateArray())
        {
            var actual = connections[i++];
            string where = $"connection {i - 1}: {actual}";
            Assert.True(expected[0].GetInt32() == actual.PreGid && expected[1].GetInt32() == actual.PostGid, where);
            Assert.True(BitConverter.DoubleToInt64Bits(expected[2].GetDouble()) == BitConverter.DoubleToInt64Bits(actual.Weight), $"{where} weight {expected[2].GetDouble():R}");
            Assert.True(BitConverter.DoubleToInt64Bits(expected[3].GetDouble()) == BitConverter.DoubleToInt64Bits(actual.Delay), $"{where} delay {expected[3].GetDouble():R}");
            Assert.Equal(expected[4].GetString(), actual.Synapse);
        }
    }

    [Fact]
    public void EveryNetStimEventAndEverySpikeIsNetPyNEs()
    {
        var result = DSpatial.Value.Run();
        var stims = ReferenceData.Load("D_spatial", "stims.json");
        Assert.Equal(stims.GetArrayLength(), result.Stims.Count);
        foreach (var expected in stims.EnumerateArray())
        {
            int gid = expected.GetProperty("gid").GetInt32();
            var actual = result.Stims.Single(s => s.Gid == gid);
            var times = ReferenceData.Doubles(expected.GetProperty("event_times_ms"));
            // NetPyNE records the events of the whole run; NetDsl keeps those up to its end.
            Assert.Equal(times.Where(t => t <= 1000), actual.EventTimes);
        }
        var (spikeTimes, spikeGids) = ReferenceData.Spikes("D_spatial");
        Assert.Equal(10282, spikeTimes.Length);
        int n = Math.Min(spikeTimes.Length, result.SpikeTimes.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.True(spikeGids[i] == result.SpikeGids[i] && Math.Abs(result.SpikeTimes[i] - spikeTimes[i]) <= 1e-6,
                $"spike {i}: expected ({spikeTimes[i]:R}, {spikeGids[i]}), got ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]})");
        }
        Assert.Equal(spikeTimes.Length, result.SpikeTimes.Length);
    }

    [Fact]
    public void ConditionsAreHalfOpenRangesOnTheCellsTags()
    {
        // Pre cells with x in [0, 50) to post cells with ynorm in [0.3, 0.6): every other cell is left out of the rule.
        var rule = new ConnectionDefinition("band", CellSelector.CellType("RS").Where(new TagCondition(CellTag.X, 0, 50)),
            CellSelector.All.Where(new TagCondition(CellTag.YNorm, 0.3, 0.6)), ConnectionRuleKind.Probability, 0.5, 0.001, 5, "exc");
        var network = NetworkBuilder.Build(WithRule(rule));
        var cells = network.Cells;
        Assert.True(network.Connections.Count > 100);
        Assert.All(network.Connections, c =>
        {
            Assert.Equal("RS", cells[c.PreGid].CellType);
            Assert.InRange(cells[c.PreGid].X, 0, 50 - 1e-12);
            Assert.InRange(cells[c.PostGid].YNorm, 0.3, 0.6 - 1e-12);
        });
        // The pairs' uniforms are those of the filtered sets: NetPyNE's stream is Random123(hashList(pre), hashList(post), seed).
        int[] pre = cells.Where(c => c.CellType == "RS" && c.X < 50).Select(c => c.Gid).ToArray();
        int[] post = cells.Where(c => c.YNorm >= 0.3 && c.YNorm < 0.6).Select(c => c.Gid).ToArray();
        var stream = new Random123Stream(NetPyneHash.HashList(pre), NetPyneHash.HashList(post), 1);
        stream.Uniform(0, 1);
        var expected = new List<(int, int)>();
        foreach (int p in pre)
        {
            foreach (int q in post)
            {
                if (0.5 >= stream.Uniform(0, 1) && p != q) expected.Add((p, q));
            }
        }
        Assert.Equal(expected.OrderBy(e => e.Item2).ThenBy(e => e.Item1), network.Connections.Select(c => (c.PreGid, c.PostGid)));
    }

    [Fact]
    public void CompiledExpressionsGiveTheTreesValues()
    {
        // What generated code passes: the same expressions as code. The network must not change.
        var definition = ReferenceCases.Get("D_spatial");
        PairFunction probability = static (in CellPair pair, ref Random123Stream random) => 0.1 * Math.Exp(-pair.Dist3D / 150.0);
        PairFunction weight = static (in CellPair pair, ref Random123Stream random) => 0.005 * pair.Post.YNorm;
        PairFunction delay = static (in CellPair pair, ref Random123Stream random) => pair.Dist3D / 100.0;
        var rule = definition.Connections[0];
        var compiled = definition with
        {
            Connections =
            [
                rule with
                {
                    RuleValueSpec = ValueSpec.Of(rule.RuleValueSpec!.Value.Expression!, probability),
                    Weight = ValueSpec.Of(rule.Weight.Expression!, weight),
                    Delay = ValueSpec.Of(rule.Delay.Expression!, delay),
                },
                definition.Connections[1],
            ],
        };
        Assert.Equal(definition.Connections[0], compiled.Connections[0]);
        Assert.Equal(DSpatial.Value.Connections, NetworkBuilder.Build(compiled).Connections);
    }

    [Fact]
    public void StringsAreNetPyNEs()
    {
        var rule = ReferenceCases.Get("D_spatial").Connections[0];
        Assert.Equal("0.1*exp(-dist_3D/probLengthConst)", rule.RuleValueSpec!.Value.ToString());
        Assert.Equal("0.005*post_ynorm", rule.Weight.ToString());
        Assert.Equal("dist_3D/propVelocity", rule.Delay.ToString());
    }

    private static NetworkDefinition WithRule(ConnectionDefinition rule) => ReferenceCases.Get("D_spatial") with { Connections = [rule], Records = [], Plots = [] };

    private static ConnectionDefinition EToAll(ValueSpec weight, ValueSpec delay) =>
        new("E->all", CellSelector.CellType("RS"), CellSelector.All, ConnectionRuleKind.Probability, 0.2, weight, delay, "exc");

    [Fact]
    public void NetPyNEsDistNorm3DStopsTheBuildWithTheRuleTheCellsAndTheFix()
    {
        var error = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(WithRule(EToAll(ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Multiply,
            ValueExpression.Number(0.001), ValueExpression.Of(ExpressionVariable.DistNorm3D))), 5))));
        Assert.Equal("weight", error.Parameter);
        Assert.Contains("Connection 'E->all': the weight 0.001*dist_norm3D is NaN for ", error.Message);
        Assert.Contains("sqrt(dist_xnorm**2 + dist_ynorm**2 + dist_znorm**2)", error.Message);
    }

    [Fact]
    public void ADelayBelowDtStopsTheBuild()
    {
        var error = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(WithRule(EToAll(0.001,
            ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Divide, ValueExpression.Of(ExpressionVariable.Dist3D), ValueExpression.Named("propVelocity", 1e4)))))));
        Assert.Equal("delay", error.Parameter);
        Assert.Matches(@"the delay dist_3D/propVelocity is [0-9.e-]+ ms for \d+->\d+, below dt = 0.025 ms", error.Message);
    }

    [Fact]
    public void WeightsBelowZeroAreKeptAndCounted()
    {
        // normal(0.001, 1e-6): a weight below zero one time in 1e3 / 1 = a few of the ~2000 connections.
        var weight = ValueSpec.Of(ValueExpression.Call(ExpressionFunction.Normal, ValueExpression.Number(0.0005), ValueExpression.Number(1e-7)));
        var network = NetworkBuilder.Build(WithRule(EToAll(weight, 5)));
        int negative = network.Connections.Count(c => c.Weight < 0);
        Assert.InRange(negative, 1, network.Connections.Count / 2);
        string warning = Assert.Single(network.Warnings);
        Assert.StartsWith($"Connection 'E->all': {negative} connection(s) got a weight below zero (lowest ", warning);
        Assert.Equal(network.Connections.Min(c => c.Weight), double.Parse(warning.Split("(lowest ")[1].Split(')')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ARandomDelayIsTheFirstDrawOfThePairsStreamAfterAFixedWeight()
    {
        // netpyne-spatial-semantics 12: Random123(pre, post, conn seed) per connection; the delay is its first draw.
        var delay = ValueSpec.Of(ValueExpression.Call(ExpressionFunction.Uniform, ValueExpression.Number(1), ValueExpression.Number(3)));
        var network = NetworkBuilder.Build(WithRule(EToAll(ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Multiply, ValueExpression.Number(0.005), ValueExpression.Of(ExpressionVariable.PostYNorm))), delay)));
        Assert.NotEmpty(network.Connections);
        foreach (var c in network.Connections)
        {
            var stream = new Random123Stream((uint)c.PreGid, (uint)c.PostGid, 1);
            Assert.Equal(stream.Uniform(1, 3), c.Delay);
            Assert.Equal(0.005 * network.Cells[c.PostGid].YNorm, c.Weight);
        }
    }

    [Fact]
    public void ACutoffConsidersOnlyPairsWithinItAndKeepsTheStatistics()
    {
        // D_spatial's E->all rule with a cutoff: no pair beyond it is connected; far beyond the box every pair is
        // considered, and the number of connections is the sum of the pairs' probabilities within sampling error.
        var definition = ReferenceCases.Get("D_spatial");
        var rule = definition.Connections[0];
        var cut = NetworkBuilder.Build(definition with { Connections = [rule with { Within = 200 }], Records = [], Plots = [] });
        var cells = cut.Cells;
        Assert.NotEmpty(cut.Connections);
        foreach (var c in cut.Connections)
        {
            CellTags a = cells[c.PreGid].Tags, b = cells[c.PostGid].Tags;
            Assert.True(new CellPair(in a, in b).Dist3D <= 200);
        }
        var again = NetworkBuilder.Build(definition with { Connections = [rule with { Within = 200 }], Records = [], Plots = [] });
        Assert.Equal(cut.Connections, again.Connections);

        var wide = NetworkBuilder.Build(definition with { Connections = [rule with { Within = 5000 }], Records = [], Plots = [] });
        double expected = 0, variance = 0;
        foreach (var pre in cells.Where(c => c.CellType == "RS"))
        {
            foreach (var post in cells.Where(c => c.Y >= 100 && c.Y < 1000 && c.Gid != pre.Gid))
            {
                CellTags a = pre.Tags, b = post.Tags;
                double p = 0.1 * Math.Exp(-new CellPair(in a, in b).Dist3D / 150.0);
                expected += p;
                variance += p * (1 - p);
            }
        }
        Assert.InRange(wide.Connections.Count, expected - 4 * Math.Sqrt(variance), expected + 4 * Math.Sqrt(variance));
        // Each post cell's connections in pre gid order, post cells in gid order, as NetPyNE makes them.
        var order = wide.Connections.Select(c => (c.PostGid, c.PreGid)).ToArray();
        Assert.Equal(order.OrderBy(o => o.PostGid).ThenBy(o => o.PreGid), order);
        Assert.NotEqual(DSpatial.Value.Connections.Where(c => c.Synapse == "exc").Select(c => (c.PreGid, c.PostGid)), wide.Connections.Select(c => (c.PreGid, c.PostGid)));
    }

    [Fact]
    public void TheSummarySaysTheCutoffIsNotNetPyNEs()
    {
        var definition = ReferenceCases.Get("D_spatial");
        var result = NetworkBuilder.Build(definition with
        {
            Connections = [definition.Connections[0] with { Within = 300 }],
            Simulation = definition.Simulation with { Duration = 10 },
            Records = [], Plots = [],
        }).Run();
        Assert.Contains("  Connection 'E->all': only pairs within 300 um considered (a cutoff NetPyNE does not have: a different random instance than NetPyNE's all-pairs rule)", NetDsl.Output.RunSummary.Lines(result));
    }

    [Fact]
    public void AStimulusDelayExpressionDrawsPerTargetCellFromNetPyNEsStimStream()
    {
        // Tutorial 5's 'max(1, normal(5, 2))': per target cell in gid order on Random123(hashStr('stim_NetStim'), hashList(targets), stim seed).
        var definition = ReferenceCases.Get("D_spatial");
        var delay = ValueSpec.Of(ValueExpression.Call(ExpressionFunction.Max, ValueExpression.Number(1),
            ValueExpression.Call(ExpressionFunction.Normal, ValueExpression.Number(5), ValueExpression.Number(2))));
        var target = definition.StimTargets[0] with { DelaySpec = delay };
        var network = NetworkBuilder.Build(definition with { StimTargets = [target], Connections = [], Records = [], Plots = [] });
        int[] gids = network.Cells.Select(c => c.Gid).ToArray();
        var stream = new Random123Stream(NetPyneHash.HashString("stim_NetStim"), NetPyneHash.HashList(gids), 1);
        foreach (var stim in network.Stims.OrderBy(s => s.Gid))
        {
            Assert.Equal(Math.Max(1, stream.Normal(5, 2)), stim.Delay);
            Assert.Equal(0.01, stim.Weight);
        }
    }
}
