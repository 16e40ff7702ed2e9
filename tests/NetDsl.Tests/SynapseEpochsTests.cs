using NetDsl.Definition;
using NetDsl.Kernels.Fast;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The fast engine stores Exp2Syn A and B relative to the start of a decay epoch (<see cref="SynapseEpochs{T}"/>): the
/// factors, the epoch length, and runs whose epochs are shorter than their windows.
/// </summary>
public class SynapseEpochsTests
{
    /// <summary>The inhibitory synapse with other time constants (the excitatory one keeps the network active).</summary>
    private static NetworkDefinition WithTaus(NetworkDefinition definition, double tau1, double tau2) =>
        definition with { Synapses = [definition.Synapses[0], definition.Synapses[1] with { Tau1 = tau1, Tau2 = tau2 }] };

    [Fact]
    public void FactorsArePowersOfTheStepDecay()
    {
        var network = NetworkBuilder.Build(TestModels.Network(40, 10, duration: 10));
        var net = network.Compiled;
        var epochs = new SynapseEpochs<double>(net, kindStride: 2);
        // tau 1, 5, 2, 10 ms at dt 0.025: keep^-256 stays far below 2^20 for every kind.
        Assert.Equal(SynapseEpochs<double>.MaxSteps, epochs.Steps);
        Assert.Equal(4, epochs.Width);
        for (int slot = 0; slot < 4; slot++)
        {
            double keep = 1.0 - (slot % 2 == 0 ? net.KindDecayA[slot / 2] : net.KindDecayB[slot / 2]);
            Assert.Equal(1.0, epochs.Decay(0)[slot]);
            Assert.Equal(keep, epochs.Decay(1)[slot]);
            Assert.Equal(Math.Pow(keep, 100), epochs.Decay(100)[slot], 1e-13);
            Assert.Equal(Math.Pow(keep, epochs.Steps), epochs.Decay(epochs.Steps)[slot], 1e-13);
            for (int j = 0; j < epochs.Steps; j++) Assert.Equal(1.0, epochs.Decay(j)[slot] * epochs.Growth(j)[slot], 1e-14);
        }
    }

    [Theory]
    [InlineData(0.1, 0.3, 55)]     // keep = exp(-0.25): 20 ln 2 / 0.25 = 55.5 steps
    [InlineData(0.01, 0.3, 5)]     // keep = exp(-2.5)
    [InlineData(1e-4, 0.3, 1)]     // keep underflows to 0: a new epoch every step
    public void FastSynapsesShortenTheEpoch(double tau1, double tau2, int steps)
    {
        var network = NetworkBuilder.Build(WithTaus(TestModels.Network(40, 10, duration: 10), tau1, tau2));
        var epochs = new SynapseEpochs<float>(network.Compiled, kindStride: 2);
        Assert.Equal(steps, epochs.Steps);
        for (int j = 0; j < epochs.Steps; j++)
        {
            for (int slot = 0; slot < epochs.Width; slot++) Assert.True(epochs.Growth(j)[slot] <= 1 << 20, $"growth at step {j}, slot {slot}");
        }
    }

    [Theory]
    [InlineData(0.1, 0.3)]
    [InlineData(0.01, 0.3)]
    public void ShortEpochsFollowTheExactEngine(double tau1, double tau2)
    {
        // Epochs of 55 and 5 steps inside windows of 39: rescaled at every epoch start, v, u and g stay on the exact run.
        var definition = TestModels.RecordingEveryStep(WithTaus(TestModels.Network(160, 40, duration: 80), tau1, tau2), CellSelector.ForGids(0, 3, 100));
        var network = NetworkBuilder.Build(definition);
        var exact = network.Run();
        var fast = network.Run(new RunOptions { Precision = SimulationPrecision.Fast });
        Assert.True(exact.SpikeTimes.Length > 50, "the network should be active");
        Assert.Equal(exact.SpikeTimes.Length, fast.SpikeTimes.Length);
        ResultAssert.TracesClose(exact, fast, 1e-6, everyTraceMoves: true);
    }
}
