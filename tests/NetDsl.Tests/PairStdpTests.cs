using System.Text.Json;
using NetDsl.Definition;
using NetDsl.Kernels.Plasticity;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The pair-based STDP rule (<see cref="PairStdpRule"/>, <c>pairSTDP</c>; docs/plasticity.md): its weights against an
/// independent event-by-event computation from the run's spike times (<see cref="PairStdpReference"/>), its
/// behaviour, and NEURON 8.2.2 with pairstdp.mod (tests/reference/P_pairstdp_neuron).
/// </summary>
public class PairStdpTests
{
    private const string NeuronCase = "P_pairstdp_neuron";

    /// <summary>The tutorial network (B_network) with <paramref name="plasticity"/> on IZH->IZH, weights recorded every 10 ms.</summary>
    private static NetworkDefinition Tutorial(PlasticityDefinition plasticity, double delay)
    {
        var network = ReferenceCases.Get("B_network");
        var rule = network.Connections[0];
        return network with
        {
            Name = "P_pairstdp",
            Connections = [rule with { Plasticity = plasticity, Delay = delay }],
            Simulation = network.Simulation with { RecordStep = 1, WeightRecordStep = 10, RecordWeightChanges = true },
            Records = [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.All)],
        };
    }

    /// <summary>
    /// Ten VecStim trains (Poisson, about 25 Hz, times off the time grid) onto four Izhikevich cells that a noisy
    /// NetStim drives, all to all, pairSTDP with per-connection weights and delays.
    /// </summary>
    private static NetworkDefinition RandomTrains(int seed, PairStdpRule rule, double duration = 1000)
    {
        var random = new System.Random(seed);
        var trains = new List<IReadOnlyList<double>>();
        for (int i = 0; i < 10; i++)
        {
            var train = new List<double>();
            for (double t = -Math.Log(1 - random.NextDouble()) * 40; t < duration; t += -Math.Log(1 - random.NextDouble()) * 40) train.Add(t);
            trains.Add(train);
        }
        var cell = new CellDefinition("IZH", [new("diam", 10), new("L", 10), new("cm", 31.831)], "Izhi2007b",
            [new("C", 1), new("k", 0.7), new("vr", -60), new("vt", -40), new("vpeak", 35), new("a", 0.03), new("b", -2), new("c", -50), new("d", 100), new("celltype", 1)]);
        return new NetworkDefinition(
            $"pairstdp_random_{seed}",
            [cell],
            [PopulationDefinition.VecStim("in", 10, new VecStimSource("in", []) { Trains = trains }), new PopulationDefinition("E", "IZH", 4)],
            [new SynapseDefinition("exc", 1.0, 5.0, 0)],
            [new NetStimSource("bkg", Rate: 60, Interval: null, Noise: 1)],
            [new StimTargetDefinition("bkg", CellSelector.Population("E"), Weight: 0.008, Delay: 1, Synapse: "exc")],
            [new ConnectionDefinition("in->E", CellSelector.Population("in"), CellSelector.Population("E"), ConnectionRuleKind.Full, 0,
                ValueSpec.Uniform(0.2 * rule.WMax, 0.8 * rule.WMax), ValueSpec.Uniform(0.5, 4), "exc") { Plasticity = rule }],
            new SimulationSettings(Duration: duration, Dt: 0.025, Seeds: new Seeds(Conn: seed, Stim: seed)) { WeightRecordStep = 10, RecordWeightChanges = true },
            [],
            []);
    }

    [Fact]
    public void DefaultsAreNestsAndWmaxIsRequired()
    {
        var rule = new PairStdpRule();
        Assert.Equal("pairSTDP", rule.Mechanism);
        var parameters = rule.Parameters();
        Assert.Equal(new[] { "tau_plus", "tau_minus", "lambda", "alpha", "mu_plus", "mu_minus", "Wmax" }, parameters.Select(p => p.Name));
        Assert.Equal(new[] { 20.0, 20.0, 0.01, 1.0, 1.0, 1.0 }, parameters.Take(6).Select(p => p.Value));
        Assert.True(double.IsNaN(rule.WMax));
        var missing = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Tutorial(rule, 5)));
        Assert.Contains("Connection 'IZH->IZH': pairSTDP Wmax is required", missing.Message);
        Assert.Equal("Wmax", missing.Parameter);

        Assert.Equal(new PairStdpRule { Lambda = 0.1, Alpha = 1.05, WMax = 0.01, MuPlus = 0, MuMinus = 0 }, PairStdpRule.Additive(0.1, 1.05, 0.01));
        Assert.Equal(new PairStdpRule { Lambda = 0.1, Alpha = 1.05, WMax = 0.01 }, PairStdpRule.Multiplicative(0.1, 1.05, 0.01));
        Assert.Equal(new PairStdpRule { TauPlus = 15, Lambda = 0.1, WMax = 0.01 },
            PlasticityDefinition.FromParameters("pairSTDP", [new("tau_plus", 15), new("lambda", 0.1), new("Wmax", 0.01)]));
        Assert.IsType<StdpRule>(PlasticityDefinition.FromParameters("STDP", [new("wmax", 1)]));
        Assert.Throws<ArgumentException>(() => PlasticityDefinition.FromParameters("BCM", []));
        Assert.Equal("pairSTDP(tau_plus=20, tau_minus=20, lambda=0.01, alpha=1, mu_plus=1, mu_minus=1, Wmax=0.01)", (rule with { WMax = 0.01 }).ToString());
    }

    [Theory]
    [InlineData("tau_plus", 0.0, "pairSTDP tau_plus must be > 0 (got 0)")]
    [InlineData("tau_minus", -1.0, "pairSTDP tau_minus must be > 0 (got -1)")]
    [InlineData("lambda", -0.1, "pairSTDP lambda must be >= 0 (got -0.1)")]
    [InlineData("mu_plus", -1.0, "pairSTDP mu_plus must be >= 0 (got -1)")]
    [InlineData("Wmax", 0.0, "pairSTDP Wmax must be > 0 (got 0)")]
    [InlineData("alpha", double.PositiveInfinity, "pairSTDP alpha must be finite")]
    public void InvalidParametersAreRejected(string name, double value, string message)
    {
        var rule = PairStdpRule.FromParameters([new("Wmax", 0.01), new NamedValue(name, value)]);
        var error = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Tutorial(rule, 5)));
        Assert.Contains("Connection 'IZH->IZH': " + message, error.Message);
        Assert.Equal(name, error.Parameter);
    }

    [Fact]
    public void UnknownNamesAndWeightsOutsideTheBoundsAreRejected()
    {
        var parameter = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Tutorial(new PlasticityMechanism("pairSTDP", [new("tau_Plus", 1)]), 5)));
        Assert.Contains("'tau_Plus' is not a parameter of pairSTDP. Did you mean 'tau_plus'?", parameter.Message);
        Assert.Contains("Its parameters are tau_plus, tau_minus, lambda, alpha, mu_plus, mu_minus, Wmax.", parameter.Message);
        var lower = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Tutorial(new PlasticityMechanism("pairstdp", []), 5)));
        Assert.Contains("did you mean 'pairSTDP'?", lower.Message);
        var drawn = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Tutorial(new PlasticityMechanism("pairSTDP", [new("Wmax", ValueSpec.Uniform(1, 2))]), 5)));
        Assert.Contains("pairSTDP parameter 'Wmax' must be a number", drawn.Message);
        // The tutorial's weights are 0.005 uS.
        var above = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Tutorial(new PairStdpRule { WMax = 0.004 }, 5)));
        Assert.Contains("Connection 'IZH->IZH', connection 4 -> 1: weight 0.005 is outside pairSTDP's bounds [0, Wmax = 0.004].", above.Message);
    }

    /// <summary>
    /// Random trains, several seeds, additive and multiplicative updates with both bounds reached: every weight change
    /// of the engine equals the independent computation from the run's spike times, to the bit (both evaluate the
    /// documented operations in the documented order in IEEE double precision with the same exp and pow).
    /// </summary>
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.0)]
    [InlineData(3, 0.0)]
    [InlineData(1, 1.0)]
    [InlineData(4, 1.0)]
    [InlineData(5, 0.5)]
    public void WeightsEqualTheIndependentComputation(int seed, double mu)
    {
        // Additive: steps of 0.3 Wmax reach both bounds; multiplicative ones approach them.
        var rule = new PairStdpRule { TauPlus = 16.8, TauMinus = 33.7, Lambda = mu == 0 ? 0.3 : 0.8, Alpha = 0.9, MuPlus = mu, MuMinus = mu, WMax = 0.01 };
        var simulator = NetworkBuilder.Build(RandomTrains(seed, rule)).CreateSimulator();
        var result = simulator.Run();
        var weights = result.Weights!;
        Assert.Equal(40, weights.Connections.Count);
        Assert.True(weights.ChangeCount > 1000, $"{weights.ChangeCount} changes");
        int compared = CompareWithReference(result, simulator.Time, rule);
        Assert.Equal(weights.ChangeCount, compared);
        if (mu == 0)
        {
            Assert.Contains(weights.Changes, c => c.After == 0);
            Assert.Contains(weights.Changes, c => c.After == rule.WMax);
        }
    }

    /// <summary>
    /// The tutorial network (spikes on the time grid, a 5 ms or 1 ms delay): presynaptic arrivals and postsynaptic
    /// spikes then meet at exactly the same time now and then, which the rule does not count as a pair.
    /// </summary>
    [Theory]
    [InlineData(5.0)]
    [InlineData(1.0)]
    public void WeightsOnTheTimeGridEqualTheIndependentComputation(double delay)
    {
        var rule = new PairStdpRule { TauPlus = 17, TauMinus = 22, Lambda = 0.15, Alpha = 0.8, MuPlus = 0, MuMinus = 0, WMax = 0.008 };
        var simulator = NetworkBuilder.Build(Tutorial(rule, delay)).CreateSimulator();
        var result = simulator.Run();
        Assert.Equal(result.Weights!.ChangeCount, CompareWithReference(result, simulator.Time, rule));
    }

    /// <summary>Compares every plastic connection's changes, samples and final weight with <see cref="PairStdpReference"/>; returns the changes compared.</summary>
    private static int CompareWithReference(SimulationResult result, double end, PairStdpRule rule)
    {
        var weights = result.Weights!;
        int compared = 0;
        for (int p = 0; p < weights.Connections.Count; p++)
        {
            var connection = weights.Connections[p];
            var info = result.Connections[connection.ConnectionIndex];
            double[] pre = SpikesOf(result, connection.PreGid), post = SpikesOf(result, connection.PostGid);
            var expected = PairStdpReference.Run(pre, info.Delay, post, connection.InitialWeight, rule, end, weights.SampleTimes);
            var actual = weights.Changes.Where(c => c.Connection == p).ToArray();
            Assert.True(expected.Changes.Count == actual.Length, $"{connection.PreGid}->{connection.PostGid}: {actual.Length} changes, expected {expected.Changes.Count}");
            for (int i = 0; i < actual.Length; i++)
            {
                var (time, before, after) = expected.Changes[i];
                Assert.True(time == actual[i].Time && before == actual[i].Before && after == actual[i].After,
                    $"{connection.PreGid}->{connection.PostGid} change {i}: ({actual[i].Time:R}, {actual[i].Before:R}, {actual[i].After:R}), expected ({time:R}, {before:R}, {after:R})");
            }
            Assert.Equal(expected.Samples, connection.Samples);
            Assert.True(expected.Final == connection.FinalWeight, $"{connection.PreGid}->{connection.PostGid} final {connection.FinalWeight:R}, expected {expected.Final:R}");
            compared += actual.Length;
        }
        return compared;
    }

    private static double[] SpikesOf(SimulationResult result, int gid) =>
        [.. result.SpikeTimes.Where((_, i) => result.SpikeGids[i] == gid).Order()];

    [Fact]
    public void TheTracesAreTheSumsOverEarlierSpikes()
    {
        // The recursion the rule documents (and NEST uses) equals the definition, a sum over every earlier spike.
        var random = new System.Random(7);
        var times = new double[200];
        for (int i = 1; i < times.Length; i++) times[i] = times[i - 1] + random.NextDouble() * 10;
        double last = double.NegativeInfinity, before = 0;
        foreach (double t in times)
        {
            double direct = times.Where(s => s < t).Sum(s => Math.Exp(-(t - s) / 17.0));
            double recursive = PairStdpStates.TraceBefore(last, before, t, 17.0);
            Assert.True(Math.Abs(recursive - direct) <= 1e-12 * Math.Max(1, direct), $"{t}: {recursive:R} vs {direct:R}");
            before = recursive;
            last = t;
        }
    }

    /// <summary>The kernel on its own, spike by spike: signs, amounts, bounds, ties.</summary>
    [Fact]
    public void PreBeforePostPotentiatesPostBeforePreDepresses()
    {
        var rule = PairStdpRule.Additive(0.1, 1.2, 0.01, tauPlus: 10, tauMinus: 30);
        var p = PairStdpParameters.Check(rule, "test");
        var w = new[] { 0.005, 0.005 };
        var states = new PairStdpStates(w);
        // Connection 0: an arrival at 100 ms, the post spike at 104 ms: + lambda Wmax exp(-4/10).
        states.PreArrival(0, p, 100);
        Assert.Equal(0.005, w[0]);
        states.PostSpike(0, p, 104);
        Assert.Equal(0.005 + 0.1 * 0.01 * Math.Exp(-0.4), w[0]);
        // Connection 1: the post spike at 100 ms, an arrival at 104 ms: - alpha lambda Wmax exp(-4/30).
        states.PostSpike(1, p, 100);
        Assert.Equal(0.005, w[1]);
        states.PreArrival(1, p, 104);
        Assert.Equal(0.005 - 1.2 * 0.1 * 0.01 * Math.Exp(-4.0 / 30), w[1]);

        // All to all: a second arrival before the next post spike adds to the trace.
        states.PreArrival(0, p, 110);
        double afterDepression = w[0];
        Assert.True(afterDepression < 0.005 + 0.1 * 0.01 * Math.Exp(-0.4));
        states.PostSpike(0, p, 112);
        double kPlus = (Math.Exp((100 - 110) / 10.0) + 1) * Math.Exp((110 - 112) / 10.0);
        Assert.Equal(afterDepression + 0.1 * 0.01 * kPlus, w[0]);

        // Bounds: clipped to Wmax and to 0.
        var big = PairStdpParameters.Check(PairStdpRule.Additive(5, 1, 0.01), "test");
        var bounded = new[] { 0.005, 0.005 };
        var clip = new PairStdpStates(bounded);
        clip.PreArrival(0, big, 10);
        clip.PostSpike(0, big, 11);
        Assert.Equal(0.01, bounded[0]);
        clip.PostSpike(1, big, 10);
        clip.PreArrival(1, big, 11);
        Assert.Equal(0.0, bounded[1]);
        // Multiplicative depression from 0 and potentiation from Wmax change nothing.
        var multiplicative = PairStdpParameters.Check(PairStdpRule.Multiplicative(0.5, 1, 0.01), "test");
        var edges = new[] { 0.0, 0.01 };
        var edge = new PairStdpStates(edges);
        edge.PostSpike(0, multiplicative, 10);
        edge.PreArrival(0, multiplicative, 11);
        edge.PreArrival(1, multiplicative, 10);
        edge.PostSpike(1, multiplicative, 11);
        Assert.Equal(new[] { 0.0, 0.01 }, edges);
    }

    [Fact]
    public void AnArrivalAndAPostSpikeAtTheSameTimeAreNoPair()
    {
        var p = PairStdpParameters.Check(PairStdpRule.Additive(0.1, 1, 0.01), "test");
        // Alone at the same time: no change, whichever comes first.
        var w = new[] { 0.005, 0.005 };
        var states = new PairStdpStates(w);
        states.PreArrival(0, p, 50);
        states.PostSpike(0, p, 50);
        states.PostSpike(1, p, 50);
        states.PreArrival(1, p, 50);
        Assert.Equal(new[] { 0.005, 0.005 }, w);
        // With earlier spikes: each pairs with the earlier ones only, and the traces do not depend on the order.
        var v = new[] { 0.005, 0.005 };
        var both = new PairStdpStates(v);
        for (int i = 0; i < 2; i++)
        {
            both.PreArrival(i, p, 40);
            both.PostSpike(i, p, 45);
        }
        both.PostSpike(0, p, 50);
        both.PreArrival(0, p, 50);
        both.PreArrival(1, p, 50);
        both.PostSpike(1, p, 50);
        Assert.Equal(both.PreTraceBefore[0], both.PreTraceBefore[1]);
        Assert.Equal(both.PostTraceBefore[0], both.PostTraceBefore[1]);
        Assert.Equal(v[0], v[1], 15);
    }

    /// <summary>
    /// In a network: arrivals 3 ms before each post spike potentiate, 3 ms after depress; arrivals at exactly the post
    /// spikes' times pair only with the other spikes (the presynaptic weight is too small to move the post cell's
    /// spikes). Each run equals the independent computation.
    /// </summary>
    [Theory]
    [InlineData(-3.0)]
    [InlineData(3.0)]
    [InlineData(0.0)]
    public void TimingDecidesTheSignInANetwork(double arrivalAfterPost)
    {
        var rule = PairStdpRule.Additive(0.01, 1, 2e-9);
        NetworkDefinition Network(IReadOnlyList<double> train) => new(
            "pairstdp_timing",
            [new CellDefinition("IZH", [new("diam", 10), new("L", 10), new("cm", 31.831)], "Izhi2007b",
                [new("C", 1), new("k", 0.7), new("vr", -60), new("vt", -40), new("vpeak", 35), new("a", 0.03), new("b", -2), new("c", -50), new("d", 100), new("celltype", 1)])],
            [PopulationDefinition.VecStim("in", 1, new VecStimSource("in", train)), new PopulationDefinition("E", "IZH", 1)],
            [new SynapseDefinition("exc", 1.0, 5.0, 0)],
            [new IClampSource("drive", 20, 900, 0.4)],
            [new StimTargetDefinition("drive", CellSelector.Population("E"))],
            [new ConnectionDefinition("in->E", CellSelector.Population("in"), CellSelector.Population("E"), ConnectionRuleKind.Full, 0, 1e-9, 2, "exc")
                { Plasticity = rule }],
            new SimulationSettings(Duration: 1000, Dt: 0.025) { RecordWeightChanges = true },
            [],
            []);
        var post = SpikesOf(NetworkBuilder.Build(Network([])).Run(), 1);
        Assert.True(post.Length >= 5, $"{post.Length} post spikes");
        var train = post.Select(t => t + arrivalAfterPost - 2).Where(t => t > 0).ToArray();
        var simulator = NetworkBuilder.Build(Network(train)).CreateSimulator();
        var result = simulator.Run();
        Assert.Equal(post, SpikesOf(result, 1));
        var connection = result.Weights!.Connections.Single();
        Assert.Equal(result.Weights.ChangeCount, CompareWithReference(result, simulator.Time, rule));
        if (arrivalAfterPost < 0) Assert.True(connection.FinalWeight > 1e-9, $"{connection.FinalWeight:R}");
        else if (arrivalAfterPost > 0) Assert.True(connection.FinalWeight < 1e-9, $"{connection.FinalWeight:R}");
        else Assert.Equal(post.Length, train.Count(t => post.Contains(t + 2)));
    }

    [Fact]
    public void RewardsLeavePairWeights()
    {
        var definition = Tutorial(PairStdpRule.Additive(0.15, 0.8, 0.008), 5);
        var exact = NetworkBuilder.Build(definition).Run();
        Assert.Equal("pairSTDP", exact.Weights!.Connections[0].Mechanism);

        var simulator = NetworkBuilder.Build(definition).CreateSimulator();
        simulator.Initialize();
        simulator.Advance(20000);
        var before = simulator.PlasticWeights.ToArray();
        simulator.RewardPunish(1.0);
        Assert.Equal(before, simulator.PlasticWeights.ToArray());
        simulator.Advance(20000);
        var stepped = simulator.Result();
        Assert.Equal(exact.SpikeTimes, stepped.SpikeTimes);
        Assert.Equal(exact.Weights.Changes, stepped.Weights!.Changes);
    }

    /// <summary>
    /// The fast engine runs pair-based STDP itself (its arithmetic, not NEURON's): every weight change, sample and
    /// final weight still equals the independent computation from the spike times of that run, in double and single
    /// precision, off and on the time grid.
    /// </summary>
    [Theory]
    [InlineData(1, 0.0, SimulationPrecision.Fast)]
    [InlineData(4, 1.0, SimulationPrecision.Fast)]
    [InlineData(5, 0.5, SimulationPrecision.Single)]
    public void TheFastEnginesWeightsEqualTheIndependentComputationOfItsSpikes(int seed, double mu, SimulationPrecision precision)
    {
        var rule = new PairStdpRule { TauPlus = 16.8, TauMinus = 33.7, Lambda = mu == 0 ? 0.3 : 0.8, Alpha = 0.9, MuPlus = mu, MuMinus = mu, WMax = 0.01 };
        var result = NetworkBuilder.Build(RandomTrains(seed, rule)).Run(new RunOptions { Precision = precision });
        Assert.Equal(precision, result.Precision);
        Assert.True(result.Weights!.ChangeCount > 1000, $"{result.Weights.ChangeCount} changes");
        Assert.Equal(result.Weights.ChangeCount, CompareWithReference(result, result.SimulatedTime, rule));

        var grid = Tutorial(new PairStdpRule { TauPlus = 17, TauMinus = 22, Lambda = 0.15, Alpha = 0.8, MuPlus = 0, MuMinus = 0, WMax = 0.008 }, 5);
        var onGrid = NetworkBuilder.Build(grid).Run(new RunOptions { Precision = precision });
        Assert.Equal(precision, onGrid.Precision);
        Assert.Equal(onGrid.Weights!.ChangeCount, CompareWithReference(onGrid, onGrid.SimulatedTime, (PairStdpRule)grid.Connections[0].Plasticity!));
    }

    /// <summary>
    /// The E/I benchmark with pair-based STDP on its excitatory connections in the fast engine: the same spikes and
    /// weights on one thread and two, and the same spikes as the network with fixed weights when the rule's steps are 0.
    /// </summary>
    [Fact]
    public void TheFastEnginesPlasticRunsDoNotDependOnThreadsAndAZeroStepChangesNothing()
    {
        var definition = PlasticBenchmark(lambda: 0.01);
        var one = NetworkBuilder.Build(definition).Run(new RunOptions { Precision = SimulationPrecision.Fast, Threads = 1 });
        var two = NetworkBuilder.Build(definition).Run(new RunOptions { Precision = SimulationPrecision.Fast, Threads = 2 });
        Assert.Equal(SimulationPrecision.Fast, one.Precision);
        Assert.Equal(2, two.Threads);
        Assert.True(one.SpikeTimes.Length > 1000, $"{one.SpikeTimes.Length} spikes");
        Assert.Equal(one.SpikeTimes, two.SpikeTimes);
        Assert.Equal(one.SpikeGids, two.SpikeGids);
        Assert.True(one.Weights!.ChangeCount > 10000, $"{one.Weights.ChangeCount} changes");
        Assert.Equal(one.Weights.ChangeCount, two.Weights!.ChangeCount);
        Assert.Equal(one.Weights.Connections.Select(c => c.FinalWeight), two.Weights.Connections.Select(c => c.FinalWeight));
        Assert.Equal(one.Weights.Connections.SelectMany(c => c.Samples), two.Weights.Connections.SelectMany(c => c.Samples));

        // lambda = 0: every update adds 0, so the run is the fixed-weight network's (delivered through the plastic path).
        var still = NetworkBuilder.Build(PlasticBenchmark(lambda: 0)).Run(new RunOptions { Precision = SimulationPrecision.Fast });
        var fixedWeights = NetworkBuilder.Build(PlasticBenchmark(lambda: null)).Run(new RunOptions { Precision = SimulationPrecision.Fast });
        Assert.Equal(0, still.Weights!.ChangeCount);
        Assert.Equal(fixedWeights.SpikeTimes, still.SpikeTimes);
        Assert.Equal(fixedWeights.SpikeGids, still.SpikeGids);
    }

    /// <summary>A 1,000-cell E/I network, 300 ms; pairSTDP on E -> all unless <paramref name="lambda"/> is null.</summary>
    private static NetworkDefinition PlasticBenchmark(double? lambda)
    {
        var cell = new CellDefinition("RS", [new("diam", 10), new("L", 10), new("cm", 31.831)], "Izhi2007b",
            [new("C", 1), new("k", 0.7), new("vr", -60), new("vt", -40), new("vpeak", 35), new("a", 0.03), new("b", -2), new("c", -50), new("d", 100), new("celltype", 1)]);
        var excitatory = new ConnectionDefinition("E->all", CellSelector.Population("E"), CellSelector.All, ConnectionRuleKind.Probability, 0.125, 0.001, 5, "exc");
        if (lambda is { } step) excitatory = excitatory with { Plasticity = PairStdpRule.Additive(step, 1.05, 0.002) };
        return new NetworkDefinition(
            "EiPlastic",
            [cell],
            [new PopulationDefinition("E", "RS", 800), new PopulationDefinition("I", "RS", 200)],
            [new SynapseDefinition("exc", 1.0, 5.0, 0), new SynapseDefinition("inh", 2.0, 10.0, -70)],
            [new NetStimSource("bkg", Rate: 100, Interval: null, Noise: 0.5)],
            [new StimTargetDefinition("bkg", CellSelector.All, Weight: 0.01, Delay: 5, Synapse: "exc")],
            [excitatory, new ConnectionDefinition("I->all", CellSelector.Population("I"), CellSelector.All, ConnectionRuleKind.Probability, 0.125, 0.004, 3, "inh")],
            new SimulationSettings(Duration: 300, Dt: 0.025) { WeightRecordStep = 50, AggregateSynapses = true },
            [],
            []);
    }

    /// <summary>
    /// NEURON 8.2.2 with pairstdp.mod (tests/reference/P_pairstdp_neuron/model_neuron.py): additive, multiplicative and
    /// power-law updates, delays of 5, 1 and 2 ms, NetPyNE's STDP on a second rule beside pairSTDP, and a zero step.
    /// Spikes, every cell's voltage at 1 ms, weight samples, final weights and per-step changes are compared exactly.
    /// </summary>
    [Theory]
    [InlineData("additive")]
    [InlineData("multiplicative")]
    [InlineData("with_stdp")]
    [InlineData("lambda_zero")]
    public void NeuronWithPairStdpModGivesTheSameRun(string variant)
    {
        var reference = ReferenceData.Load(NeuronCase, variant + ".json");
        var parameters = reference.GetProperty("params").EnumerateObject().Select(p => new NamedValue(p.Name, p.Value.GetDouble())).ToList();
        var definition = Tutorial(new PlasticityMechanism("pairSTDP", parameters), reference.GetProperty("delay").GetDouble());
        if (reference.GetProperty("stdp") is { ValueKind: JsonValueKind.Object } second)
        {
            var pairs = second.GetProperty("pairs").EnumerateArray().Select(p => (p[0].GetInt32(), p[1].GetInt32())).ToList();
            var stdp = second.GetProperty("params").EnumerateObject().Select(p => new NamedValue(p.Name, p.Value.GetDouble())).ToList();
            definition = definition with
            {
                Connections = [.. definition.Connections, new ConnectionDefinition("stdp", CellSelector.Population("IZHpop"), CellSelector.Population("IZHpop"),
                    ConnectionRuleKind.List, 0, second.GetProperty("weight").GetDouble(), second.GetProperty("delay").GetDouble(), "exc", pairs) { Plasticity = StdpRule.FromParameters(stdp) }],
            };
        }
        var simulator = NetworkBuilder.Build(definition).CreateSimulator();
        var result = simulator.Run();

        var spikes = reference.GetProperty("spikes").EnumerateArray().Select(s => (s[0].GetDouble(), s[1].GetInt32())).ToArray();
        Assert.Equal(spikes.Length, result.SpikeTimes.Length);
        for (int i = 0; i < spikes.Length; i++)
            Assert.True(spikes[i] == (result.SpikeTimes[i], result.SpikeGids[i]), $"{variant} spike {i}: ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]}), expected {spikes[i]}");
        foreach (var cell in reference.GetProperty("v").EnumerateObject())
        {
            var expected = ReferenceData.Doubles(cell.Value);
            var actual = result.Traces.Single(t => t.Gid == int.Parse(cell.Name)).Values;
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.True(expected[i] == actual[i], $"{variant} gid {cell.Name} t={i}: {actual[i]:R} vs {expected[i]:R}");
        }

        // NEURON's list: the pairSTDP connections in connection order, then the STDP rule's in list order.
        var weights = result.Weights!;
        Assert.Equal(ReferenceData.Doubles(reference.GetProperty("t")), weights.SampleTimes);
        var conns = reference.GetProperty("conns").EnumerateArray().ToArray();
        Assert.Equal(conns.Length, weights.Connections.Count);
        int pairCount = weights.Connections.Count(c => c.Rule == "IZH->IZH");
        for (int r = 0; r < conns.Length; r++)
        {
            string rule = r < pairCount ? "IZH->IZH" : "stdp";
            int pre = conns[r].GetProperty("preGid").GetInt32(), post = conns[r].GetProperty("postGid").GetInt32();
            var connection = weights.Connections.Single(c => c.Rule == rule && c.PreGid == pre && c.PostGid == post);
            Assert.Equal(rule == "stdp" ? "STDP" : "pairSTDP", connection.Mechanism);
            var samples = ReferenceData.Doubles(conns[r].GetProperty("w"));
            Assert.Equal(samples.Length, connection.Samples.Length);
            for (int i = 0; i < samples.Length; i++)
                Assert.True(samples[i] == connection.Samples[i], $"{variant} {pre}->{post} at {weights.SampleTimes[i]} ms: {connection.Samples[i]:R} vs {samples[i]:R}");
            Assert.True(conns[r].GetProperty("final_weight").GetDouble() == connection.FinalWeight, $"{variant} {pre}->{post} final: {connection.FinalWeight:R}");
        }
        var expectedChanges = reference.GetProperty("changes").EnumerateArray().Select(c => ReferenceData.Doubles(c)).ToArray();
        var perStep = PerStepChanges(weights, simulator.Time);
        Assert.Equal(expectedChanges.Length, perStep.Length);
        for (int i = 0; i < perStep.Length; i++)
            Assert.True(expectedChanges[i].SequenceEqual(perStep[i]), $"{variant} change {i}: [{string.Join(", ", perStep[i].Select(x => x.ToString("R")))}]");
        if (variant == "lambda_zero")
        {
            Assert.Empty(expectedChanges);
            Assert.Equal(ReferenceData.Spikes("B_network").Times, result.SpikeTimes);
        }
        else
        {
            Assert.True(expectedChanges.Length > 1000, $"{variant}: {expectedChanges.Length} changes");
        }
    }

    /// <summary>The change log as NEURON's per-step record sees it: per connection and step the first value before and the last after.</summary>
    private static double[][] PerStepChanges(PlasticWeights weights, double lastTime)
    {
        var rows = new List<double[]>();
        foreach (var group in weights.Changes.Where(c => c.RecordedAt <= lastTime).GroupBy(c => (c.Connection, c.RecordedAt)))
        {
            double before = group.First().Before, after = group.Last().After;
            if (before == after) continue;
            var connection = weights.Connections[group.Key.Connection];
            rows.Add([group.Key.RecordedAt, connection.PreGid, connection.PostGid, before, after]);
        }
        return [.. rows.OrderBy(r => r[0]).ThenBy(r => r[1]).ThenBy(r => r[2]).ThenBy(r => r[3]).ThenBy(r => r[4])];
    }
}

/// <summary>
/// The pair-based STDP rule computed from spike times alone, event by event, as docs/plasticity.md ("pairSTDP")
/// writes it, without the engine's queue or kernel: the presynaptic spikes arrive at t_pre + delay, the
/// postsynaptic spikes count at t_post, all are taken in time order, a post spike before an arrival of the same time.
/// </summary>
internal static class PairStdpReference
{
    public sealed record Outcome(List<(double Time, double Before, double After)> Changes, double[] Samples, double Final);

    /// <param name="end">The run's last time: arrivals after it never happen.</param>
    /// <param name="sampleTimes">Times at which to report the weight (after every event before them).</param>
    public static Outcome Run(IReadOnlyList<double> preSpikes, double delay, IReadOnlyList<double> postSpikes, double initialWeight,
        PairStdpRule rule, double end, IReadOnlyList<double> sampleTimes)
    {
        // (time, 0 = post spike, 1 = presynaptic arrival): sorting puts a post spike before an arrival of its time.
        var events = new List<(double Time, int Kind)>();
        foreach (double t in postSpikes) events.Add((t, 0));
        foreach (double t in preSpikes)
        {
            double arrival = t + delay;
            if (arrival <= end) events.Add((arrival, 1));
        }
        events.Sort();

        double w = initialWeight;
        // x: trace of the arrivals, y: of the post spikes; each as its value just before its last spike, and that spike's time.
        double xBefore = 0, lastArrival = double.NaN, yBefore = 0, lastPost = double.NaN;
        var changes = new List<(double, double, double)>();
        var samples = new double[sampleTimes.Count];
        int nextSample = 0;
        foreach (var (t, kind) in events)
        {
            while (nextSample < samples.Length && sampleTimes[nextSample] < t) samples[nextSample++] = w;
            double before = w;
            if (kind == 0)
            {
                double x = Trace(xBefore, lastArrival, t, rule.TauPlus);
                if (x != 0)
                {
                    double potentiated = w + rule.Lambda * rule.WMax * Math.Pow(1 - w / rule.WMax, rule.MuPlus) * x;
                    w = Math.Min(potentiated, rule.WMax);
                }
                yBefore = Trace(yBefore, lastPost, t, rule.TauMinus);
                lastPost = t;
            }
            else
            {
                double y = Trace(yBefore, lastPost, t, rule.TauMinus);
                if (y != 0)
                {
                    double depressed = w - rule.Alpha * rule.Lambda * rule.WMax * Math.Pow(w / rule.WMax, rule.MuMinus) * y;
                    w = Math.Max(depressed, 0);
                }
                xBefore = Trace(xBefore, lastArrival, t, rule.TauPlus);
                lastArrival = t;
            }
            if (w != before) changes.Add((t, before, w));
        }
        while (nextSample < samples.Length) samples[nextSample++] = w;
        return new Outcome(changes, samples, w);
    }

    /// <summary>The trace of the spikes strictly before t, from its value just before the last spike (none: NaN).</summary>
    private static double Trace(double valueBeforeLast, double last, double t, double tau)
    {
        if (double.IsNaN(last)) return 0;
        if (t == last) return valueBeforeLast;
        double exponent = (last - t) / tau;
        return (valueBeforeLast + 1) * (exponent < -700 ? 0 : Math.Exp(exponent));
    }
}
