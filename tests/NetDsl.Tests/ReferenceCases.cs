using NetDsl.Definition;

namespace NetDsl.Tests;

/// <summary>The reference cases of tests/reference as NetworkDefinitions equivalent to their model_netpyne.py.</summary>
public static class ReferenceCases
{
    public static IReadOnlyList<string> DeterministicSingleCells { get; } =
    [
        "A_k0.7_amp0.1", "A_k0.7_amp1", "A_k0.7_amp10",
        "type1_RS", "type2_IB", "type4_LTS", "type5_FS", "type6_TC", "type7_RTN", "type7_RTN_threshold-10",
    ];

    public static NetworkDefinition Get(string name) => name switch
    {
        "A_single" => SingleCell(name, "SingleIZH", 30, Rs(ValueSpec.Normal(0.7, 0.05)), 50, 1000, 10),
        "A_k0.7_amp0.1" => SingleCell(name, "SingleIZH", 30, Rs(0.7), 50, 1000, 0.1),
        "A_k0.7_amp1" => SingleCell(name, "SingleIZH", 30, Rs(0.7), 50, 1000, 1),
        "A_k0.7_amp10" => SingleCell(name, "SingleIZH", 30, Rs(0.7), 50, 1000, 10),
        "type1_RS" => SingleCell(name, "cell_RS", 10, Izhi(1, 0.7, -60, -40, 35, 0.03, -2, -50, 100, 1), 50, 900, 0.15),
        "type2_IB" => SingleCell(name, "cell_IB", 10, Izhi(1.5, 1.2, -75, -45, 50, 0.01, 5, -56, 130, 2), 50, 900, 0.5),
        "type4_LTS" => SingleCell(name, "cell_LTS", 10, Izhi(1, 1.0, -56, -42, 40, 0.03, 8, -53, 20, 4), 50, 900, 0.2),
        "type5_FS" => SingleCell(name, "cell_FS", 10, Izhi(0.2, 1.0, -55, -40, 25, 0.2, -2, -45, -55, 5), 50, 900, 0.5),
        "type6_TC" => SingleCell(name, "cell_TC", 10, Izhi(2.0, 1.6, -60, -50, 35, 0.01, 15, -60, 10, 6), 50, 900, 0.07),
        "type7_RTN" => SingleCell(name, "cell_RTN", 10, Izhi(0.4, 0.25, -65, -45, 0, 0.015, 10, -55, 50, 7), 50, 900, 0.4),
        "type7_RTN_threshold-10" => SingleCell(name, "cell_RTN", 10, Izhi(0.4, 0.25, -65, -45, 0, 0.015, 10, -55, 50, 7), 50, 900, 0.4, threshold: -10),
        "H_hh_single" => HhSingleCell(name, standardLeak: false),
        "H_hh_std_leak" => HhSingleCell(name, standardLeak: true),
        "H_tut2" => Tutorial2(name),
        "E_expsyn_hh_pas" => ExpSynCells(name),
        "B_network" => Network(name, inhibitory: false),
        "C_inhib" => Network(name, inhibitory: true),
        "D_spatial" => Spatial(name),
        _ => throw new ArgumentException($"Unknown reference case '{name}'."),
    };

    private static NamedValue[] Rs(ValueSpec k) => Izhi(1, k, -60, -40, 35, 0.03, -2, -50, 100, 1);

    private static NamedValue[] Izhi(double c, ValueSpec k, double vr, double vt, double vpeak, double a, double b, double cReset, double d, double celltype) =>
    [
        new("C", c), new("k", k), new("vr", vr), new("vt", vt), new("vpeak", vpeak), new("a", a), new("b", b),
        new("c", cReset), new("d", d), new("celltype", celltype),
    ];

    private static NamedValue[] Geometry(double diam) => [new("diam", diam), new("L", 10), new("cm", 31.831)];

    private static NetworkDefinition SingleCell(string name, string pop, double diam, NamedValue[] izhi, double del, double dur, double amp, double threshold = 10) =>
        new(
            name,
            [new CellDefinition("IZH", Geometry(diam), "Izhi2007b", izhi, threshold)],
            [new PopulationDefinition(pop, "IZH", 1)],
            [],
            [new IClampSource("IClamp1", del, dur, amp)],
            [new StimTargetDefinition("IClamp1", CellSelector.Population(pop))],
            [],
            new SimulationSettings(Duration: 1000, Dt: 0.025, RecordStep: 1),
            [new RecordDefinition("V_soma", RecordVariable.V, null, null)],
            [new PlotDefinition(PlotKind.Traces, CellSelector.ForGids(0)), new PlotDefinition(PlotKind.Raster, null), new PlotDefinition(PlotKind.Net2D, null)]);

    /// <summary>The cases with Hodgkin-Huxley cells (NetPyNE's Tutorial 2 'PYR' cell).</summary>
    public static IReadOnlyList<string> HodgkinHuxleySingleCells { get; } = ["H_hh_single", "H_hh_std_leak"];

    private static CellDefinition PyramidalCell(bool standardLeak) => NetDsl.TestSupport.Tutorial2Model.Pyramidal(standardLeak);

    private static NetworkDefinition HhSingleCell(string name, bool standardLeak) =>
        new(
            name,
            [PyramidalCell(standardLeak)],
            [new PopulationDefinition("HHcell", "PYR", 1)],
            [],
            [new IClampSource("IClamp1", 50, 500, 0.1)],
            [new StimTargetDefinition("IClamp1", CellSelector.Population("HHcell"))],
            [],
            new SimulationSettings(Duration: 1000, Dt: 0.025, RecordStep: 1),
            [new RecordDefinition("V_soma", RecordVariable.V, null, null)],
            [new PlotDefinition(PlotKind.Traces, CellSelector.ForGids(0)), new PlotDefinition(PlotKind.Raster, null), new PlotDefinition(PlotKind.Net2D, null)]);

    private static NetworkDefinition Tutorial2(string name) => NetDsl.TestSupport.Tutorial2Model.Network(name);

    /// <summary>tests/reference/E_expsyn_hh_pas/model_neuron.py: ExpSyn and Exp2Syn on an hh cell and a pas cell.</summary>
    private static NetworkDefinition ExpSynCells(string name)
    {
        static NetStimSource Regular(string source, double interval, double start, double number = 1e9) =>
            new(source, Rate: null, Interval: interval, Noise: 0, Start: start, Number: number);
        return new(
            name,
            [
                CellDefinition.WithMechanisms("HH", [new("diam", 19.3), new("L", 18.8), new("Ra", 123.0)],
                    [new MechanismDefinition("hh", [new("gnabar", 0.12), new("gkbar", 0.036), new("gl", 0.003), new("el", -70.0)])]),
                CellDefinition.WithMechanisms("LEAK", [new("diam", 20), new("L", 20)],
                    [new MechanismDefinition("pas", [new("g", 0.0001), new("e", -65.0)])]),
            ],
            [new PopulationDefinition("hh", "HH", 1), new PopulationDefinition("leak", "LEAK", 1)],
            [SynapseDefinition.ExpSyn("fast", 2, 0), new SynapseDefinition("inh", 0.5, 5, -70), SynapseDefinition.ExpSyn("slow", 8, 0), SynapseDefinition.ExpSyn("leaky", 3, 0)],
            [Regular("a", 20, 5, 40), Regular("b", 33, 12), Regular("c", 7, 3), Regular("d", 10, 2)],
            [
                new StimTargetDefinition("a", CellSelector.Population("hh"), Weight: 0.03, Delay: 1, Synapse: "fast"),
                new StimTargetDefinition("b", CellSelector.Population("hh"), Weight: 0.002, Delay: 2, Synapse: "inh"),
                new StimTargetDefinition("c", CellSelector.Population("hh"), Weight: 0.004, Delay: 1.5, Synapse: "slow"),
                new StimTargetDefinition("d", CellSelector.Population("leak"), Weight: 0.0005, Delay: 1, Synapse: "leaky"),
            ],
            [],
            new SimulationSettings(Duration: 300, Dt: 0.025, RecordStep: 1),
            [],
            []);
    }

    private static NetworkDefinition Network(string name, bool inhibitory)
    {
        var cell = new CellDefinition("IZH", Geometry(10), "Izhi2007b", Rs(ValueSpec.Normal(0.7, 0.05)));
        var bkg = new NetStimSource("bkg", Rate: 100, Interval: null, Noise: 0.5);
        if (!inhibitory)
        {
            return new NetworkDefinition(
                name,
                [cell],
                [new PopulationDefinition("IZHpop", "IZH", 20)],
                [new SynapseDefinition("exc", 1.0, 5.0, 0)],
                [bkg],
                [new StimTargetDefinition("bkg", CellSelector.CellType("IZH"), Weight: 0.01, Delay: 5, Synapse: "exc")],
                [new ConnectionDefinition("IZH->IZH", CellSelector.Population("IZHpop"), CellSelector.Population("IZHpop"), ConnectionRuleKind.Probability, 0.1, 0.005, 5, "exc")],
                new SimulationSettings(Duration: 1000, Dt: 0.025, RecordStep: 1),
                [new RecordDefinition("V_soma", RecordVariable.V, null, null)],
                []);
        }
        return new NetworkDefinition(
            name,
            [cell],
            [new PopulationDefinition("IZH_exc", "IZH", 20), new PopulationDefinition("IZH_inh", "IZH", 10)],
            [new SynapseDefinition("exc", 1.0, 5.0, 10), new SynapseDefinition("inh", 2.0, 10.0, -70)],
            [bkg],
            [new StimTargetDefinition("bkg", CellSelector.Population("IZH_exc"), Weight: 0.01, Delay: 5, Synapse: "exc")],
            [
                new ConnectionDefinition("exc->exc", CellSelector.Population("IZH_exc"), CellSelector.Population("IZH_exc"), ConnectionRuleKind.Probability, 0.1, 0.005, 5, "exc"),
                new ConnectionDefinition("exc->inh", CellSelector.Population("IZH_exc"), CellSelector.Population("IZH_inh"), ConnectionRuleKind.Probability, 0.2, 0.005, 5, "exc"),
                new ConnectionDefinition("inh->exc", CellSelector.Population("IZH_inh"), CellSelector.Population("IZH_exc"), ConnectionRuleKind.Probability, 0.3, 0.007, 3, "inh"),
            ],
            new SimulationSettings(Duration: 1000, Dt: 0.025, RecordStep: 0.1),
            [new RecordDefinition("V_soma", RecordVariable.V, null, null)],
            []);
    }

    /// <summary>
    /// NetPyNE's Tutorial 5 with Izhi2007b cells: five pops by ynormRange in 100 x 1000 x 100 um, a y condition,
    /// distance-dependent probability, weight by post_ynorm, delay by dist_3D / propVelocity (no generated code: the
    /// expressions are evaluated through the delegates ValueSpec.Of builds from them).
    /// </summary>
    private static NetworkDefinition Spatial(string name)
    {
        static PopulationDefinition Pop(string pop, string cell, double lo, double hi) => new(pop, cell, 50) { YNormRange = new PlacementRange(lo, hi) };
        var fs = new CellDefinition("FS", Geometry(10), "Izhi2007b", Izhi(0.2, 1, -55, -40, 25, 0.2, -2, -45, -55, 5));
        var rs = new CellDefinition("RS", Geometry(10), "Izhi2007b", Rs(ValueSpec.Normal(0.7, 0.05)));
        var dist3D = ValueExpression.Of(ExpressionVariable.Dist3D);
        var probLengthConst = ValueExpression.Named("probLengthConst", 150);
        var delay = ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Divide, dist3D, ValueExpression.Named("propVelocity", 100)));
        ValueSpec Probability(double scale) => ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Multiply, ValueExpression.Number(scale),
            ValueExpression.Call(ExpressionFunction.Exp, ValueExpression.Binary(ExpressionOperator.Divide, ValueExpression.Negate(dist3D), probLengthConst))));
        return new NetworkDefinition(
            name,
            [rs, fs],
            [Pop("E2", "RS", 0.1, 0.4), Pop("I2", "FS", 0.1, 0.4), Pop("E4", "RS", 0.4, 0.7), Pop("I4", "FS", 0.4, 0.7), Pop("E5", "RS", 0.7, 1.0)],
            [new SynapseDefinition("exc", 1.0, 5.0, 0), new SynapseDefinition("inh", 2.0, 10.0, -70)],
            [new NetStimSource("bkg", Rate: 100, Interval: null, Noise: 0.5)],
            [new StimTargetDefinition("bkg", CellSelector.CellType("RS", "FS"), Weight: 0.01, Delay: 5, Synapse: "exc")],
            [
                new ConnectionDefinition("E->all", CellSelector.CellType("RS"), CellSelector.All.Where(new TagCondition(CellTag.Y, 100, 1000)),
                    ConnectionRuleKind.Probability, 0,
                    ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Multiply, ValueExpression.Number(0.005), ValueExpression.Of(ExpressionVariable.PostYNorm))),
                    delay, "exc") { RuleValueSpec = Probability(0.1) },
                new ConnectionDefinition("I->E", CellSelector.CellType("FS"), CellSelector.Population("E2", "E4", "E5"),
                    ConnectionRuleKind.Probability, 0, 0.001, delay, "inh") { RuleValueSpec = Probability(0.4) },
            ],
            new SimulationSettings(Duration: 1000, Dt: 0.025, RecordStep: 1),
            [new RecordDefinition("V_soma", RecordVariable.V, null, null)],
            [new PlotDefinition(PlotKind.Traces, CellSelector.ForGids(1)), new PlotDefinition(PlotKind.Raster, null), new PlotDefinition(PlotKind.Net2D, null)])
        {
            SizeX = 100, SizeY = 1000, SizeZ = 100,
        };
    }
}
