using System.Globalization;
using NetDsl.Definition;
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
            double m = sim.MechanismState(0, "m"), h = sim.MechanismState(0, "h"), n = sim.MechanismState(0, "n");
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

    /// <summary>
    /// ExpSyn and Exp2Syn on one hh cell (ExpSyn summed first, as NEURON orders mechanism types) and ExpSyn on a pas
    /// cell, against NEURON 8.2.2's full-precision trace (tests/reference/E_expsyn_hh_pas/model_neuron.py): bit for bit.
    /// </summary>
    [Fact]
    public void ExpSynAndPasMatchNeuronBitForBit()
    {
        const string name = "E_expsyn_hh_pas";
        var root = ReferenceData.Load(name, "trace_full.json");
        var t = ReferenceData.Doubles(root.GetProperty("t"));
        var hh = root.GetProperty("cells").GetProperty("0");
        var v0 = ReferenceData.Doubles(hh.GetProperty("v"));
        var m = ReferenceData.Doubles(hh.GetProperty("m"));
        var n = ReferenceData.Doubles(hh.GetProperty("n"));
        var v1 = ReferenceData.Doubles(root.GetProperty("cells").GetProperty("1").GetProperty("v"));
        var network = NetworkBuilder.Build(ReferenceCases.Get(name));
        var sim = network.CreateSimulator();
        sim.Initialize();
        for (int k = 0; k < t.Length; k++)
        {
            if (k > 0) sim.Step();
            Assert.Equal(t[k], sim.Time);
            Assert.True(v0[k] == sim.Voltage(0), $"step {k}: hh v {sim.Voltage(0):R} vs NEURON {v0[k]:R}");
            Assert.True(m[k] == sim.MechanismState(0, "m") && n[k] == sim.MechanismState(0, "n"), $"step {k}: m, n differ");
            Assert.True(v1[k] == sim.Voltage(1), $"step {k}: pas v {sim.Voltage(1):R} vs NEURON {v1[k]:R}");
        }
        var spikes = root.GetProperty("spikes");
        var result = network.Run();
        Assert.Equal(15, spikes.GetArrayLength());
        Assert.Equal(spikes.GetArrayLength(), result.SpikeTimes.Length);
        int i = 0;
        foreach (var spike in spikes.EnumerateArray())
        {
            Assert.Equal(spike[0].GetDouble(), result.SpikeTimes[i]);
            Assert.Equal(spike[1].GetInt32(), result.SpikeGids[i++]);
        }
    }

    /// <summary>The fast engine runs hh cells in closed form (double) and keeps every spike of Tutorial 2 and of the 33-spike cell.</summary>
    [Theory]
    [InlineData("H_tut2", SimulationPrecision.Fast)]
    [InlineData("H_tut2", SimulationPrecision.Single)]
    [InlineData("H_hh_std_leak", SimulationPrecision.Fast)]
    public void FastEngineKeepsEveryHhSpike(string name, SimulationPrecision precision)
    {
        var (times, gids) = ReferenceData.Spikes(name);
        var result = NetworkBuilder.Build(ReferenceCases.Get(name)).Run(new RunOptions { Precision = precision });
        Assert.Equal(precision, result.Precision);
        Assert.Equal(times.Length, result.SpikeTimes.Length);
        for (int i = 0; i < times.Length; i++)
        {
            Assert.Equal(gids[i], result.SpikeGids[i]);
            Assert.True(Math.Abs(times[i] - result.SpikeTimes[i]) <= 1e-6, $"spike {i}: {result.SpikeTimes[i]:R} vs NEURON {times[i]:R}");
        }
    }

    /// <summary>The fast engine's v, m, h, n of the subthreshold cell stay within 1e-6 of NEURON's at every step.</summary>
    [Fact]
    public void FastEngineTraceFollowsNeuron()
    {
        var reference = ReferenceData.HhTraceFull("H_hh_single");
        var definition = ReferenceCases.Get("H_hh_single");
        definition = definition with
        {
            Simulation = definition.Simulation with { RecordStep = 0.025 },
            Records = [new RecordDefinition("v", RecordVariable.V, null, CellSelector.All), new RecordDefinition("m", RecordVariable.M, null, CellSelector.All),
                new RecordDefinition("h", RecordVariable.H, null, CellSelector.All), new RecordDefinition("n", RecordVariable.N, null, CellSelector.All)],
        };
        var result = NetworkBuilder.Build(definition).Run(new RunOptions { Precision = SimulationPrecision.Fast });
        double[][] expected = [reference.V, reference.M, reference.H, reference.N];
        for (int t = 0; t < 4; t++)
        {
            var values = result.Traces[t].Values;
            Assert.Equal(reference.T.Length, values.Length);
            double worst = 0;
            for (int k = 0; k < values.Length; k++) worst = Math.Max(worst, Math.Abs(values[k] - expected[t][k]));
            Assert.True(worst <= 1e-6, $"{result.Traces[t].Name}: largest difference {worst:G3}");
        }
    }

    /// <summary>An hh cell driven to overflow stops the run with the cell and the variable, in both engines (no NaN is written).</summary>
    [Theory]
    [InlineData(SimulationPrecision.Exact)]
    [InlineData(SimulationPrecision.Fast)]
    public void DivergenceNamesTheHhCell(SimulationPrecision precision)
    {
        var definition = ReferenceCases.Get("H_hh_single");
        definition = definition with { StimSources = [new IClampSource("IClamp1", 50, 500, 1e308)] };
        var error = Assert.Throws<SimulationDivergedException>(() => NetworkBuilder.Build(definition).Run(new RunOptions { Precision = precision }));
        Assert.Equal(0, error.Gid);
        Assert.Contains(error.Variable, new[] { "v", "m", "h", "n" });
        Assert.InRange(error.Time, 50, 60);
    }

    /// <summary>A drawn conductance below the catalog's range stops the build, naming the value and the cell.</summary>
    [Fact]
    public void NegativeDrawnConductanceIsRefused()
    {
        var definition = ReferenceCases.Get("H_hh_single");
        var gnabar = ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Subtract, ValueExpression.Number(0.12), ValueExpression.Of(ExpressionVariable.Y)));
        var cell = definition.Cells[0];
        definition = definition with { Cells = [cell with { Mechs = [new MechanismDefinition("hh", [new("gnabar", gnabar)])] }] };
        var error = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(definition));
        Assert.Equal("gnabar", error.Parameter);
        Assert.StartsWith("Cell type 'PYR': gnabar = 0.12 - y gave -", error.Message);
        Assert.EndsWith("gnabar must be >= 0.", error.Message);
    }
}
