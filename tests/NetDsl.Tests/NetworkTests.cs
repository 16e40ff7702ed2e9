using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

public class NetworkTests
{
    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-6 + 1e-9 * Math.Abs(expected);

    private static NetworkDefinition RecordingEveryCell(string name, bool aggregate = true)
    {
        var definition = ReferenceCases.Get(name);
        return definition with
        {
            Simulation = definition.Simulation with { RecordStep = 1, AggregateSynapses = aggregate },
            Records = [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.All)],
        };
    }

    private static void AssertSpikesEqual(string name, SimulationResult result)
    {
        var (times, gids) = ReferenceData.Spikes(name);
        int n = Math.Min(times.Length, result.SpikeTimes.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.True(gids[i] == result.SpikeGids[i] && Math.Abs(result.SpikeTimes[i] - times[i]) <= 1e-6,
                $"{name} spike {i}: expected ({times[i]:R}, {gids[i]}), got ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]})");
        }
        Assert.Equal(times.Length, result.SpikeTimes.Length);
    }

    [Theory]
    [InlineData("A_single")]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void SpikesMatchReference(string name)
    {
        var definition = ReferenceCases.Get(name);
        Assert.False(definition.Simulation.AggregateSynapses, "the default (one Exp2Syn per connection) is tested here");
        AssertSpikesEqual(name, NetworkBuilder.Build(definition).Run());
    }

    [Theory]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void EveryCellVoltageMatchesReference(string name)
    {
        var result = NetworkBuilder.Build(RecordingEveryCell(name)).Run();
        var all = ReferenceData.Load(name, "traces_all.json").GetProperty("V");
        foreach (var cell in all.EnumerateObject())
        {
            int gid = int.Parse(cell.Name);
            var expected = ReferenceData.Doubles(cell.Value);
            var trace = result.Traces.Single(t => t.Gid == gid);
            Assert.Equal(expected.Length, trace.Values.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Close(trace.Values[i], expected[i]), $"{name} gid {gid} t={i}: {trace.Values[i]:R} vs {expected[i]:R}");
            }
        }
    }

    /// <summary>One Exp2Syn per connection, summed in NEURON's order: spikes identical and v bit for bit.</summary>
    [Theory]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void PerConnectionSynapsesReproduceNeuronBitForBit(string name)
    {
        var definition = RecordingEveryCell(name, aggregate: false);
        var result = NetworkBuilder.Build(definition).Run();
        AssertSpikesEqual(name, result);
        var expected = ReferenceData.Doubles(ReferenceData.Load(name, "traces.json").GetProperty("recorded").GetProperty("V_soma").GetProperty("cell_1"));
        var trace = result.Traces.Single(t => t.Gid == 1);
        Assert.Equal(expected.Length, trace.Values.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(expected[i] == trace.Values[i], $"{name} t={i}: {trace.Values[i]:R} vs {expected[i]:R}");
    }

    [Theory]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void AggregatedVoltageStaysWithinRoundingOfNeuron(string name)
    {
        var expected = ReferenceData.Doubles(ReferenceData.Load(name, "traces.json").GetProperty("recorded").GetProperty("V_soma").GetProperty("cell_1"));
        var trace = NetworkBuilder.Build(RecordingEveryCell(name)).Run().Traces.Single(t => t.Gid == 1);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(trace.Values[i] - expected[i]));
        Assert.InRange(worst, 0, 1e-8);
    }

    [Fact]
    public void SteppingPastThePlannedDurationContinuesSeamlessly()
    {
        // Duration 10 ms plans one 4096-step block of stimulus events and times; 20 000 steps cross four blocks.
        var shortPlan = ReferenceCases.Get("C_inhib") with { Records = [] };
        var longPlan = shortPlan with { Simulation = shortPlan.Simulation with { Duration = 500 } };
        var a = NetworkBuilder.Build(shortPlan with { Simulation = shortPlan.Simulation with { Duration = 10 } }).CreateSimulator();
        var b = NetworkBuilder.Build(longPlan).CreateSimulator();
        a.Initialize();
        b.Initialize();
        a.Advance(20_000);
        b.Advance(20_000);
        Assert.Equal(b.Time, a.Time);
        Assert.True(b.SpikeTimes.Length > 500);
        Assert.Equal(b.SpikeTimes.ToArray(), a.SpikeTimes.ToArray());
        Assert.Equal(b.SpikeGids.ToArray(), a.SpikeGids.ToArray());
        var reference = ReferenceData.Spikes("C_inhib");
        int upTo500 = reference.Times.Count(t => t < 500);
        Assert.Equal(reference.Times.Take(upTo500), b.SpikeTimes.ToArray().Take(upTo500), (x, y) => Math.Abs(x - y) <= 1e-6);
    }

    [Fact]
    public void RepeatedRunsAreBitIdentical()
    {
        var network = NetworkBuilder.Build(ReferenceCases.Get("C_inhib"));
        Assert.False(network.Definition.Simulation.AggregateSynapses);
        var first = network.Run();
        var second = network.Run();
        var rebuilt = NetworkBuilder.Build(ReferenceCases.Get("C_inhib")).Run();
        Assert.Equal(first.SpikeGids, second.SpikeGids);
        Assert.Equal(first.SpikeTimes, second.SpikeTimes);
        Assert.Equal(first.SpikeGids, rebuilt.SpikeGids);
        Assert.Equal(first.SpikeTimes, rebuilt.SpikeTimes);
        Assert.NotEmpty(first.SpikeTimes);
    }
}
