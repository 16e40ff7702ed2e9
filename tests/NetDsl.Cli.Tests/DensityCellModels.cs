using NetDsl.Definition;
using NetDsl.TestSupport;

namespace NetDsl.Cli.Tests;

/// <summary>Networks with Hodgkin-Huxley (hh / pas) cells and ExpSyn synapses, built as definitions, for the writers' tests.</summary>
public static class DensityCellModels
{
    /// <summary>'19 + uniform(-0.5, 0.5)'</summary>
    public static ValueSpec Tutorial2Diameter => Tutorial2Model.Diameter;

    /// <summary>'0.12 + 0.001*ynorm'</summary>
    public static ValueSpec Tutorial2Gnabar => Tutorial2Model.Gnabar;

    /// <summary>NetPyNE's Tutorial 2 'PYR' cell: soma with NEURON's hh.</summary>
    public static CellDefinition Pyramidal { get; } = Tutorial2Model.Pyramidal();

    /// <summary>NetPyNE's Tutorial 2 as published (recordStep 1 ms): tests/reference/H_tut2.</summary>
    public static NetworkDefinition Tutorial2 { get; } = Tutorial2Model.Network("H_tut2");

    /// <summary>
    /// A small mixed network at 20 degC: hh cells (PYR), an hh + pas cell type with hh's own leak switched off,
    /// Izhi2007b cells, ExpSyn and Exp2Syn synapses (both on some cells), v, m, h and n recorded.
    /// </summary>
    public static NetworkDefinition MixedExpSyn { get; } = new(
        "MixedExpSyn",
        [
            Pyramidal,
            CellDefinition.WithMechanisms("PAS", [new("diam", 20.0), new("L", 20.0)],
                [new MechanismDefinition("hh", [new("gl", 0.0)]), new MechanismDefinition("pas", [new("g", 0.0002), new("e", -65.0)])], threshold: 0),
            new CellDefinition("IZH", [new("diam", 10.0), new("L", 10.0), new("cm", 31.831)], "Izhi2007b",
                [new("C", 1.0), new("k", ValueSpec.Normal(0.7, 0.05)), new("celltype", 1.0)]),
        ],
        [new PopulationDefinition("S", "PYR", 6), new PopulationDefinition("P", "PAS", 3), new PopulationDefinition("I", "IZH", 4)],
        [new SynapseDefinition("exc", 0.1, 5.0, 0), SynapseDefinition.ExpSyn("fast", 2, 0), SynapseDefinition.ExpSyn("inh", 5, -75)],
        [new NetStimSource("bkg", Rate: 20, Interval: null, Noise: 0.5), new IClampSource("pulse", 50, 100, 0.5)],
        [
            new StimTargetDefinition("bkg", CellSelector.All, Weight: 0.02, Delay: 2, Synapse: "fast"),
            new StimTargetDefinition("pulse", CellSelector.Population("P")),
        ],
        [
            new ConnectionDefinition("S->I", CellSelector.Population("S"), CellSelector.Population("I"), ConnectionRuleKind.Probability, 0.5, 0.003, 2, "exc"),
            new ConnectionDefinition("I->S", CellSelector.Population("I"), CellSelector.Population("S"), ConnectionRuleKind.Convergence, 2, 0.002, 3, "inh"),
            new ConnectionDefinition("I->P", CellSelector.Population("I"), CellSelector.Population("P"), ConnectionRuleKind.Convergence, 2, 0.004, 1.5, "exc"),
        ],
        new SimulationSettings(Duration: 200, Dt: 0.025, RecordStep: 1) { Celsius = 20 },
        [
            new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.ForGids(0, 6, 9)),
            new RecordDefinition("m_soma", RecordVariable.M, null, CellSelector.ForGids(0, 6)),
            new RecordDefinition("h_soma", RecordVariable.H, null, CellSelector.ForGids(0)),
            new RecordDefinition("n_soma", RecordVariable.N, null, CellSelector.ForGids(0)),
            new RecordDefinition("g_fast", RecordVariable.G, "fast", CellSelector.ForGids(9)),
        ],
        [new PlotDefinition(PlotKind.Traces, null)]);
}
