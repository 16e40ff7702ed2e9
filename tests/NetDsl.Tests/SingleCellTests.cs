using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// Deterministic single cells against NEURON's per-step trace. trace_full.json holds t, v, u rounded to
/// 10 significant digits, so a sample b matches a when |a - b| &lt;= 1e-6 + 1e-9*|b|.
/// </summary>
public class SingleCellTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in ReferenceCases.DeterministicSingleCells) data.Add(name);
        return data;
    }

    private static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-6 + 1e-9 * Math.Abs(expected);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryStepMatchesNeuronTrace(string name)
    {
        var reference = ReferenceData.TraceFull(name);
        var sim = NetworkBuilder.Build(ReferenceCases.Get(name)).CreateSimulator();
        sim.Initialize();
        for (int n = 0; n < reference.T.Length; n++)
        {
            if (n > 0) sim.Step();
            Assert.True(Close(sim.Time, reference.T[n]), $"{name} step {n}: t {sim.Time:R} vs {reference.T[n]:R}");
            Assert.True(Close(sim.Voltage(0), reference.V[n]), $"{name} step {n} t={reference.T[n]}: v {sim.Voltage(0):R} vs {reference.V[n]:R}");
            Assert.True(Close(sim.RecoveryVariable(0), reference.U[n]), $"{name} step {n} t={reference.T[n]}: u {sim.RecoveryVariable(0):R} vs {reference.U[n]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SpikeAndResetTimesMatchNeuron(string name)
    {
        var reference = ReferenceData.TraceFull(name);
        var (spikeTimes, spikeGids) = ReferenceData.Spikes(name);
        var result = NetworkBuilder.Build(ReferenceCases.Get(name)).Run();
        Assert.Equal(spikeTimes.Length, result.SpikeTimes.Length);
        Assert.Equal(reference.SpikeTimes.Length, result.SpikeTimes.Length);
        for (int i = 0; i < spikeTimes.Length; i++)
        {
            Assert.Equal(spikeGids[i], result.SpikeGids[i]);
            Assert.True(Math.Abs(result.SpikeTimes[i] - spikeTimes[i]) <= 1e-6, $"{name} spike {i}: {result.SpikeTimes[i]:R} vs {spikeTimes[i]:R}");
        }
        Assert.Equal(reference.ResetTimes.Length, result.ResetTimes.Length);
        for (int i = 0; i < reference.ResetTimes.Length; i++)
        {
            Assert.True(Math.Abs(result.ResetTimes[i] - reference.ResetTimes[i]) <= 1e-6, $"{name} reset {i}: {result.ResetTimes[i]:R} vs {reference.ResetTimes[i]:R}");
        }
    }

    /// <summary>traces.json holds NetPyNE's recorded V_soma at full precision: equal bit for bit.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void RecordedTraceMatchesNetPyneRecording(string name)
    {
        var traces = ReferenceData.Load(name, "traces.json");
        var expected = ReferenceData.Doubles(traces.GetProperty("recorded").GetProperty("V_soma").GetProperty("cell_0"));
        var result = NetworkBuilder.Build(ReferenceCases.Get(name)).Run();
        Assert.Equal(expected.Length, result.TraceTimes.Length);
        var trace = Assert.Single(result.Traces);
        Assert.Equal("V_soma", trace.Name);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(i, result.TraceTimes[i]);
            Assert.True(trace.Values[i] == expected[i], $"{name} sample {i}: {trace.Values[i]:R} vs {expected[i]:R}");
        }
    }
}
