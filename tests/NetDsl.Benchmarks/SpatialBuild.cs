using System.Diagnostics;
using System.Globalization;
using NetDsl.Definition;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Benchmarks;

/// <summary>
/// Building a distance-dependent network of any size with a cutoff (<c>within=</c>): Tutorial 5's density
/// (250 cells in 100 × 1000 × 100 µm), the volume grown in x and z, E → all with p = 0.1·exp(−dist_3D/150 µm),
/// I → E with p = 0.4·exp(−dist_3D/150 µm), delays 0.5 ms + dist_3D / propVelocity, each rule considering pairs within the
/// cutoff only. The expressions are passed compiled, as generated code passes them. One table row per size:
/// build time, connections, connections per cell, memory held by the network and peak working set.
/// </summary>
internal static class SpatialBuild
{
    public const string Header =
        "| N | cutoff (µm) | volume (µm) | build (s) | connect (s) | connections | per cell | network memory (MiB) | peak working set (MiB) |\n" +
        "|---|---|---|---|---|---|---|---|---|";

    /// <summary>One row; a null cutoff builds with NetPyNE's all-pairs rule (the same network NetPyNE builds).</summary>
    public static string Measure(int cells, double? within)
    {
        var definition = Create(cells, within);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var network = NetworkBuilder.Build(definition);
        clock.Stop();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        int connections = network.Connections.Count;
        GC.KeepAlive(network);
        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        return string.Format(CultureInfo.InvariantCulture,
            "| {0:N0} | {1} | {2:0} × {3:0} × {4:0} | {5:0.00} | {6:0.00} | {7:N0} | {8:0.0} | {9:0} | {10:0} |",
            cells, within?.ToString(CultureInfo.InvariantCulture) ?? "none (all pairs)", definition.SizeX, definition.SizeY, definition.SizeZ, clock.Elapsed.TotalSeconds, network.Timing.ConnectTime,
            connections, connections / (double)cells, (after - before) / 1048576.0, peak);
    }

    public static NetworkDefinition Create(int cells, double? within)
    {
        // Tutorial 5: 250 cells per 1e7 µm³; keep the depth (1000 µm) and grow x = z.
        double side = Math.Sqrt(cells / 250.0) * 100;
        int excitatory = cells * 3 / 5, inhibitory = cells - excitatory;
        var rs = new CellDefinition("RS", [new("diam", 10), new("L", 10), new("cm", 31.831)], "Izhi2007b",
            [new("C", 1), new("k", 0.7), new("vr", -60), new("vt", -40), new("vpeak", 35), new("a", 0.03), new("b", -2), new("c", -50), new("d", 100), new("celltype", 1)]);
        var fs = new CellDefinition("FS", [new("diam", 10), new("L", 10), new("cm", 31.831)], "Izhi2007b",
            [new("C", 0.2), new("k", 1), new("vr", -55), new("vt", -40), new("vpeak", 25), new("a", 0.2), new("b", -2), new("c", -45), new("d", -55), new("celltype", 5)]);
        var dist3D = ValueExpression.Of(ExpressionVariable.Dist3D);
        // 0.5 ms + dist_3D / propVelocity: at this density nearby pairs would otherwise get delays below dt.
        var delay = ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Add, ValueExpression.Number(0.5),
                ValueExpression.Binary(ExpressionOperator.Divide, dist3D, ValueExpression.Named("propVelocity", 100))),
            static (in CellPair pair, ref Random123Stream random) => 0.5 + pair.Dist3D / 100.0);
        ValueSpec Probability(double scale, PairFunction compiled) => ValueSpec.Of(ValueExpression.Binary(ExpressionOperator.Multiply, ValueExpression.Number(scale),
            ValueExpression.Call(ExpressionFunction.Exp, ValueExpression.Binary(ExpressionOperator.Divide, ValueExpression.Negate(dist3D), ValueExpression.Named("probLengthConst", 150)))), compiled);
        return new NetworkDefinition(
            "SpatialCutoff",
            [rs, fs],
            [new("E", "RS", excitatory) { YNormRange = new PlacementRange(0.1, 1.0) }, new("I", "FS", inhibitory) { YNormRange = new PlacementRange(0.1, 1.0) }],
            [new("exc", 1, 5, 0), new("inh", 2, 10, -70)],
            [new NetStimSource("bkg", Rate: 100, Interval: null, Noise: 0.5)],
            [new StimTargetDefinition("bkg", CellSelector.All, Weight: 0.01, Delay: 5, Synapse: "exc")],
            [
                new ConnectionDefinition("E->all", CellSelector.Population("E"), CellSelector.All, ConnectionRuleKind.Probability, 0, 0.0005, delay, "exc")
                {
                    RuleValueSpec = Probability(0.1, static (in CellPair pair, ref Random123Stream random) => 0.1 * Math.Exp(-pair.Dist3D / 150.0)),
                    Within = within,
                },
                new ConnectionDefinition("I->E", CellSelector.Population("I"), CellSelector.Population("E"), ConnectionRuleKind.Probability, 0, 0.001, delay, "inh")
                {
                    RuleValueSpec = Probability(0.4, static (in CellPair pair, ref Random123Stream random) => 0.4 * Math.Exp(-pair.Dist3D / 150.0)),
                    Within = within,
                },
            ],
            new SimulationSettings(Duration: 100, Dt: 0.025, RecordStep: 1),
            [],
            [])
        {
            SizeX = side, SizeY = 1000, SizeZ = side,
        };
    }
}
