using System.Text.Json;
using NetDsl.Output;
using NetDsl.TestSupport;

namespace NetDsl.Cli.Tests;

/// <summary>
/// Every example model, exported with <c>netdsl export netpyne</c> and run in the real NetPyNE 1.1.0 on NEURON 8.2.2
/// (tests/NetDsl.Benchmarks/reference-netpyne/export-check.sh, which keeps NetPyNE's spikes in
/// tests/reference/netpyne-export): NetDsl's exact engine gives the same spikes, so the exported script is the model.
/// </summary>
public class NetPyneExportTests
{
    public static TheoryData<string, string> Models => new()
    {
        { "Tutorial", "single_izhikevich" },
        { "Tutorial", "izhikevich_network" },
        { "Tutorial", "izhikevich_inhibitory_network" },
        { "Tutorial", "tutorial2" },
        { "Spatial", "tutorial5" },
        { "Spatial", "spatial_izhikevich" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void NetPyNERunningTheExportedScriptGivesNetDslsSpikes(string folder, string model)
    {
        using var document = JsonDocument.Parse(ReferenceFiles.ReadText("netpyne-export", model + ".spikes.json"));
        var netpyne = document.RootElement.EnumerateArray().Select(s => (Time: s[0].GetDouble(), Gid: s[1].GetInt32())).ToArray();
        Assert.NotEmpty(netpyne);

        string path = Path.Combine(RepositoryPaths.Root, "examples", folder, model + ".netdsl");
        using var compiled = ModelCompiler.Compile(path, File.ReadAllText(path));
        Assert.True(compiled.ModelType is not null, compiled.Problem);
        var result = ModelRunner.Run(compiled.CreateModel());

        Assert.Equal(netpyne.Length, result.SpikeTimes.Length);
        for (int i = 0; i < netpyne.Length; i++)
        {
            Assert.True(netpyne[i].Gid == result.SpikeGids[i] && Math.Abs(netpyne[i].Time - result.SpikeTimes[i]) <= 1e-6,
                $"{model} spike {i}: NetPyNE ({netpyne[i].Time:R}, {netpyne[i].Gid}), NetDsl ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]})");
        }
    }
}
