using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The fast engine (<see cref="SimulationPrecision.Fast"/> and <see cref="SimulationPrecision.Single"/>): how close it
/// stays to NEURON, its independence of the thread count, its windows and its zero-allocation steps.
/// </summary>
public class FastEngineTests
{
    private static SimulationResult Run(NetworkDefinition definition, SimulationPrecision precision, int threads = 1) =>
        NetworkBuilder.Build(definition).Run(new RunOptions { Precision = precision, Threads = threads });

    private static int IdenticalPrefix(string name, SimulationResult result)
    {
        var (times, gids) = ReferenceData.Spikes(name);
        int n = Math.Min(times.Length, result.SpikeTimes.Length), same = 0;
        while (same < n && gids[same] == result.SpikeGids[same] && Math.Abs(times[same] - result.SpikeTimes[same]) <= 1e-6) same++;
        return same;
    }

    [Theory]
    [InlineData("A_single")]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void DoublePrecisionKeepsEveryTutorialSpike(string name)
    {
        // Last-bit differences from NEURON's order of operations do not move any spike of the tutorial models.
        var result = Run(ReferenceCases.Get(name), SimulationPrecision.Fast);
        var (times, _) = ReferenceData.Spikes(name);
        Assert.Equal(times.Length, result.SpikeTimes.Length);
        Assert.Equal(times.Length, IdenticalPrefix(name, result));
    }

    /// <summary>
    /// C_inhib with its excitatory synapses as ExpSyn (inhibition stays Exp2Syn, so cells carry both models):
    /// the fast engine in double keeps the exact engine's spikes, and its g traces follow the exact ones.
    /// </summary>
    [Fact]
    public void DoublePrecisionRunsExpSynAsTheExactEngine()
    {
        var definition = ReferenceCases.Get("C_inhib");
        definition = definition with
        {
            Synapses = [SynapseDefinition.ExpSyn("exc", 5.0, 10), definition.Synapses[1]],
            Records = [new RecordDefinition("g_exc", RecordVariable.G, "exc", CellSelector.ForGids(0, 25)), new RecordDefinition("g_inh", RecordVariable.G, "inh", CellSelector.ForGids(0))],
        };
        var exact = Run(definition, SimulationPrecision.Exact);
        var fast = Run(definition, SimulationPrecision.Fast);
        Assert.Equal(SimulationPrecision.Fast, fast.Precision);
        Assert.True(exact.SpikeTimes.Length > 500, $"{exact.SpikeTimes.Length} spikes");
        Assert.Equal(exact.SpikeTimes.ToArray(), fast.SpikeTimes.ToArray());
        Assert.Equal(exact.SpikeGids.ToArray(), fast.SpikeGids.ToArray());
        for (int t = 0; t < exact.Traces.Count; t++)
        {
            var a = exact.Traces[t].Values;
            var b = fast.Traces[t].Values;
            Assert.True(a.Max() > 0.001, $"trace {exact.Traces[t].Name} of cell {exact.Traces[t].Gid} stays at {a.Max()}");
            for (int k = 0; k < a.Length; k++) Assert.True(Math.Abs(a[k] - b[k]) <= 1e-9, $"{exact.Traces[t].Name} sample {k}: {a[k]} vs {b[k]}");
        }
    }

    public static TheoryData<string> SingleCells => new(ReferenceCases.DeterministicSingleCells);

    [Theory]
    [MemberData(nameof(SingleCells))]
    public void DoublePrecisionSingleCellsFireTheSameSpikes(string name)
    {
        // FS and LTS cells amplify a 1e-14 mV difference by about ten per 10 ms (a slow passage near threshold), so
        // their later spikes move by up to a few ms; every other cell type keeps NEURON's spike times exactly.
        var result = Run(ReferenceCases.Get(name), SimulationPrecision.Fast);
        var (times, _) = ReferenceData.Spikes(name);
        Assert.Equal(times.Length, result.SpikeTimes.Length);
        bool sensitive = name is "type5_FS" or "type4_LTS";
        if (!sensitive) Assert.Equal(times.Length, IdenticalPrefix(name, result));
        for (int i = 0; i < times.Length; i++) Assert.InRange(result.SpikeTimes[i] - times[i], -2.0, 2.0);
    }

    [Fact]
    public void DoublePrecisionTraceFollowsNeuron()
    {
        var definition = ReferenceCases.Get("A_single") with
        {
            Records = [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.All), new RecordDefinition("u", RecordVariable.U, null, CellSelector.All)],
        };
        definition = definition with { Simulation = definition.Simulation with { RecordStep = 0.025 } };
        var network = NetworkBuilder.Build(definition);
        var exact = network.Run();
        var fast = network.Run(new RunOptions { Precision = SimulationPrecision.Fast });
        Assert.Equal(exact.TraceTimes, fast.TraceTimes);
        for (int t = 0; t < exact.Traces.Count; t++)
        {
            var expected = exact.Traces[t].Values;
            var actual = fast.Traces[t].Values;
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-6, $"{exact.Traces[t].Name} sample {i}: {actual[i]:R} vs {expected[i]:R}");
        }
        Assert.Equal(exact.ResetTimes, fast.ResetTimes);
    }

    [Theory]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void DoublePrecisionTracesOfEveryVariableFollowTheExactEngine(string name)
    {
        // v, u and the exc/inh conductances of a few cells, every step, over the whole second.
        var definition = TestModels.RecordingEveryStep(ReferenceCases.Get(name), CellSelector.ForGids(0, 7, 19));
        var network = NetworkBuilder.Build(definition);
        var exact = network.Run();
        var fast = network.Run(new RunOptions { Precision = SimulationPrecision.Fast });
        ResultAssert.TracesClose(exact, fast, 1e-6);
    }

    [Theory]
    [InlineData("B_network", 0.01)]
    [InlineData("C_inhib", 0.03)]
    public void SinglePrecisionKeepsTheNetworkRate(string name, double tolerance)
    {
        var result = Run(ReferenceCases.Get(name), SimulationPrecision.Single);
        var (times, _) = ReferenceData.Spikes(name);
        Assert.InRange(result.SpikeTimes.Length, times.Length * (1 - tolerance), times.Length * (1 + tolerance));
        // Float rounding starts to move spikes only after the first 100 ms.
        Assert.True(IdenticalPrefix(name, result) >= times.Count(t => t < 100), $"{name}: spikes differ before 100 ms");
    }

    [Theory]
    [MemberData(nameof(SingleCells))]
    public void SinglePrecisionSingleCellsFireTheSameNumberOfSpikes(string name)
    {
        var result = Run(ReferenceCases.Get(name), SimulationPrecision.Single);
        var (times, _) = ReferenceData.Spikes(name);
        Assert.Equal(times.Length, result.SpikeTimes.Length);
        for (int i = 0; i < times.Length; i++) Assert.InRange(result.SpikeTimes[i] - times[i], -2.0, 2.0);
    }

    [Theory]
    [InlineData(SimulationPrecision.Fast, 2)]
    [InlineData(SimulationPrecision.Fast, 3)]
    [InlineData(SimulationPrecision.Single, 2)]
    public void SpikesResetsAndTracesAreIdenticalForEveryThreadCount(SimulationPrecision precision, int threads)
    {
        // IClamps on the I cells (scalar path), delays drawn between 1 and 3 ms (windows of 39 steps), traces of v and g.
        var plain = TestModels.Network(800, 200, duration: 300);
        var definition = plain with
        {
            Records = [.. plain.Records, new RecordDefinition("V_I", RecordVariable.V, null, CellSelector.ForGids(257, 999))],
        };
        var network = NetworkBuilder.Build(definition);
        Assert.False(network.Compiled.PerSynapseIncrement);
        var one = network.Run(new RunOptions { Precision = precision, Threads = 1 });
        var many = network.Run(new RunOptions { Precision = precision, Threads = threads });

        Assert.True(one.SpikeTimes.Length > 300, "the network should be active");
        ResultAssert.Identical(one, many);
    }

    [Fact]
    public void WeightsDrawnPerConnectionAreDeliveredPerSynapse()
    {
        var plain = TestModels.Network(800, 200, duration: 300);
        var definition = plain with { Connections = [plain.Connections[0] with { Weight = ValueSpec.Uniform(0.001, 0.003) }, plain.Connections[1]] };
        var network = NetworkBuilder.Build(definition);
        Assert.True(network.Compiled.PerSynapseIncrement);
        var exact = network.Run();
        var one = network.Run(new RunOptions { Precision = SimulationPrecision.Fast });
        var two = network.Run(new RunOptions { Precision = SimulationPrecision.Fast, Threads = 2 });
        ResultAssert.Identical(one, two);
        Assert.True(exact.SpikeTimes.Length > 300, "the network should be active");
        Assert.InRange(one.SpikeTimes.Length, exact.SpikeTimes.Length * 0.97, exact.SpikeTimes.Length * 1.03);
    }

    [Fact]
    public void FastRunStaysCloseToTheExactEngineOnALargerNetwork()
    {
        var network = NetworkBuilder.Build(SimdEngineTests.BenchmarkModel(2000, duration: 300));
        var exact = network.Run();
        var fast = network.Run(new RunOptions { Precision = SimulationPrecision.Fast });
        var single = network.Run(new RunOptions { Precision = SimulationPrecision.Single });
        Assert.True(exact.SpikeTimes.Length > 5000, "the network should be active");
        // A recurrent network turns last-bit differences into different individual spikes; the rate stays.
        Assert.InRange(fast.SpikeTimes.Length, exact.SpikeTimes.Length * 0.98, exact.SpikeTimes.Length * 1.02);
        Assert.InRange(single.SpikeTimes.Length, exact.SpikeTimes.Length * 0.97, exact.SpikeTimes.Length * 1.03);
        // The first 50 ms (input arrives after 5 ms) are spike for spike the same in double precision.
        int early = exact.SpikeTimes.Count(t => t < 50);
        Assert.True(early > 0);
        Assert.Equal(exact.SpikeGids.Take(early), fast.SpikeGids.Take(early));
    }

    [Fact]
    public void WindowIsTheShortestDelayInSteps()
    {
        var network = NetworkBuilder.Build(SimdEngineTests.BenchmarkModel(1000, duration: 10));
        // Delays 5 and 3 ms at dt 0.025: a spike reaches its targets at least 120 steps later.
        Assert.Equal(119, new FastSimulator<double>(network).WindowSteps);
    }

    [Fact]
    public void PrecisionComesFromTheDefinitionUnlessTheRunOverridesIt()
    {
        var definition = ReferenceCases.Get("C_inhib");
        var single = definition with { Simulation = definition.Simulation with { Precision = SimulationPrecision.Single } };
        var network = NetworkBuilder.Build(single);
        var fromDefinition = network.Run();
        var overridden = network.Run(new RunOptions { Precision = SimulationPrecision.Exact });
        Assert.Equal(Run(single, SimulationPrecision.Single).SpikeTimes, fromDefinition.SpikeTimes);
        Assert.NotEqual(fromDefinition.SpikeTimes, overridden.SpikeTimes);
        Assert.Equal(ReferenceData.Spikes("C_inhib").Times, overridden.SpikeTimes.Select(t => t));
    }

    [Theory]
    [InlineData(SimulationPrecision.Fast, 1)]
    [InlineData(SimulationPrecision.Fast, 2)]
    [InlineData(SimulationPrecision.Single, 1)]
    [InlineData(SimulationPrecision.Single, 2)]
    [InlineData(SimulationPrecision.Fast, 1, "H_tut2")]
    [InlineData(SimulationPrecision.Single, 1, "H_tut2")]
    [InlineData(SimulationPrecision.Fast, 1, null, true)]
    [InlineData(SimulationPrecision.Fast, 2, null, true)]
    public void StepsAllocateNothingAfterWarmUp(SimulationPrecision precision, int threads, string? reference = null, bool plastic = false)
    {
        var definition = reference is null ? TestModels.Network(800, 200, duration: 400) : ReferenceCases.Get(reference);
        // Pair-based STDP on the first rule: its arrivals and updates run on the plastic path of each thread.
        if (plastic) definition = definition with { Connections = [definition.Connections[0] with { Plasticity = PairStdpRule.Additive(0.01, 1.05, 1.0) }, .. definition.Connections.Skip(1)] };
        var network = NetworkBuilder.Build(definition);
        Assert.Equal(plastic, network.Compiled.Plasticity is not null);
        long allocated = precision == SimulationPrecision.Single ? Measure(new FastSimulator<float>(network)) : Measure(new FastSimulator<double>(network));
        Assert.Equal(0, allocated);

        long Measure<T>(FastSimulator<T> simulator) where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            try
            {
                simulator.Start(threads);
                simulator.EnsureSpikeCapacity(1_000_000);
                simulator.Advance(6000);
                long before = GC.GetAllocatedBytesForCurrentThread() + simulator.WorkerAllocatedBytes;
                long from = simulator.StepCount;
                simulator.Advance(8000);
                Assert.True(simulator.StepCount - from >= 8000);
                return GC.GetAllocatedBytesForCurrentThread() + simulator.WorkerAllocatedBytes - before;
            }
            finally
            {
                simulator.Stop();
            }
        }
    }

    [Fact]
    public void DivergenceNamesTheCell()
    {
        var definition = ReferenceCases.Get("A_single") with { StimSources = [new IClampSource("IClamp1", 5, 100, 1e300)] };
        var ex = Assert.Throws<SimulationDivergedException>(() => Run(definition, SimulationPrecision.Fast));
        Assert.Equal(0, ex.Gid);
        Assert.Contains(ex.Variable, new[] { "v", "u" });
        Assert.InRange(ex.Time, 5, 105 + 256 * 0.025);
    }
}
