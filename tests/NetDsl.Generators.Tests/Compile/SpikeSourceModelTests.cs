using System;
using System.IO;
using System.Linq;
using NetDsl.Definition;
using NetDsl.Generators.Tests.Harness;
using NetDsl.Simulation;
using NetDsl.TestSupport;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>
/// Spike-generator populations and VecStim trains written in the language: Models/netstim_pop.netdsl is
/// tests/reference/N_netstim_pop/model_netpyne.py, and its compiled definition runs to NetPyNE's spikes; VecStim
/// stimuli with trains= and file= reach the runtime with the file's path resolved against the .netdsl file's folder.
/// </summary>
public sealed class SpikeSourceModelTests : IDisposable
{
    private const string ClassName = "NetStimPopulations";

    private static readonly Lazy<Type> ModelType = new(() =>
    {
        var compilation = GeneratedCodeCompilesTests.CompileModels(("/models/netstim_pop.netdsl", RepositoryPaths.TestModel("netstim_pop.netdsl")));
        return GeneratedCodeCompilesTests.Load(compilation).GetType(GeneratorHarness.TestNamespace + "." + ClassName)!;
    });

    private readonly string folder = Path.Combine(Path.GetTempPath(), "netdsl-spike-sources-" + Guid.NewGuid().ToString("N"));

    public SpikeSourceModelTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private static NetworkDefinition Definition() => ((dynamic)Activator.CreateInstance(ModelType.Value)!).ToDefinition();

    [Fact]
    public void GeneratorPopulations_LowerToTheRuntimesGenerators()
    {
        var pops = Definition().Populations;
        Assert.Equal(new[] { "E", "thal", "burst", "vs", "vp" }, pops.Select(p => p.Name));
        Assert.Null(pops[0].Generator);
        // NetPyNE leaves NEURON's start of 50 ms on a NetStim population that gives none.
        Assert.Equal(new NetStimSource("thal", Rate: 10, Interval: null, Noise: 1, Start: SpikeGeneratorModels.NetStimDefaultStart), pops[1].Generator);
        Assert.Equal((SpikeGeneratorModels.NetStim, 20), (pops[1].CellType, pops[1].Count));
        Assert.Equal(new NetStimSource("burst", Rate: null, Interval: 20, Noise: 0.5, Start: 200, Number: 10, Seed: 7), pops[2].Generator);
        var vs = Assert.IsType<VecStimSource>(pops[3].Generator);
        Assert.Equal(SpikeGeneratorModels.VecStim, pops[3].CellType);
        Assert.Equal(new[] { new[] { 100, 300.5, 301.25 }, new[] { 150.0, 700 }, new[] { 5, 420.125, 900, 1200 } }, vs.Trains!.Select(t => t.ToArray()));
        var vp = Assert.IsType<VecStimSource>(pops[4].Generator);
        Assert.Equal(new[] { 20.0 }, vp.Times);
        Assert.Equal(new[] { new SpikePulse(400, 500, Rate: 50), new SpikePulse(600, 800, Rate: null, Interval: 10, Noise: 0.5) }, vp.Pulses);
    }

    [Fact]
    public void NetStimPopulationModel_Run_GivesNetPyNEsSpikes()
    {
        var network = NetworkBuilder.Build(Definition());
        Assert.Equal(320, network.Connections.Count);
        var result = network.Run();
        var expected = ReferenceFiles.Spikes("N_netstim_pop");
        Assert.Equal(2237, expected.Length);
        Assert.Equal(expected.Length, result.SpikeTimes.Length);
        // NetStim times come from NEURON's double arithmetic; the reference file keeps them to about 1e-13 ms, so times are
        // compared as the runtime's own test of this case does (tests/NetDsl.Tests/SpikeSourceTests.cs), gids exactly.
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Gid == result.SpikeGids[i] && Math.Abs(expected[i].Time - result.SpikeTimes[i]) <= 1e-6,
                $"spike {i}: expected ({expected[i].Time:R}, {expected[i].Gid}), got ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]})");
        }
    }

    [Fact]
    public void GeneratorParameters_AreTypedAndEditableByPath()
    {
        dynamic model = Activator.CreateInstance(ModelType.Value)!;
        Assert.Equal(10.0, (double)model.Parameters.Pops.thal.rate);
        Assert.Equal(50.0, (double)model.Parameters.Pops.thal.start);
        model.Parameters.Set("pop.thal.rate", 20.0);
        NetworkDefinition definition = model.ToDefinition();
        Assert.Equal(20, ((NetStimSource)definition.Populations[1].Generator!).Rate);
    }

    [Fact]
    public void VecStimFile_IsResolvedAgainstTheNetDslFolder_AndReadWhenTheNetworkIsBuilt()
    {
        File.WriteAllText(Path.Combine(folder, "inputs.csv"), "index,time\n0,5\n1,7.5\n0,12\n");
        string path = Path.Combine(folder, "fed.netdsl");
        const string text = """
            network Fed
            cell IZH {
              soma diam=10 L=10 cm=31.831
              Izhi2007b C=1 k=0.7 vr=-60 vt=-40 vpeak=35 a=0.03 b=-2 c=-50 d=100
            }
            pop E: IZH x 2
            pop rec: VecStim x 2 file="inputs.csv"
            syn exc: Exp2Syn tau1=1 tau2=5 e=0
            stim tr: VecStim file="inputs.csv"
            stim tr -> E w=0.5 d=1 syn=exc
            stim inline: VecStim trains=[[3], []]
            stim inline -> E w=0.5 d=1 syn=exc
            conn rec -> E all w=0.5 d=2 syn=exc
            sim duration=50
            """;
        var diagnostics = GeneratorHarness.Diagnostics(text, path);
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
        var assembly = GeneratedCodeCompilesTests.Load(GeneratedCodeCompilesTests.CompileModels((path, text)));
        NetworkDefinition definition = ((dynamic)Activator.CreateInstance(assembly.GetType(GeneratorHarness.TestNamespace + ".Fed")!)!).ToDefinition();
        string expected = Path.Combine(folder, "inputs.csv");
        Assert.Equal(expected, ((VecStimSource)definition.StimSources[0]).File!.Path);
        Assert.Equal(expected, ((VecStimSource)definition.Populations[1].Generator!).File!.Path);
        Assert.Equal(new[] { new[] { 3.0 }, Array.Empty<double>() }, ((VecStimSource)definition.StimSources[1]).Trains!.Select(t => t.ToArray()));
        var result = NetworkBuilder.Build(definition).Run();
        // The generator cells (gids 2 and 3) fire at the file's times.
        Assert.Equal(new[] { 5.0, 12 }, result.SpikeTimes.Zip(result.SpikeGids).Where(s => s.Second == 2).Select(s => s.First));
        Assert.Equal(new[] { 7.5 }, result.SpikeTimes.Zip(result.SpikeGids).Where(s => s.Second == 3).Select(s => s.First));
    }
}
