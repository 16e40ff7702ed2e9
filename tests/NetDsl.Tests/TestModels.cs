using NetDsl.Definition;

namespace NetDsl.Tests;

/// <summary>Small synthetic networks for construction, guard and allocation tests.</summary>
public static class TestModels
{
    public static CellDefinition Rs(string name = "RS") => new(
        name,
        [new NamedValue("diam", 10), new NamedValue("L", 10), new NamedValue("cm", 31.831)],
        "Izhi2007b",
        [new NamedValue("C", 1), new NamedValue("k", ValueSpec.Normal(0.7, 0.05)), new NamedValue("vr", -60), new NamedValue("vt", -40),
         new NamedValue("vpeak", 35), new NamedValue("a", 0.03), new NamedValue("b", -2), new NamedValue("c", -50), new NamedValue("d", 100),
         new NamedValue("celltype", 1)]);

    /// <summary>E/I network: NetStim drive to every cell, probability connections E->all and I->E.</summary>
    public static NetworkDefinition Network(int excitatory, int inhibitory, double duration = 200, double pExc = 0.05, double pInh = 0.1,
        ConnectionRuleKind rule = ConnectionRuleKind.Probability) => new(
        "Test",
        [Rs()],
        [new PopulationDefinition("E", "RS", excitatory), new PopulationDefinition("I", "RS", inhibitory)],
        [new SynapseDefinition("exc", 1, 5, 0), new SynapseDefinition("inh", 2, 10, -70)],
        [new NetStimSource("bkg", Rate: 20, Interval: null, Noise: 0.5), new IClampSource("clamp", 20, 100, 0.05)],
        [new StimTargetDefinition("bkg", CellSelector.All, Weight: 0.01, Delay: 1, Synapse: "exc"),
         new StimTargetDefinition("clamp", CellSelector.Population("I"))],
        [new ConnectionDefinition("E->all", CellSelector.Population("E"), CellSelector.All, rule, pExc, 0.002, 2, "exc"),
         new ConnectionDefinition("I->E", CellSelector.Population("I"), CellSelector.Population("E"), rule, pInh, 0.004, ValueSpec.Uniform(1, 3), "inh")],
        new SimulationSettings(Duration: duration, Dt: 0.025, RecordStep: 1),
        [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.ForGids(0, 1)),
         new RecordDefinition("g_exc", RecordVariable.G, "exc", CellSelector.ForGids(0))],
        []);
}

/// <summary>Assertions shared by the thread-count tests of both engines.</summary>
public static class ResultAssert
{
    /// <summary>Spikes, resets and every trace sample are bit for bit the same.</summary>
    public static void Identical(NetDsl.Simulation.SimulationResult expected, NetDsl.Simulation.SimulationResult actual)
    {
        Assert.Equal(expected.SpikeTimes, actual.SpikeTimes);
        Assert.Equal(expected.SpikeGids, actual.SpikeGids);
        Assert.Equal(expected.ResetTimes, actual.ResetTimes);
        Assert.Equal(expected.ResetGids, actual.ResetGids);
        Assert.Equal(expected.Traces.Count, actual.Traces.Count);
        for (int t = 0; t < expected.Traces.Count; t++) Assert.Equal(expected.Traces[t].Values, actual.Traces[t].Values);
    }
}
