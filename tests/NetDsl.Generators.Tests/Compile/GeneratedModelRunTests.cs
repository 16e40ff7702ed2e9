using System;
using System.IO;
using System.Linq;
using System.Reflection;
using NetDsl.Generators.Tests.Harness;
using NetDsl.Simulation;
using NetDsl.TestSupport;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>
/// The generated classes run on the engine: spikes equal NetPyNE's reference output, the typed result splits
/// them per population, and stepping the built network allocates nothing.
/// </summary>
public class GeneratedModelRunTests
{
    private static object CreateModel(string fileName, string className)
    {
        var compilation = GeneratedCodeCompilesTests.CompileModels(("/tutorial/" + fileName, RepositoryPaths.TutorialModel(fileName)));
        var assembly = GeneratedCodeCompilesTests.Load(compilation);
        return Activator.CreateInstance(assembly.GetType(GeneratorHarness.TestNamespace + "." + className)!)!;
    }

    [Theory]
    [InlineData("single_izhikevich.netdsl", "SingleIzhikevich", "A_single")]
    [InlineData("izhikevich_network.netdsl", "IzhikevichNetwork", "B_network")]
    [InlineData("izhikevich_inhibitory_network.netdsl", "IzhikevichInhibitory", "C_inhib")]
    public void TutorialModel_Run_ReproducesNetPyNEsSpikes(string fileName, string className, string referenceCase)
    {
        dynamic model = CreateModel(fileName, className);
        dynamic result = model.Run();
        SimulationResult raw = result.Raw;
        var expected = ReferenceFiles.Spikes(referenceCase);
        Assert.Equal(expected.Length, raw.SpikeTimes.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Gid, raw.SpikeGids[i]);
            Assert.Equal(expected[i].Time, raw.SpikeTimes[i], 1e-6);
        }
    }

    [Fact]
    public void TypedResult_SplitsSpikesAndRatesPerPopulation()
    {
        dynamic model = CreateModel("izhikevich_inhibitory_network.netdsl", "IzhikevichInhibitory");
        dynamic result = model.Run();
        double[] exc = result.Populations.IZH_exc.SpikeTimes;
        double[] inh = result.Populations.IZH_inh.SpikeTimes;
        int[] inhGids = result.Populations.IZH_inh.SpikeGids;
        // NetPyNE's summary for this case: 610 and 464 spikes, 30.5 and 46.4 Hz.
        Assert.Equal((610, 464), (exc.Length, inh.Length));
        Assert.Equal(30.5, (double)result.Populations.IZH_exc.RateHz, 9);
        Assert.Equal(46.4, (double)result.Populations.IZH_inh.RateHz, 9);
        Assert.All(inhGids, gid => Assert.InRange(gid, 20, 29));
        var trace = result.Populations.IZH_exc.Trace("V_soma", 1);
        Assert.NotNull(trace);
        Assert.Equal(1001, ((double[])trace.Values).Length);
    }

    [Fact]
    public void SteppingTheBuiltNetwork_AllocatesNothing()
    {
        dynamic model = CreateModel("izhikevich_inhibitory_network.netdsl", "IzhikevichInhibitory");
        Network network = model.Build();
        var simulator = network.CreateSimulator();
        simulator.Initialize();
        simulator.Advance(400);
        // Unoptimized (tier-0) code may box where the optimized code does not, and on a loaded machine the runtime
        // optimizes later: a stretch of 10,000 steps must allocate nothing once it has (three stretches at most).
        var allocated = new List<long>();
        for (int stretch = 0; stretch < 3 && (allocated.Count == 0 || allocated[^1] != 0); stretch++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            simulator.Advance(10_000);
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(allocated[^1] == 0, $"bytes allocated per stretch of 10,000 steps: {string.Join(", ", allocated)}");
        Assert.Equal(400 + 10_000 * allocated.Count, simulator.StepCount);
    }
}
