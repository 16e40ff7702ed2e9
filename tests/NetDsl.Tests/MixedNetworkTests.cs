using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// One network of hh cells (Tutorial 2's PYR, expressions drawn per cell), pas + hh cells and Izhi2007b cells,
/// connected both ways with ExpSyn and Exp2Syn: both engines, on any number of threads, give the same results.
/// </summary>
public class MixedNetworkTests
{
    private static NetworkDefinition Mixed()
    {
        var diam = ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Add, ValueExpression.Number(19),
            ValueExpression.Call(ExpressionFunction.Uniform, ValueExpression.Number(-0.5), ValueExpression.Number(0.5))));
        var gnabar = ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Add, ValueExpression.Number(0.12),
            ValueExpression.Binary(ExpressionOperator.Multiply, ValueExpression.Number(0.001), ValueExpression.Of(ExpressionVariable.YNorm))));
        return new NetworkDefinition(
            "Mixed",
            [
                CellDefinition.WithMechanisms("PYR", [new("diam", diam), new("L", 18.8), new("Ra", 123.0)],
                    [new MechanismDefinition("hh", [new("gnabar", gnabar), new("gkbar", 0.036), new("gl", 0.003), new("el", -70.0)])]),
                CellDefinition.WithMechanisms("LEAKY", [new("diam", 20), new("L", 20)],
                    [new MechanismDefinition("pas", [new("g", 0.0002), new("e", -70.0)]), new MechanismDefinition("hh", [new("gl", 0.0)])]),
                new CellDefinition("IZH", [new("diam", 10), new("L", 10), new("cm", 31.831)], "Izhi2007b", [new("k", ValueSpec.Normal(0.7, 0.05))]),
            ],
            [new PopulationDefinition("S", "PYR", 80), new PopulationDefinition("L", "LEAKY", 40), new PopulationDefinition("E", "IZH", 80)],
            [SynapseDefinition.ExpSyn("fast", 2, 0), new SynapseDefinition("exc", 0.1, 5, 0), new SynapseDefinition("inh", 1, 8, -75)],
            [new NetStimSource("bkg", Rate: 20, Interval: null, Noise: 0.5)],
            [new StimTargetDefinition("bkg", CellSelector.All, Weight: 0.02, Delay: 2, Synapse: "fast")],
            [
                new ConnectionDefinition("S->E", CellSelector.Population("S"), CellSelector.Population("E"), ConnectionRuleKind.Probability, 0.1, 0.004, 3, "exc"),
                new ConnectionDefinition("E->S", CellSelector.Population("E"), CellSelector.Population("S"), ConnectionRuleKind.Convergence, 5, 0.003, 2.5, "fast"),
                new ConnectionDefinition("E->L", CellSelector.Population("E"), CellSelector.Population("L"), ConnectionRuleKind.Divergence, 4, 0.005, 4, "exc"),
                new ConnectionDefinition("L->S", CellSelector.Population("L"), CellSelector.Population("S"), ConnectionRuleKind.Probability, 0.2, 0.002, 2, "inh"),
            ],
            new SimulationSettings(Duration: 300, Dt: 0.025, RecordStep: 1),
            [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.ForGids(0, 85, 150)),
             new RecordDefinition("m", RecordVariable.M, null, CellSelector.ForGids(0, 85))],
            []);
    }

    private static SimulationResult Run(SimulationPrecision precision, int threads) =>
        NetworkBuilder.Build(Mixed()).Run(new RunOptions { Precision = precision, Threads = threads });

    [Fact]
    public void EveryModelFires()
    {
        var result = Run(SimulationPrecision.Exact, 1);
        foreach (var (from, to) in new[] { (0, 80), (80, 120), (120, 200) })
            Assert.True(result.SpikeGids.ToArray().Count(g => g >= from && g < to) > 10, $"cells {from}..{to} fire too little");
    }

    [Theory]
    [InlineData(SimulationPrecision.Exact, 2)]
    [InlineData(SimulationPrecision.Exact, 3)]
    [InlineData(SimulationPrecision.Fast, 2)]
    [InlineData(SimulationPrecision.Fast, 3)]
    public void ThreadsDoNotChangeTheResult(SimulationPrecision precision, int threads)
    {
        var one = Run(precision, 1);
        var many = Run(precision, threads);
        Assert.Equal(threads, many.Threads);
        ResultAssert.Identical(one, many);
    }

    [Fact]
    public void FastDoubleKeepsTheExactSpikes()
    {
        var exact = Run(SimulationPrecision.Exact, 1);
        var fast = Run(SimulationPrecision.Fast, 1);
        Assert.Equal(SimulationPrecision.Fast, fast.Precision);
        Assert.Equal(exact.SpikeGids.ToArray(), fast.SpikeGids.ToArray());
        for (int i = 0; i < exact.SpikeTimes.Length; i++) Assert.True(Math.Abs(exact.SpikeTimes[i] - fast.SpikeTimes[i]) <= 1e-6, $"spike {i}");
        ResultAssert.TracesClose(exact, fast, 1e-6, everyTraceMoves: true);
    }
}
