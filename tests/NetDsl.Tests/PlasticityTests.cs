using System.Text.Json;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// NetPyNE's STDP plasticity (examples/RL_arm/stdp.mod) on connections, against NEURON: tests/reference/P_stdp
/// (NetPyNE 1.1.0 on NEURON 8.2.2: the tutorial network with STDP on IZH->IZH) and tests/reference/P_stdp_neuron
/// (NEURON 8.2.2 alone, the same network wired as NetPyNE wires it, other parameter sets and rewards). Every
/// reference value is stored with full precision (Python's repr of a double), so spikes, weight samples, final
/// weights and weight changes are compared exactly.
/// </summary>
public class PlasticityTests
{
    private const string Case = "P_stdp";
    private const string NeuronCase = "P_stdp_neuron";

    /// <summary>P_stdp's 'plast' params: {'hebbwt': 0.01, 'antiwt': -0.01, 'wmax': 50, 'RLon': 1, 'tauhebb': 10}.</summary>
    private static StdpRule ReferenceRule { get; } = StdpRule.FromParameters(
        [new("hebbwt", 0.01), new("antiwt", -0.01), new("wmax", 50), new("RLon", 1), new("tauhebb", 10)]);

    /// <summary>tests/reference/P_stdp/model_netpyne.py: B_network with STDP on IZH->IZH, weights recorded every 10 ms.</summary>
    internal static NetworkDefinition PStdp(PlasticityDefinition? plasticity = null, double? delay = null)
    {
        var network = ReferenceCases.Get("B_network");
        var rule = network.Connections[0];
        return network with
        {
            Name = Case,
            Connections = [rule with { Plasticity = plasticity ?? ReferenceRule, Delay = delay ?? rule.Delay }],
            Simulation = network.Simulation with { RecordStep = 1, WeightRecordStep = 10, RecordWeightChanges = true },
            Records = [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.All)],
        };
    }

    private static (SimulationResult Result, double LastTime) Run(NetworkDefinition definition)
    {
        var simulator = NetworkBuilder.Build(definition).CreateSimulator();
        var result = simulator.Run();
        return (result, simulator.Time);
    }

    [Fact]
    public void StdpRuleDefaultsAreStdpModsParameterBlock()
    {
        var rule = new StdpRule();
        Assert.Equal(
            [("tauhebb", 10.0), ("tauanti", 10.0), ("hebbwt", 1.0), ("antiwt", -1.0), ("RLwindhebb", 10.0), ("RLwindanti", 10.0),
             ("useRLexp", 0.0), ("RLlenhebb", 100.0), ("RLlenanti", 100.0), ("RLhebbwt", 1.0), ("RLantiwt", -1.0), ("wmax", 15.0),
             ("softthresh", 0.0), ("STDPon", 1.0), ("RLon", 1.0), ("verbose", 0.0)],
            rule.Parameters());
        Assert.Equal("STDP", rule.Mechanism);
        // NetPyNE's params dictionary: the names as in the mod file; the rest keep their defaults.
        Assert.Equal(new StdpRule { HebbWt = 0.01, AntiWt = -0.01, WMax = 50, RLOn = 1, TauHebb = 10 }, ReferenceRule);
        // The reference run read the same values back from NEURON.
        var actual = ReferenceData.Load(Case, "summary.json").GetProperty("plasticity").GetProperty("params_actual_first_conn");
        foreach (var (name, value) in ReferenceRule.Parameters()) Assert.Equal(actual.GetProperty(name).GetDouble(), value);
    }

    [Fact]
    public void ConnectionsAndPlasticWiringAreNetPyNEs()
    {
        var (result, _) = Run(PStdp());
        var conns = ReferenceData.Load(Case, "conns.json");
        Assert.Equal(conns.GetArrayLength(), result.Connections.Count);
        var weights = result.Weights!;
        Assert.Equal(35, weights.Connections.Count);
        int i = 0;
        foreach (var conn in conns.EnumerateArray())
        {
            var plastic = weights.Connections[i];
            Assert.Equal(i, plastic.ConnectionIndex);
            Assert.Equal(conn[0].GetInt32(), plastic.PreGid);
            Assert.Equal(conn[1].GetInt32(), plastic.PostGid);
            Assert.Equal(conn[2].GetDouble(), plastic.InitialWeight);
            Assert.Equal("IZH->IZH", plastic.Rule);
            Assert.Equal("exc", plastic.Synapse);
            Assert.Equal("STDP", plastic.Mechanism);
            i++;
        }
        // NetPyNE feeds each STDP mechanism through pc.gid_connect with its default delay (1 ms), weights 1 and -1.
        var wiring = ReferenceData.Load(Case, "summary.json").GetProperty("plasticity");
        Assert.Equal(1.0, wiring.GetProperty("precon").GetProperty("delay").GetDouble());
        Assert.Equal(1.0, wiring.GetProperty("pstcon").GetProperty("delay").GetDouble());
        Assert.Equal(Construction.PlasticConnections.NetConDelay, wiring.GetProperty("precon").GetProperty("delay").GetDouble());
        Assert.Equal(Construction.PlasticConnections.PreNetConWeight, wiring.GetProperty("precon").GetProperty("weight0").GetDouble());
        Assert.Equal(Construction.PlasticConnections.PostNetConWeight, wiring.GetProperty("pstcon").GetProperty("weight0").GetDouble());
    }

    [Fact]
    public void SpikesEqualNetPyNEs()
    {
        var (result, _) = Run(PStdp());
        var (times, gids) = ReferenceData.Spikes(Case);
        AssertSpikesEqual(Case, times, gids, result);
        Assert.Equal(2128, result.SpikeTimes.Length);
        Assert.Equal(SimulationPrecision.Exact, result.Precision);
    }

    [Fact]
    public void VoltagesEqualNetPyNEs()
    {
        var (result, _) = Run(PStdp());
        // traces.json: cell 1 at full precision, bit for bit.
        var expected = ReferenceData.Doubles(ReferenceData.Load(Case, "traces.json").GetProperty("recorded").GetProperty("V_soma").GetProperty("cell_1"));
        var trace = result.Traces.Single(t => t.Gid == 1);
        Assert.Equal(expected.Length, trace.Values.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(expected[i] == trace.Values[i], $"t={i}: {trace.Values[i]:R} vs {expected[i]:R}");
        // traces_all.json: every cell, stored with 10 significant digits.
        foreach (var cell in ReferenceData.Load(Case, "traces_all.json").GetProperty("V").EnumerateObject())
        {
            var values = ReferenceData.Doubles(cell.Value);
            var actual = result.Traces.Single(t => t.Gid == int.Parse(cell.Name)).Values;
            Assert.Equal(values.Length, actual.Length);
            for (int i = 0; i < values.Length; i++)
                Assert.True(double.Parse(actual[i].ToString("G10")) == values[i], $"gid {cell.Name} t={i}: {actual[i]:R} vs {values[i]:R}");
        }
    }

    [Fact]
    public void WeightSamplesFinalWeightsAndChangesEqualNetPyNEs()
    {
        var (result, lastTime) = Run(PStdp());
        var reference = ReferenceData.Load(Case, "weights.json");
        AssertWeightsEqual(Case, reference, result, lastTime);
        Assert.Equal(6852, reference.GetProperty("changes").GetArrayLength());
        var summary = ReferenceData.Load(Case, "summary.json").GetProperty("plasticity");
        var finals = result.Weights!.Connections.Select(c => c.FinalWeight).ToArray();
        Assert.Equal(summary.GetProperty("final_weight").GetProperty("max").GetDouble(), finals.Max());
        Assert.Equal(summary.GetProperty("final_weight").GetProperty("num_zero").GetInt32(), finals.Count(w => w == 0));
    }

    /// <summary>
    /// NEURON alone (tests/reference/P_stdp_neuron/model_neuron.py): other STDP parameters, delays (1 ms: a spike's
    /// synaptic and STDP events then share one queue event), rewards between runs, a fixed rule beside the plastic one,
    /// TC and FS cells (their extra WATCH events).
    /// Spikes, every cell's voltage at 1 ms, weight samples, final weights and changes are compared exactly.
    /// </summary>
    [Theory]
    [InlineData("soft_delay1")]
    [InlineData("rl_exp")]
    [InlineData("rl_binary_stdp_off")]
    [InlineData("mixed_rules")]
    [InlineData("tc_cells")]
    [InlineData("fs_cells")]
    public void OtherParameterSetsAndRewardsEqualNeurons(string variant)
    {
        var reference = ReferenceData.Load(NeuronCase, variant + ".json");
        var parameters = reference.GetProperty("params").EnumerateObject().Select(p => new NamedValue(p.Name, p.Value.GetDouble())).ToList();
        var definition = PStdp(new PlasticityMechanism("STDP", parameters), reference.GetProperty("delay").GetDouble());
        if (reference.GetProperty("cell") is { ValueKind: JsonValueKind.Object } izhi)
        {
            // Another Izhikevich class for every cell; k stays normal(0.7, 0.05), drawn from the same streams.
            NamedValue Value(string name) => new(name, izhi.GetProperty(name).GetDouble());
            definition = definition with
            {
                Cells = [new CellDefinition("IZH", [new("diam", 10), new("L", 10), new("cm", 31.831)], "Izhi2007b",
                    [Value("C"), new("k", ValueSpec.Normal(0.7, 0.05)), Value("vr"), Value("vt"), Value("vpeak"), Value("a"), Value("b"), Value("c"), Value("d"), Value("celltype")])],
            };
        }
        if (reference.GetProperty("fixed") is { ValueKind: JsonValueKind.Object } fixedRule)
        {
            var pairs = fixedRule.GetProperty("pairs").EnumerateArray().Select(p => (p[0].GetInt32(), p[1].GetInt32())).ToList();
            definition = definition with
            {
                Connections = [.. definition.Connections, new ConnectionDefinition("fixed", CellSelector.Population("IZHpop"), CellSelector.Population("IZHpop"),
                    ConnectionRuleKind.List, 0, fixedRule.GetProperty("weight").GetDouble(), fixedRule.GetProperty("delay").GetDouble(), "exc", pairs)],
            };
        }
        var simulator = NetworkBuilder.Build(definition).CreateSimulator();
        simulator.Initialize();
        double dt = definition.Simulation.Dt;
        foreach (var reward in reference.GetProperty("rewards").EnumerateArray())
        {
            PSolve(simulator, reward.GetProperty("at").GetDouble(), dt);
            Assert.Equal(reward.GetProperty("t").GetDouble(), simulator.Time);
            var chosen = reward.GetProperty("conns").EnumerateArray().Select(c => c.GetInt32()).ToArray();
            simulator.RewardPunish(reward.GetProperty("reinforcement").GetDouble(), reward.GetProperty("which").GetString() == "all" ? null : chosen);
        }
        PSolve(simulator, definition.Simulation.Duration, dt);
        var result = simulator.Result();
        Assert.False(result.Partial);
        var spikes = reference.GetProperty("spikes");
        AssertSpikesEqual(variant, spikes.EnumerateArray().Select(s => s[0].GetDouble()).ToArray(), spikes.EnumerateArray().Select(s => s[1].GetInt32()).ToArray(), result);
        AssertWeightsEqual(variant, reference, result, simulator.Time);
        Assert.True(reference.GetProperty("changes").GetArrayLength() > 100, "the variant changes weights");
        foreach (var cell in reference.GetProperty("v").EnumerateObject())
        {
            var expected = ReferenceData.Doubles(cell.Value);
            var actual = result.Traces.Single(t => t.Gid == int.Parse(cell.Name)).Values;
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.True(expected[i] == actual[i], $"{variant} gid {cell.Name} t={i}: {actual[i]:R} vs {expected[i]:R}");
        }
    }

    /// <summary>NEURON's pc.psolve(tstop) from the current time: int((tstop (1 + 1e-11) - t) / dt + 1e-9) steps.</summary>
    private static void PSolve(Simulator simulator, double tstop, double dt) =>
        simulator.Advance((int)((tstop * (1 + 1e-11) - simulator.Time) / dt + 1e-9));

    [Fact]
    public void WithoutPlasticityNothingChanges()
    {
        var definition = ReferenceCases.Get("B_network");
        var network = NetworkBuilder.Build(definition);
        Assert.Null(network.Compiled.Plasticity);
        var result = network.Run();
        Assert.Null(result.Weights);
        var (times, gids) = ReferenceData.Spikes("B_network");
        AssertSpikesEqual("B_network", times, gids, result);
        Assert.Equal(0, network.CreateSimulator().PlasticConnectionCount);
        Assert.Throws<InvalidOperationException>(() => network.CreateSimulator().RewardPunish(1));
    }

    /// <summary>
    /// A rule whose STDP never adjusts (STDPon = RLon = 0) goes through the plastic path (its own queue, the weight read
    /// at each delivery) and must give the fixed-weight network's spikes and voltages bit for bit; also with fixed
    /// rules beside it (C_inhib) and with weights drawn per connection.
    /// </summary>
    [Theory]
    [InlineData("B_network", 0)]
    [InlineData("C_inhib", 0)]
    [InlineData("C_inhib", 2)]
    [InlineData("B_drawn", 0)]
    [InlineData("B_expsyn", 0)]
    public void PlasticPathWithoutAdjustmentsEqualsFixedWeights(string name, int plasticRule)
    {
        var network = ReferenceCases.Get("B_network");
        var fixedWeights = name switch
        {
            "B_drawn" => network with { Connections = [network.Connections[0] with { Weight = ValueSpec.Uniform(0.004, 0.006), Delay = ValueSpec.Uniform(2, 6) }] },
            "B_expsyn" => network with { Synapses = [SynapseDefinition.ExpSyn("exc", 3, 0)] },
            _ => ReferenceCases.Get(name),
        };
        fixedWeights = fixedWeights with
        {
            Simulation = fixedWeights.Simulation with { RecordStep = 1 },
            Records = [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.All)],
        };
        var rules = fixedWeights.Connections.ToArray();
        rules[plasticRule] = rules[plasticRule] with { Plasticity = new StdpRule { StdpOn = 0, RLOn = 0 } };
        var plastic = fixedWeights with { Connections = rules, Simulation = fixedWeights.Simulation with { WeightRecordStep = 100, RecordWeightChanges = true } };

        var expected = NetworkBuilder.Build(fixedWeights).Run();
        var actual = NetworkBuilder.Build(plastic).Run();
        Assert.Equal(expected.SpikeTimes, actual.SpikeTimes);
        Assert.Equal(expected.SpikeGids, actual.SpikeGids);
        foreach (var trace in expected.Traces) Assert.Equal(trace.Values, actual.Traces.Single(t => t.Gid == trace.Gid).Values);
        Assert.Empty(actual.Weights!.Changes);
        Assert.All(actual.Weights.Connections, c => Assert.All(c.Samples, w => Assert.Equal(c.InitialWeight, w)));
        Assert.Equal(11, actual.Weights.SampleTimes.Length);
        if (name == "C_inhib") Assert.Equal(ReferenceData.Spikes(name).Times, actual.SpikeTimes);
    }

    /// <summary>With several threads (from 128 cells on) spikes and weights do not change.</summary>
    [Fact]
    public void ThreadsDoNotChangePlasticRuns()
    {
        var definition = PStdp() with
        {
            Populations = [new PopulationDefinition("IZHpop", "IZH", 256)],
            Connections = [PStdp().Connections[0] with { RuleValue = 0.02 }],
            Simulation = PStdp().Simulation with { Duration = 300, Threads = 1 },
            Records = [],
        };
        var network = NetworkBuilder.Build(definition);
        var one = network.Run(new RunOptions { Threads = 1 });
        var four = network.Run(new RunOptions { Threads = 4 });
        Assert.True(four.Threads > 1);
        Assert.True(one.Weights!.ChangeCount > 1000);
        Assert.Equal(one.SpikeTimes, four.SpikeTimes);
        Assert.Equal(one.SpikeGids, four.SpikeGids);
        Assert.Equal(one.Weights.Changes, four.Weights!.Changes);
        Assert.Equal(one.Weights.Connections.Select(c => c.Samples), four.Weights.Connections.Select(c => c.Samples));
    }

    [Fact]
    public void FastPrecisionRunsPlasticNetworksExactly()
    {
        var definition = PStdp();
        var fast = NetworkBuilder.Build(definition with { Simulation = definition.Simulation with { Precision = SimulationPrecision.Fast } }).Run();
        Assert.Equal(SimulationPrecision.Exact, fast.Precision);
        var (times, gids) = ReferenceData.Spikes(Case);
        AssertSpikesEqual(Case, times, gids, fast);
        var single = NetworkBuilder.Build(definition).Run(new RunOptions { Precision = SimulationPrecision.Single });
        Assert.Equal(SimulationPrecision.Exact, single.Precision);
        Assert.Equal(fast.SpikeTimes, single.SpikeTimes);
    }

    [Fact]
    public void WeightsAreSampledOnlyWhenAsked()
    {
        var definition = PStdp();
        var result = NetworkBuilder.Build(definition with { Simulation = definition.Simulation with { WeightRecordStep = null, RecordWeightChanges = false } }).Run();
        var weights = result.Weights!;
        Assert.Empty(weights.SampleTimes);
        Assert.Null(weights.RecordStep);
        Assert.All(weights.Connections, c => Assert.Empty(c.Samples));
        Assert.False(weights.ChangesRecorded);
        Assert.Empty(weights.Changes);
        // Final weights and the number of changes do not depend on what is recorded.
        var recorded = Run(definition).Result.Weights!;
        Assert.Equal(recorded.Connections.Select(c => c.FinalWeight), weights.Connections.Select(c => c.FinalWeight));
        Assert.Equal(recorded.ChangeCount, weights.ChangeCount);
        Assert.Equal(recorded.Changes.Count, recorded.ChangeCount);
        Assert.Equal(recorded.Connections[0], recorded.Find(4, 1));
    }

    /// <summary>Stepping in stretches with a reward of 0 between them (a stop and a restart, as with psolve) changes nothing.</summary>
    [Fact]
    public void SteppingInStretchesGivesTheSameRun()
    {
        var network = NetworkBuilder.Build(PStdp());
        var expected = network.Run();
        var simulator = network.CreateSimulator();
        simulator.Initialize();
        for (int block = 0; block < 40; block++)
        {
            simulator.Advance(1000);
            simulator.RewardPunish(0);
        }
        var result = simulator.Result();
        Assert.Equal(expected.SpikeTimes, result.SpikeTimes);
        Assert.Equal(expected.Weights!.Connections.Select(c => c.FinalWeight), result.Weights!.Connections.Select(c => c.FinalWeight));
        Assert.Equal(expected.Weights.Changes, result.Weights.Changes);
        Assert.Equal(expected.Weights.Connections.Select(c => c.Samples), result.Weights.Connections.Select(c => c.Samples));
        Assert.Equal(expected.Weights.Connections.Select(c => c.FinalWeight).ToArray(), simulator.PlasticWeights.ToArray());
        Assert.Equal(35, simulator.PlasticConnectionCount);
    }

    [Theory]
    [InlineData("wmax", -1.0, "STDP wmax must be >= 0 (got -1)")]
    [InlineData("tauhebb", 0.0, "STDP tauhebb must be > 0 (got 0)")]
    [InlineData("softthresh", 2.0, "STDP softthresh is a flag: it must be 0 or 1 (got 2)")]
    [InlineData("RLlenanti", double.NaN, "STDP RLlenanti must be finite")]
    public void InvalidParametersAreRejected(string name, double value, string message)
    {
        var rule = StdpRule.FromParameters([new NamedValue(name, value)]);
        var error = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(PStdp(rule)));
        Assert.Contains("Connection 'IZH->IZH': " + message, error.Message);
        Assert.Equal(name, error.Parameter);
    }

    [Fact]
    public void UnknownMechanismsAndParametersAreRejected()
    {
        var unknown = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(PStdp(new PlasticityMechanism("BCM", []))));
        Assert.Contains("plasticity mechanism 'BCM' is not supported; NetDsl runs 'STDP'", unknown.Message);
        Assert.Equal("plast", unknown.Parameter);
        var lower = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(PStdp(new PlasticityMechanism("stdp", []))));
        Assert.Contains("did you mean 'STDP'?", lower.Message);
        var parameter = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(PStdp(new PlasticityMechanism("STDP", [new("rlon", 1)]))));
        Assert.Contains("'rlon' is not a parameter of STDP. Did you mean 'RLon'?", parameter.Message);
        var drawn = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(PStdp(new PlasticityMechanism("STDP", [new("wmax", ValueSpec.Uniform(1, 2))]))));
        Assert.Contains("STDP parameter 'wmax' must be a number", drawn.Message);
        Assert.Throws<ArgumentException>(() => StdpRule.FromParameters([new("tau", 1)]));
        var soft = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(PStdp(new StdpRule { SoftThresh = 1, WMax = 0 })));
        Assert.Contains("wmax must be > 0 with softthresh = 1", soft.Message);
        var step = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(PStdp() with { Simulation = PStdp().Simulation with { WeightRecordStep = 0 } }));
        Assert.Equal("weightRecordStep", step.Parameter);
    }

    private static void AssertSpikesEqual(string name, double[] times, int[] gids, SimulationResult result)
    {
        int n = Math.Min(times.Length, result.SpikeTimes.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.True(gids[i] == result.SpikeGids[i] && times[i] == result.SpikeTimes[i],
                $"{name} spike {i}: expected ({times[i]:R}, {gids[i]}), got ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]})");
        }
        Assert.Equal(times.Length, result.SpikeTimes.Length);
    }

    /// <summary>
    /// weights.json's layout (../P_stdp/run.py): samples w at t, final_weight, num_changes, and changes
    /// [t, pre, post, before, after] from a per-step record — one entry per step whose recorded weight differs from the
    /// previous step's, t the first step time showing it — rebuilt from NetDsl's change log.
    /// </summary>
    private static void AssertWeightsEqual(string name, JsonElement reference, SimulationResult result, double lastTime)
    {
        var weights = result.Weights!;
        Assert.Equal(ReferenceData.Doubles(reference.GetProperty("t")), weights.SampleTimes);
        var conns = reference.GetProperty("conns").EnumerateArray().ToArray();
        Assert.Equal(conns.Length, weights.Connections.Count);
        var perStep = PerStepChanges(weights, lastTime);
        for (int p = 0; p < conns.Length; p++)
        {
            var connection = weights.Connections[p];
            Assert.Equal(conns[p].GetProperty("preGid").GetInt32(), connection.PreGid);
            Assert.Equal(conns[p].GetProperty("postGid").GetInt32(), connection.PostGid);
            var samples = ReferenceData.Doubles(conns[p].GetProperty("w"));
            Assert.Equal(samples.Length, connection.Samples.Length);
            for (int i = 0; i < samples.Length; i++)
                Assert.True(samples[i] == connection.Samples[i], $"{name} {connection.PreGid}->{connection.PostGid} at {weights.SampleTimes[i]} ms: {connection.Samples[i]:R} vs {samples[i]:R}");
            Assert.True(conns[p].GetProperty("final_weight").GetDouble() == connection.FinalWeight,
                $"{name} {connection.PreGid}->{connection.PostGid} final: {connection.FinalWeight:R} vs {conns[p].GetProperty("final_weight").GetDouble():R}");
            Assert.Equal(conns[p].GetProperty("num_changes").GetInt32(), perStep.Count(c => (int)c[1] == connection.PreGid && (int)c[2] == connection.PostGid));
        }
        var expected = reference.GetProperty("changes").EnumerateArray().Select(c => ReferenceData.Doubles(c)).ToArray();
        Assert.Equal(expected.Length, perStep.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].SequenceEqual(perStep[i]), $"{name} change {i}: expected [{string.Join(", ", expected[i].Select(x => x.ToString("R")))}], got [{string.Join(", ", perStep[i].Select(x => x.ToString("R")))}]");
    }

    /// <summary>The change log as a per-step record sees it: per connection and step the first value before and the last after.</summary>
    private static double[][] PerStepChanges(PlasticWeights weights, double lastTime)
    {
        Assert.True(weights.ChangesRecorded);
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
