using NetDsl.Definition;
using NetDsl.Output;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The run summary points dense exact runs at the faster synapse and precision settings; `--timing` names the engine
/// and the threads that ran.
/// </summary>
public class RunSummaryTests
{
    private static bool HasTip(SimulationResult result) => RunSummary.Lines(result).Any(line => line.StartsWith("  Tip:", StringComparison.Ordinal));

    [Fact]
    public void DenseExactRunsWithOneSynapsePerConnectionGetATip()
    {
        // About 24 excitatory and 5 inhibitory inputs per cell, plus the NetStim.
        var dense = TestModels.Network(40, 10, duration: 20, pExc: 0.6, pInh: 0.5);
        var network = NetworkBuilder.Build(dense);
        var exact = network.Run();
        Assert.False(dense.Simulation.AggregateSynapses);
        Assert.True(HasTip(exact), string.Join(Environment.NewLine, RunSummary.Lines(exact)));
        Assert.Contains(RunSummary.Lines(exact), line => line.Contains("sim synapses=aggregated", StringComparison.Ordinal));

        Assert.False(HasTip(network.Run(new RunOptions { Precision = SimulationPrecision.Fast })));
        var aggregated = dense with { Simulation = dense.Simulation with { AggregateSynapses = true } };
        Assert.False(HasTip(NetworkBuilder.Build(aggregated).Run()));
    }

    [Theory]
    [InlineData(SimulationPrecision.Exact, 1, "exact, 1 thread")]
    [InlineData(SimulationPrecision.Exact, 2, "exact, 2 threads")]
    [InlineData(SimulationPrecision.Fast, 2, "fast, double, 2 threads")]
    [InlineData(SimulationPrecision.Single, 2, "single, 2 threads")]
    public void TimingNamesTheEngineAndTheThreads(SimulationPrecision precision, int threads, string expected)
    {
        var network = NetworkBuilder.Build(TestModels.Network(160, 40, duration: 20));
        var result = network.Run(new RunOptions { Precision = precision, Threads = threads });
        var lines = RunSummary.TimingLines(result, peakWorkingSetBytes: 0);
        string run = Assert.Single(lines, line => line.StartsWith("  Run time: ", StringComparison.Ordinal));
        Assert.Contains($"s ({expected}); real-time factor: ", run, StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("  Steps: 800 x 200 cells = 160000 neuron-steps; ", StringComparison.Ordinal));
        // Threads say how they spent the run: one figure per thread, none for a run on one.
        var threadLines = lines.Where(line => line.StartsWith("  Threads: work ", StringComparison.Ordinal)).ToArray();
        if (threads == 1)
        {
            Assert.Empty(threadLines);
            Assert.Null(result.ThreadLoad);
            return;
        }
        string load = Assert.Single(threadLines);
        Assert.Equal(threads, result.ThreadLoad!.WorkSeconds.Count);
        Assert.Equal(threads, load["  Threads: work ".Length..load.IndexOf(" s in ", StringComparison.Ordinal)].Split(" / ").Length);
        Assert.Contains(" parallel parts of ", load, StringComparison.Ordinal);
    }

    [Fact]
    public void SparseNetworksGetNoTip()
    {
        var sparse = NetworkBuilder.Build(TestModels.Network(40, 10, duration: 20)).Run();
        Assert.False(HasTip(sparse));
    }

    [Theory]
    [InlineData(23.275, 2, "23.27")]   // stored as 23.27499..., as Python's "%.2f" prints it
    [InlineData(77.25, 1, "77.2")]     // an exact tie goes to the even digit
    [InlineData(77.35, 1, "77.3")]     // 77.34999...
    [InlineData(0.125, 2, "0.12")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(2.675, 2, "2.67")]
    [InlineData(35.8, 2, "35.80")]
    [InlineData(-0.125, 2, "-0.12")]
    [InlineData(2.5, 0, "2")]
    public void NumbersAreFormattedAsPythonFormatsThem(double value, int decimals, string expected) =>
        Assert.Equal(expected, NetDsl.Output.NetPyneFormat.Fixed(value, decimals));

    /// <summary>NetPyNE's Tutorial 2 printed "Spikes: 931 (23.27 Hz)": the same lines, rates included.</summary>
    [Fact]
    public void Tutorial2SummaryLinesAreNetPynes()
    {
        var result = NetworkBuilder.Build(ReferenceCases.Get("H_tut2")).Run();
        var lines = RunSummary.Lines(result);
        var netpyne = ReferenceData.Load("H_tut2", "summary.json").GetProperty("netpyne_summary_lines").EnumerateArray().Select(l => l.GetString()!.TrimEnd()).ToArray();
        foreach (string expected in new[] { "  Cells: 40", "  Connections: 280 (7.00 per cell)", "  Spikes: 931 (23.27 Hz)" })
        {
            Assert.Contains(expected, netpyne);
            Assert.Contains(expected, lines);
        }
    }
}
