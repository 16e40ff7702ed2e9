using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// Models too large for the engine stop before anything large is allocated, naming the statement and the number
/// (they used to end in an OverflowException, an out-of-memory crash or a hang).
/// </summary>
public class ResourceGuardTests
{
    private static NetworkDefinition Small(Func<NetworkDefinition, NetworkDefinition> change) =>
        change(TestModels.Network(8, 2, duration: 10));

    private static NetDslModelException Refused(NetworkDefinition definition) =>
        Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(definition).Run());

    [Fact]
    public void DelayLongerThanTheEventQueueIsRefused()
    {
        var error = Refused(Small(d => d with { Connections = [d.Connections[0] with { Delay = 1e9 }] }));
        Assert.Equal("delay", error.Parameter);
        Assert.StartsWith($"Connection '{Small(x => x).Connections[0].Label}': a delay of 1000000000 ms is 4e10 steps of dt = 0.025 ms; the event queue spans at most 1,048,576 steps", error.Message);
    }

    [Fact]
    public void TinyDtAgainstAnOrdinaryDelayIsRefused()
    {
        var error = Refused(Small(d => d with { Simulation = d.Simulation with { Dt = 1e-9, Duration = 1e-6 } }));
        Assert.Equal("delay", error.Parameter);
        Assert.Contains("steps of dt = 1E-09 ms; the event queue spans at most 1,048,576 steps", error.Message);
    }

    [Fact]
    public void MoreCellsThanGidsAreRefused()
    {
        var error = Refused(Small(d => d with { Populations = [.. Enumerable.Range(0, 215).Select(i => new PopulationDefinition($"P{i}", d.Cells[0].Name, 10_000_000))] }));
        Assert.Equal("numCells", error.Parameter);
        Assert.Equal("The populations have 2,150,000,000 cells together; a network has at most 2,147,483,647.", error.Message);
    }

    [Fact]
    public void AllToAllOfAHundredThousandCellsIsRefused()
    {
        var error = Refused(Small(d => d with
        {
            Populations = [new PopulationDefinition("E", d.Cells[0].Name, 100_000)],
            Connections = [new ConnectionDefinition("E->E", CellSelector.Population("E"), CellSelector.Population("E"), ConnectionRuleKind.Full, 0, 0.001, 5, null)],
            StimTargets = [],
            Records = [],
        }));
        Assert.Equal("connections", error.Parameter);
        Assert.Equal("Connection 'E->E': about 1e10 connections (100,000 pre × 100,000 post cells); a network holds at most 2,147,483,647.", error.Message);
    }

    [Fact]
    public void RunOfTooManyStepsIsRefused()
    {
        var error = Refused(Small(d => d with { Simulation = d.Simulation with { Duration = 1e12 } }));
        Assert.Equal("duration", error.Parameter);
        Assert.Equal("Simulation: duration 1000000000000 ms is 4e13 steps of dt = 0.025 ms; a run takes at most 17,179,869,184 steps: shorten the duration or use a larger dt.", error.Message);
    }

    [Fact]
    public void RecordStepFarBelowDtIsRefused()
    {
        var error = Refused(Small(d => d with { Simulation = d.Simulation with { RecordStep = 1e-9 } }));
        Assert.Equal("recordStep", error.Parameter);
        Assert.StartsWith("Recording: 1e10 samples per trace (record '", error.Message);
        Assert.EndsWith("use a larger recordStep.", error.Message);
    }

    [Theory]
    [InlineData(1e10, "Stim source 'b': about 1e10 events per cell in 1000 ms; at most 2,147,483,591: use a lower rate or a shorter run.")]
    [InlineData(1e9, "About 8e9 stimulus events (stim source 'b': 1e9 per cell, 8 cells) need about 119.2 GiB; this machine has ")]
    public void NetStimFasterThanCanBeHeldIsRefused(double rate, string message)
    {
        var error = Refused(Small(d => d with
        {
            StimSources = [new NetStimSource("b", Rate: rate, Interval: null, Number: 1e12), .. d.StimSources.Skip(1)],
            StimTargets = [new StimTargetDefinition("b", CellSelector.Population("E"), Weight: 0.01, Delay: 1, Synapse: "exc")],
            Simulation = d.Simulation with { Duration = 1000 },
        }));
        Assert.Equal("rate", error.Parameter);
        Assert.StartsWith(message, error.Message);
    }
}
