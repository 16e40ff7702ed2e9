using NetDsl.Definition;

namespace NetDsl.Benchmarks;

/// <summary>
/// The E/I scaling model of <c>examples/Scaling/ei_benchmark.netdsl</c> as a definition, for any N:
/// 80 % E and 20 % I regular-spiking cells, one NetStim per cell, p = fanIn / N_E for both projections
/// (fanIn excitatory and fanIn/4 inhibitory inputs per cell on average; 100 in the model).
/// </summary>
public static class EiBenchmarkModel
{
    public static NetworkDefinition Create(int cells, bool fastConnectivity, bool aggregateSynapses = true, double durationMs = 1000, double fanIn = 100)
    {
        int excitatory = cells * 4 / 5;
        int inhibitory = cells - excitatory;
        double p = Math.Min(1.0, fanIn / excitatory);
        var rule = fastConnectivity ? ConnectionRuleKind.FastProbability : ConnectionRuleKind.Probability;

        var rs = new CellDefinition(
            "RS",
            [new("diam", 10), new("L", 10), new("cm", 31.831)],
            "Izhi2007b",
            [
                new("C", 1), new("k", 0.7), new("vr", -60), new("vt", -40), new("vpeak", 35),
                new("a", 0.03), new("b", -2), new("c", -50), new("d", 100), new("celltype", 1),
            ]);

        return new NetworkDefinition(
            "EiBenchmark",
            [rs],
            [new("E", "RS", excitatory), new("I", "RS", inhibitory)],
            [new("exc", 1, 5, 0), new("inh", 2, 10, -70)],
            [new NetStimSource("bkg", Rate: 100, Interval: null, Noise: 0.5)],
            [new StimTargetDefinition("bkg", CellSelector.All, Weight: 0.01, Delay: 5, Synapse: "exc")],
            [
                new ConnectionDefinition("E->all", CellSelector.Population("E"), CellSelector.All, rule, p, 0.001, 5, "exc"),
                new ConnectionDefinition("I->all", CellSelector.Population("I"), CellSelector.All, rule, p, 0.004, 3, "inh"),
            ],
            new SimulationSettings(Duration: durationMs, Dt: 0.025, RecordStep: 1) { AggregateSynapses = aggregateSynapses },
            [],
            []);
    }
}
