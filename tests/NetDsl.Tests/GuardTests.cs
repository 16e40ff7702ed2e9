using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

public class GuardTests
{
    private static NetworkDefinition Valid => TestModels.Network(8, 2, duration: 20);

    public static TheoryData<string, Func<NetworkDefinition, NetworkDefinition>> InvalidModels() => new()
    {
        { "dt", d => d with { Simulation = d.Simulation with { Dt = 0 } } },
        { "dt", d => d with { Simulation = d.Simulation with { Dt = -0.1 } } },
        { "recordStep", d => d with { Simulation = d.Simulation with { RecordStep = 0 } } },
        { "duration", d => d with { Simulation = d.Simulation with { Duration = -1 } } },
        { "delay", d => d with { Connections = [d.Connections[0] with { Delay = -1 }] } },
        { "delay", d => d with { StimTargets = [d.StimTargets[0] with { Delay = -0.5 }] } },
        { "probability", d => d with { Connections = [d.Connections[0] with { RuleValue = 1.5 }] } },
        { "probability", d => d with { Connections = [d.Connections[0] with { RuleValue = -0.1 }] } },
        { "convergence", d => d with { Connections = [d.Connections[0] with { Rule = ConnectionRuleKind.Convergence, RuleValue = -3 }] } },
        { "divergence", d => d with { Connections = [d.Connections[0] with { Rule = ConnectionRuleKind.Divergence, RuleValue = -3 }] } },
        { "numCells", d => d with { Populations = [d.Populations[0] with { Count = -1 }] } },
        { "tau1", d => d with { Synapses = [d.Synapses[0] with { Tau1 = 0 }, d.Synapses[1]] } },
        { "tau2", d => d with { Synapses = [d.Synapses[0], d.Synapses[1] with { Tau2 = -2 }] } },
        { "vn", d => d with { Cells = [d.Cells[0] with { Parameters = [.. d.Cells[0].Parameters, new NamedValue("vn", -60)] }] } },
        { "l", d => d with { Cells = [d.Cells[0] with { Geometry = [new NamedValue("diam", 10), new NamedValue("l", 10)] }] } },
        { "diam", d => d with { Cells = [d.Cells[0] with { Geometry = [new NamedValue("diam", 0)] }] } },
        { "noise", d => d with { StimSources = [new NetStimSource("bkg", 20, null, Noise: 1.5), d.StimSources[1]] } },
        { "rate", d => d with { StimSources = [new NetStimSource("bkg", -5, null), d.StimSources[1]] } },
        { "mechanism", d => d with { Cells = [d.Cells[0] with { Mechanism = "Izh12007b" }] } },
        { "cellType", d => d with { Populations = [d.Populations[0] with { CellType = "IZH" }, d.Populations[1]] } },
        { "synMech", d => d with { Connections = [d.Connections[0] with { Synapse = "ampa" }] } },
        { "population", d => d with { Connections = [d.Connections[0] with { Pre = CellSelector.Population("X") }] } },
        { "synMech", d => d with { Records = [new RecordDefinition("g", RecordVariable.G, "nmda", CellSelector.All)] } },
        { "gid", d => d with { Plots = [new PlotDefinition(PlotKind.Traces, CellSelector.ForGids(99))] } },
        { "pairs", d => d with { Connections = [d.Connections[0] with { Rule = ConnectionRuleKind.List, Pairs = [(0, 40)] }] } },
    };

    [Theory]
    [MemberData(nameof(InvalidModels))]
    public void InvalidParameterIsNamed(string parameter, Func<NetworkDefinition, NetworkDefinition> corrupt)
    {
        var ex = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(corrupt(Valid)));
        Assert.Equal(parameter, ex.Parameter);
        Assert.Contains(parameter, ex.Message);
    }

    [Fact]
    public void ValidModelBuilds()
    {
        Assert.Equal(10, NetworkBuilder.Build(Valid).Cells.Count);
    }

    [Fact]
    public void DivergingModelThrowsWithCellVariableAndTime()
    {
        var definition = ReferenceCases.Get("A_k0.7_amp10") with
        {
            StimSources = [new IClampSource("IClamp1", 5, 100, 1e300)],
        };
        var ex = Assert.Throws<SimulationDivergedException>(() => NetworkBuilder.Build(definition).Run());
        Assert.Equal(0, ex.Gid);
        Assert.Contains(ex.Variable, new[] { "v", "u" });
        Assert.InRange(ex.Time, 5, 105);
        Assert.Contains("cell 0", ex.Message);
    }
}
