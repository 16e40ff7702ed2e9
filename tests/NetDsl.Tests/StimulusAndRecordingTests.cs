using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

public class StimulusAndRecordingTests
{
    private static NetworkDefinition OneCell(StimSourceDefinition source, StimTargetDefinition target, double recordStep = 0.025) => new(
        "One",
        [TestModels.Rs()],
        [new PopulationDefinition("P", "RS", 1)],
        [new SynapseDefinition("exc", 1, 5, 0)],
        [source],
        [target],
        [],
        new SimulationSettings(Duration: 50, Dt: 0.025, RecordStep: recordStep),
        [new RecordDefinition("g_exc", RecordVariable.G, "exc", CellSelector.ForGids(0)), new RecordDefinition("u", RecordVariable.U, null, CellSelector.ForGids(0))],
        []);

    [Fact]
    public void VecStimEventPeaksAtItsWeightAfterTheDelay()
    {
        var result = NetworkBuilder.Build(OneCell(new VecStimSource("vs", [10.0]), new StimTargetDefinition("vs", CellSelector.All, Weight: 0.002, Delay: 1))).Run();
        var g = result.Traces.Single(t => t.Name == "g_exc").Values;
        for (int i = 0; i < result.TraceTimes.Length; i++)
        {
            if (result.TraceTimes[i] < 10.99) Assert.Equal(0, g[i]);
        }
        Assert.InRange(g.Max(), 0.002 * 0.999, 0.002 * 1.0001);
        Assert.Equal([10.0], result.Stims.Single().EventTimes);
    }

    [Fact]
    public void NetStimWithoutNoiseIsPeriodicFromStart()
    {
        var source = new NetStimSource("ns", Rate: null, Interval: 7, Start: 3, Number: 4);
        var result = NetworkBuilder.Build(OneCell(source, new StimTargetDefinition("ns", CellSelector.All, Weight: 0.001))).Run();
        Assert.Equal([3.0, 10.0, 17.0, 24.0], result.Stims.Single().EventTimes);
    }

    [Fact]
    public void TwoIClampsActLikeTheirSum()
    {
        NetworkDefinition WithClamps(params IClampSource[] clamps)
        {
            var d = ReferenceCases.Get("A_k0.7_amp1");
            return d with
            {
                StimSources = clamps,
                StimTargets = clamps.Select(c => new StimTargetDefinition(c.Name, CellSelector.All)).ToArray(),
            };
        }
        var one = NetworkBuilder.Build(WithClamps(new IClampSource("a", 50, 1000, 1))).Run();
        var two = NetworkBuilder.Build(WithClamps(new IClampSource("a", 50, 1000, 0.5), new IClampSource("b", 50, 1000, 0.5))).Run();
        Assert.Equal(61, one.SpikeTimes.Length);
        Assert.Equal(one.SpikeTimes.Length, two.SpikeTimes.Length);
        for (int i = 0; i < one.SpikeTimes.Length; i++) Assert.Equal(one.SpikeTimes[i], two.SpikeTimes[i], 6);
    }

    [Fact]
    public void TracesWithoutCellsFollowTheTracesPlotInclude()
    {
        var d = ReferenceCases.Get("C_inhib") with
        {
            Records = [new RecordDefinition("V_soma", RecordVariable.V, null, null)],
            Plots = [new PlotDefinition(PlotKind.Traces, CellSelector.ForGids(1, 25)), new PlotDefinition(PlotKind.Raster, null)],
        };
        var result = NetworkBuilder.Build(d).Run();
        Assert.Equal([1, 25], result.Traces.Select(t => t.Gid).ToArray());
        var noPlot = NetworkBuilder.Build(d with { Plots = [] }).Run();
        Assert.Empty(noPlot.Traces);
    }

    /// <summary>
    /// Without records nothing is sampled (NetPyNE records h.t only with recordTraces): a 1e8 ms run holds no sample
    /// times (it asked for 8 GB of them, and was refused) and starts at once.
    /// </summary>
    [Fact]
    public void ModelWithoutRecordsHoldsNoSampleTimes()
    {
        var source = new NetStimSource("ns", Rate: null, Interval: 7, Start: 3, Number: 4);
        var d = OneCell(source, new StimTargetDefinition("ns", CellSelector.All, Weight: 0.001));
        d = d with { Records = [], Simulation = d.Simulation with { Duration = 1e8, RecordStep = 0.1 } };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sim = NetworkBuilder.Build(d).CreateSimulator();
        sim.Initialize();
        sim.Advance(4000);
        var result = sim.Result();
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "the run allocated its sample times");
        Assert.Empty(result.TraceTimes);
        Assert.Empty(result.Traces);
        Assert.Equal([3.0, 10.0, 17.0, 24.0], result.Stims.Single().EventTimes);
    }

    [Fact]
    public void ShortRunDropsTheLastSampleAsNeuronDoes()
    {
        // psolve(10) ends at t = 9.999999999999966, so the record event at 10 is never delivered.
        var d = ReferenceCases.Get("A_k0.7_amp1");
        var sim = NetworkBuilder.Build(d with { Simulation = d.Simulation with { Duration = 10 } }).CreateSimulator();
        var result = sim.Run();
        Assert.Equal(10, result.TraceTimes.Length);
        Assert.Equal(9.999999999999966, sim.Time);
        Assert.Equal(400, sim.StepCount);
        Assert.Equal(10, result.SimulatedTime);
    }

    [Fact]
    public void CancellationReturnsAPartialResult()
    {
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var options = new RunOptions
        {
            Cancellation = cts.Token,
            ProgressInterval = TimeSpan.Zero,
            Progress = p =>
            {
                calls++;
                if (p.SimulatedMs >= 100) cts.Cancel();
            },
        };
        var d = ReferenceCases.Get("C_inhib");
        var result = NetworkBuilder.Build(d with { Records = [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.ForGids(3))] }).Run(options);
        Assert.True(result.Partial);
        Assert.InRange(result.SimulatedTime, 100, 102);
        Assert.True(calls >= 100);
        Assert.All(result.SpikeTimes, t => Assert.True(t <= result.SimulatedTime));
        Assert.InRange(result.TraceTimes.Length, 1001, 1021);
        Assert.Equal(result.TraceTimes.Length, result.Traces[0].Values.Length);
        Assert.True(result.Timing.RunTime > 0);
    }

    [Fact]
    public void ResultCarriesCellsConnectionsAndTiming()
    {
        var result = NetworkBuilder.Build(ReferenceCases.Get("B_network")).Run();
        Assert.Equal(20, result.Cells.Count);
        Assert.Equal(35, result.Connections.Count);
        Assert.Equal(20, result.Stims.Count);
        Assert.Equal(0.7103820258804494, result.Cells[0].Parameters["k"]);
        Assert.Equal(1545, result.SpikeTimes.Length);
        Assert.Equal(77.25, result.AverageRate, 10);
        Assert.False(result.Partial);
        Assert.True(result.Timing.TotalTime >= result.Timing.RunTime);
    }
}
