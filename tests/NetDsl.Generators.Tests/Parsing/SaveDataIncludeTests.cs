using System.Linq;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Parsing;

/// <summary>
/// <c>sim saveDataInclude=[...]</c>: NetPyNE's simConfig.saveDataInclude names (and conns, its saveCellConns) or all,
/// lowered into the model and set on the generated parameters; each mistake reported at its position.
/// </summary>
public class SaveDataIncludeTests
{
    private const string Base = """
        cell RS { soma diam=10 L=10 cm=31.831; Izhi2007b C=1 k=0.7 }
        pop E: RS x 20
        syn exc: Exp2Syn tau1=1 tau2=5 e=0
        stim bkg: NetStim rate=100 noise=0.5
        stim bkg -> all w=0.01 d=5

        """;

    [Theory]
    [InlineData("sim saveDataInclude=[simData, simConfig]", new[] { "simData", "simConfig" })]
    [InlineData("sim duration=100ms saveDataInclude=[netCells, conns, netCells]", new[] { "netCells", "conns" })]
    [InlineData("sim saveDataInclude=all", new[] { "all" })]
    [InlineData("sim duration=100ms", new string[0])]
    public void Parts_AreLoweredInFileOrder(string sim, string[] parts)
    {
        var result = NetDslCompiler.Analyze("/models/save.netdsl", Base + sim, "Models", default);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(parts, result.Spec!.Simulation.SaveDataInclude.ToArray());
    }

    [Fact]
    public void GeneratedParameters_SetTheParts()
    {
        var (run, _) = GeneratorHarness.Run(("/models/save.netdsl", Base + "sim saveDataInclude=[simData, simConfig]"));
        string source = run.Results.Single().GeneratedSources.Single().SourceText.ToString();

        Assert.Contains("Sim.saveDataInclude = new string[] { \"simData\", \"simConfig\" };", source);
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "NDSL0112", Base + "sim saveDataInclude=[simData, $$simConfg]", "'simConfg' is not a valid value for 'saveDataInclude'; use netParams, netCells, netPops, simConfig, simData, conns. Did you mean 'simConfig'?" },
        { "NDSL0204", Base + "sim saveDataInclude=$$simData", "'saveDataInclude' takes a list of netParams, netCells, netPops, simConfig, simData, conns (such as [simData, simConfig]), or all, not the name 'simData'" },
        { "NDSL0204", Base + "sim saveDataInclude=$$[]", "'saveDataInclude' takes a list of netParams, netCells, netPops, simConfig, simData, conns (such as [simData, simConfig]), or all, not a list" },
        { "NDSL0204", Base + "sim saveDataInclude=[simData, $$1]", "'saveDataInclude' takes a list of netParams, netCells, netPops, simConfig, simData, conns (such as [simData, simConfig]), or all, not a number" },
        { "NDSL0107", Base + "sim $$saveDataIncludes=[simData]", "Did you mean 'saveDataInclude'?" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Mistake_IsReportedAtItsPosition(string id, string marked, string fragment)
    {
        Assert.Contains(fragment, DiagnosticAssert.AtMarker(id, marked));
    }
}
