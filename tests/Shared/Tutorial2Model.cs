using NetDsl.Definition;

namespace NetDsl.TestSupport;

/// <summary>NetPyNE's Tutorial 2 (tests/reference/H_tut2) as a definition, shared by the test projects.</summary>
internal static class Tutorial2Model
{
    /// <summary>'19 + uniform(-0.5, 0.5)'</summary>
    public static ValueSpec Diameter { get; } = ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Add, ValueExpression.Number(19),
        ValueExpression.Call(ExpressionFunction.Uniform, ValueExpression.Negate(ValueExpression.Number(0.5)), ValueExpression.Number(0.5))));

    /// <summary>'0.12 + 0.001*ynorm'</summary>
    public static ValueSpec Gnabar { get; } = ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Add, ValueExpression.Number(0.12),
        ValueExpression.Binary(ExpressionOperator.Multiply, ValueExpression.Number(0.001), ValueExpression.Of(ExpressionVariable.YNorm))));

    /// <summary>The 'PYR' cell: hh with gl 0.003 and el -70, or with hh's own leak (gl 0.0003, el -54.3).</summary>
    public static CellDefinition Pyramidal(bool standardLeak = false) => CellDefinition.WithMechanisms("PYR",
        [new("diam", Diameter), new("L", 18.8), new("Ra", 123.0)],
        [new MechanismDefinition("hh", standardLeak
            ? [new("gnabar", Gnabar), new("gkbar", 0.036)]
            : [new("gnabar", Gnabar), new("gkbar", 0.036), new("gl", 0.003), new("el", -70.0)])]);

    /// <summary>The network as published (recordStep 1 ms).</summary>
    public static NetworkDefinition Network(string name) =>
        new(
            name,
            [Pyramidal()],
            [new PopulationDefinition("S", "PYR", 20), new PopulationDefinition("M", "PYR", 20)],
            [new SynapseDefinition("exc", 0.1, 5.0, 0)],
            [new NetStimSource("bkg", Rate: 10, Interval: null, Noise: 0.5)],
            [new StimTargetDefinition("bkg", CellSelector.CellType("PYR"), Weight: 0.01, Delay: 5, Synapse: "exc")],
            [new ConnectionDefinition("S->M", CellSelector.Population("S"), CellSelector.Population("M"), ConnectionRuleKind.Divergence, 12, 0.01, 5, "exc")],
            new SimulationSettings(Duration: 1000, Dt: 0.025, RecordStep: 1),
            [new RecordDefinition("V_soma", RecordVariable.V, null, null)],
            [new PlotDefinition(PlotKind.Raster, null), new PlotDefinition(PlotKind.Traces, CellSelector.ForGids(1)), new PlotDefinition(PlotKind.Net2D, null)]);
}
