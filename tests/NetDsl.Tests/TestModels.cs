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

    /// <summary>The definition recording v, u and the conductance of every synapse kind of <paramref name="cells"/> at every step.</summary>
    public static NetworkDefinition RecordingEveryStep(NetworkDefinition definition, CellSelector cells) => definition with
    {
        Simulation = definition.Simulation with { RecordStep = definition.Simulation.Dt },
        Records =
        [
            new RecordDefinition("V", RecordVariable.V, null, cells),
            new RecordDefinition("U", RecordVariable.U, null, cells),
            .. definition.Synapses.Select(syn => new RecordDefinition("g_" + syn.Name, RecordVariable.G, syn.Name, cells)),
        ],
    };

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

    /// <summary>
    /// The same sample times, and every sample within <paramref name="tolerance"/> × max(1, largest |value|) of its trace;
    /// with <paramref name="everyTraceMoves"/>, no expected trace is all zeros (so that the comparison means something).
    /// </summary>
    public static void TracesClose(NetDsl.Simulation.SimulationResult expected, NetDsl.Simulation.SimulationResult actual, double tolerance, bool everyTraceMoves = false)
    {
        Assert.Equal(expected.TraceTimes, actual.TraceTimes);
        Assert.Equal(expected.Traces.Count, actual.Traces.Count);
        for (int t = 0; t < expected.Traces.Count; t++)
        {
            var want = expected.Traces[t].Values;
            var got = actual.Traces[t].Values;
            double scale = want.Max(Math.Abs);
            if (everyTraceMoves) Assert.True(scale > 0, $"{expected.Traces[t].Name} of {expected.Traces[t].Gid} never moves");
            for (int i = 0; i < want.Length; i++)
                Assert.True(Math.Abs(got[i] - want[i]) <= tolerance * Math.Max(1, scale), $"{expected.Traces[t].Name} of {expected.Traces[t].Gid}, sample {i}: {got[i]:R} vs {want[i]:R}");
        }
    }
}
