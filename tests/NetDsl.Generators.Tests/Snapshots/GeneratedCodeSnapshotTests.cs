using System.Linq;
using ApprovalTests;
using ApprovalTests.Reporters;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Snapshots;

/// <summary>
/// The generated code of the three tutorial models, of NetPyNE's Tutorial 2 (Hodgkin-Huxley cells,
/// expressions, ExpSyn, celsius, record m) of its Tutorial 5 (spatial network) and of stimulus source expressions (stim_exprs.netdsl), compared with the approved files next to this class.
/// On a difference the test fails and leaves a *.received.txt; review it and rename it to *.approved.txt.
/// </summary>
[UseReporter(typeof(QuietReporter))]
public class GeneratedCodeSnapshotTests
{
    private static string Generate(string fileName) => GenerateFrom("/tutorial/" + fileName, RepositoryPaths.TutorialModel(fileName));

    private static string GenerateFrom(string path, string text)
    {
        var (result, _) = GeneratorHarness.Run((path, text));
        Assert.Empty(result.Diagnostics);
        var source = Assert.Single(result.GeneratedTrees);
        return source.GetText().ToString().Replace("\r\n", "\n");
    }

    [Fact]
    public void SingleIzhikevich() => Approvals.Verify(Generate("single_izhikevich.netdsl"));

    [Fact]
    public void IzhikevichNetwork() => Approvals.Verify(Generate("izhikevich_network.netdsl"));

    [Fact]
    public void IzhikevichInhibitoryNetwork() => Approvals.Verify(Generate("izhikevich_inhibitory_network.netdsl"));

    [Fact]
    public void Tutorial2HodgkinHuxley() => Approvals.Verify(GenerateFrom("/models/tutorial2.netdsl", RepositoryPaths.TestModel("tutorial2.netdsl")));

    /// <summary>NetPyNE's Tutorial 5: params, selector conditions and distance-dependent connection expressions.</summary>
    [Fact]
    public void SpatialNetwork() => Approvals.Verify(GenerateFrom("/models/spatial.netdsl", RepositoryPaths.TestModel("spatial.netdsl")));

    /// <summary>Stimulus source parameters evaluated per target cell (NetStim rate, interval, noise, start, number; IClamp del, dur, amp).</summary>
    [Fact]
    public void StimulusExpressions() => Approvals.Verify(GenerateFrom("/models/stim_exprs.netdsl", RepositoryPaths.TestModel("stim_exprs.netdsl")));

    [Fact]
    public void HintNames_ComeFromNamespaceAndNetworkName()
    {
        var (result, _) = GeneratorHarness.Run(
            ("/tutorial/izhikevich_network.netdsl", RepositoryPaths.TutorialModel("izhikevich_network.netdsl")),
            ("/tutorial/izhikevich_inhibitory_network.netdsl", RepositoryPaths.TutorialModel("izhikevich_inhibitory_network.netdsl")));
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).OrderBy(h => h).ToArray();
        Assert.Equal(new[] { "NetDsl.Tests.Models.IzhikevichInhibitory.g.cs", "NetDsl.Tests.Models.IzhikevichNetwork.g.cs" }, hints);
    }
}
