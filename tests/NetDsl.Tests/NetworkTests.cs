using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

public class NetworkTests
{
    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-6 + 1e-9 * Math.Abs(expected);

    private static NetworkDefinition RecordingEveryCell(string name, bool aggregate = false)
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
        AssertSpikesEqual(name, NetworkBuilder.Build(ReferenceCases.Get(name)).Run());
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

    [Theory]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void AggregatedSynapsesMatchReferenceSpikes(string name)
    {
        AssertSpikesEqual(name, NetworkBuilder.Build(RecordingEveryCell(name, aggregate: true)).Run());
    }

    [Fact]
    public void RepeatedRunsAreBitIdentical()
    {
        var network = NetworkBuilder.Build(ReferenceCases.Get("C_inhib"));
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
