using System.Globalization;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// NEURON's hh on NetPyNE's Tutorial 2 cell against NEURON 8.2.2's own per-step traces and spikes. trace_full.json
/// stores t, v, m, h, n rounded to 10 significant digits: a sample matches when it rounds to the stored value.
/// </summary>
public class HodgkinHuxleyTests
{
    public static TheoryData<string> SingleCells()
    {
        var data = new TheoryData<string>();
        foreach (var name in ReferenceCases.HodgkinHuxleySingleCells) data.Add(name);
        return data;
    }

    /// <summary>Within 1e-9 (relative) of the stored sample, which is itself rounded to 10 significant digits.</summary>
    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected) + 1e-15;

    [Theory]
    [MemberData(nameof(SingleCells))]
    public void EveryStepOfVmhnMatchesNeuron(string name)
    {
        var reference = ReferenceData.HhTraceFull(name);
        var sim = NetworkBuilder.Build(ReferenceCases.Get(name)).CreateSimulator();
        sim.Initialize();
        int roundedEqual = 0;
        for (int k = 0; k < reference.T.Length; k++)
        {
            if (k > 0) sim.Step();
            var (m, h, n) = sim.HhGates(0);
            double v = sim.Voltage(0);
            Assert.True(Close(sim.Time, reference.T[k]), $"{name} step {k}: t {sim.Time:R} vs {reference.T[k]:R}");
            Assert.True(Close(v, reference.V[k]), $"{name} step {k}: v {v:R} vs {reference.V[k]:R}");
            Assert.True(Close(m, reference.M[k]), $"{name} step {k}: m {m:R} vs {reference.M[k]:R}");
            Assert.True(Close(h, reference.H[k]), $"{name} step {k}: h {h:R} vs {reference.H[k]:R}");
            Assert.True(Close(n, reference.N[k]), $"{name} step {k}: n {n:R} vs {reference.N[k]:R}");
            if (Rounded(v) == reference.V[k] && Rounded(m) == reference.M[k] && Rounded(h) == reference.H[k] && Rounded(n) == reference.N[k]) roundedEqual++;
        }
        // Bit-identical state rounds to exactly the stored digits at every step.
        Assert.Equal(reference.T.Length, roundedEqual);
    }

    private static double Rounded(double value) => double.Parse(value.ToString("G10", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(SingleCells))]
    [InlineData("H_tut2")]
    public void SpikesMatchNeuron(string name)
    {
        var (times, gids) = ReferenceData.Spikes(name);
        var result = NetworkBuilder.Build(ReferenceCases.Get(name)).Run();
        Assert.Equal(times.Length, result.SpikeTimes.Length);
        for (int i = 0; i < times.Length; i++)
        {
            Assert.Equal(gids[i], result.SpikeGids[i]);
            Assert.Equal(times[i], result.SpikeTimes[i]);
        }
    }
}
