using System.Text.Json;
using NetDsl.Output;
using NetDsl.Simulation;
using NetDsl.TestSupport;

namespace NetDsl.Cli.Tests;

/// <summary>
/// Every example model (and the test model of stimulus source expressions) against the real NetPyNE 1.1.0 on NEURON 8.2.2, both ways
/// (tests/NetDsl.Benchmarks/reference-netpyne/export-check.sh keeps NetPyNE's spikes): exported with
/// <c>netdsl export netpyne</c> and run in NetPyNE (tests/reference/netpyne-export), and NetDsl's data JSON read back by
/// NetPyNE's <c>sim.loadAll</c> and simulated again (tests/reference/netpyne-loadall). NetDsl's exact engine gives
/// the same spikes, so the exported script is the model and the saved network is the one that ran.
/// </summary>
public class NetPyneExportTests
{
    /// <summary>Folder (from the repository root) and model.</summary>
    public static TheoryData<string, string> Models => new()
    {
        { "examples/Tutorial", "single_izhikevich" },
        { "examples/Tutorial", "izhikevich_network" },
        { "examples/Tutorial", "izhikevich_inhibitory_network" },
        { "examples/Tutorial", "tutorial2" },
        { "examples/Spatial", "tutorial5" },
        { "examples/Spatial", "spatial_izhikevich" },
        // Stimulus source parameters evaluated per target cell (reference S_stim_exprs).
        { "tests/NetDsl.Generators.Tests/Models", "stim_exprs" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void NetPyNERunningTheExportedScriptGivesNetDslsSpikes(string folder, string model) => AssertNetPyNEsSpikes("netpyne-export", folder, model);

    [Theory]
    [MemberData(nameof(Models))]
    public void NetPyNERereadingTheSavedDataGivesNetDslsSpikes(string folder, string model) => AssertNetPyNEsSpikes("netpyne-loadall", folder, model);

    [Fact]
    public void NetPyNERereadingTheBenchmarksSavedDataGivesNetDslsSpikes() =>
        // The E/I benchmark at N = 1000 with one Exp2Syn per connection (as NetPyNE re-creates it), 200 ms.
        AssertNetPyNEsSpikes("netpyne-loadall", "examples/Scaling", "ei_benchmark", ("sim.synapses", "exact"), ("sim.duration", "200"));

    /// <summary>Each model compiled (Roslyn is the slow part) and run once for both checks.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Folder, string Model), Lazy<SimulationResult>> Results = new();

    private static SimulationResult Run(string folder, string model, (string Path, string Value)[] settings)
    {
        string path = Path.Combine(RepositoryPaths.Root, folder, model + ".netdsl");
        using var compiled = ModelCompiler.Compile(path, File.ReadAllText(path));
        Assert.True(compiled.ModelType is not null, compiled.Problem);
        var network = compiled.CreateModel();
        ParameterApplier.Apply(network, settings.ToList());
        return ModelRunner.Run(network);
    }

    private static void AssertNetPyNEsSpikes(string kept, string folder, string model, params (string Path, string Value)[] settings)
    {
        using var document = JsonDocument.Parse(ReferenceFiles.ReadText(kept, model + ".spikes.json"));
        var netpyne = document.RootElement.EnumerateArray().Select(s => (Time: s[0].GetDouble(), Gid: s[1].GetInt32())).ToArray();
        Assert.NotEmpty(netpyne);

        var result = Results.GetOrAdd((folder, model), key => new Lazy<SimulationResult>(() => Run(key.Folder, key.Model, settings))).Value;

        Assert.Equal(netpyne.Length, result.SpikeTimes.Length);
        for (int i = 0; i < netpyne.Length; i++)
        {
            Assert.True(netpyne[i].Gid == result.SpikeGids[i] && Math.Abs(netpyne[i].Time - result.SpikeTimes[i]) <= 1e-6,
                $"{model} spike {i}: NetPyNE ({netpyne[i].Time:R}, {netpyne[i].Gid}), NetDsl ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]})");
        }
    }
}
