using NetDsl.Definition;
using NetDsl.Kernels.Simd;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The engine with the vector kernel against the engine with every cell on the scalar path: every v and u bit
/// after every step, and the spikes. The networks mix vectorizable cells with cells that stay scalar (IClamp
/// targets, other slot patterns) and cover per-cell constants (random k) and broadcast constants. Per-instance
/// synapse slots (NEURON's own summation, different counts per cell) always take the scalar path.
/// </summary>
public class SimdEngineTests
{
    public static TheoryData<string> Models => ["test network", "benchmark model", "B_network", "C_inhib"];

    /// <summary>Aggregated synapse state (one slot per synapse kind): the layout the vector kernel takes.</summary>
    private static NetworkDefinition Model(string name) => Aggregated(name switch
    {
        "test network" => TestModels.Network(150, 38, duration: 100),
        "benchmark model" => BenchmarkModel(400),
        _ => ReferenceCases.Get(name),
    });

    private static NetworkDefinition Aggregated(NetworkDefinition definition) =>
        definition with { Simulation = definition.Simulation with { AggregateSynapses = true } };

    [Theory]
    [MemberData(nameof(Models))]
    public void VectorAndScalarEnginesAgreeBitForBitAfterEveryStep(string name)
    {
        var network = NetworkBuilder.Build(Model(name));
        var vector = network.CreateSimulator();
        var scalar = network.CreateSimulator();
        scalar.UseVectorKernel = false;
        if (!SomaVectorKernel.IsSupported) return;
        Assert.True(vector.VectorizedCellCount > 0, "the vector kernel should take part");
        Assert.Equal(0, scalar.VectorizedCellCount);
        vector.Initialize();
        scalar.Initialize();
        int n = network.Cells.Count;
        for (int step = 0; step < 3000; step++)
        {
            vector.Step();
            scalar.Step();
            for (int gid = 0; gid < n; gid++)
            {
                if (BitConverter.DoubleToInt64Bits(vector.Voltage(gid)) != BitConverter.DoubleToInt64Bits(scalar.Voltage(gid))
                    || BitConverter.DoubleToInt64Bits(vector.RecoveryVariable(gid)) != BitConverter.DoubleToInt64Bits(scalar.RecoveryVariable(gid)))
                {
                    Assert.Fail($"{name}: cell {gid} differs after step {step + 1}: v {vector.Voltage(gid):R} vs {scalar.Voltage(gid):R}, u {vector.RecoveryVariable(gid):R} vs {scalar.RecoveryVariable(gid):R}");
                }
            }
        }
        Assert.True(scalar.SpikeTimes.Length > 0, "the network should spike");
        Assert.Equal(scalar.SpikeTimes.ToArray(), vector.SpikeTimes.ToArray());
        Assert.Equal(scalar.SpikeGids.ToArray(), vector.SpikeGids.ToArray());
    }

    [Fact]
    public void CellsWithAnIClampOrAnotherCellTypeStayOnTheScalarPath()
    {
        // TestModels.Network clamps every I cell; the vector plan must leave exactly those (and stragglers) scalar.
        var network = NetworkBuilder.Build(Aggregated(TestModels.Network(160, 40, duration: 10)));
        var simulator = network.CreateSimulator();
        if (!SomaVectorKernel.IsSupported) return;
        Assert.InRange(simulator.VectorizedCellCount, 1, 160);
        var plan = VectorRunPlan.Create(200, network.Compiled.CellSlotStart, network.Compiled.SlotKind, i => i < 160, new SomaParameters
        {
            K = network.Compiled.K, Vr = network.Compiled.Vr, Vt = network.Compiled.Vt, A = network.Compiled.A, B = network.Compiled.B,
            C = network.Compiled.C, Iin = network.Compiled.Iin, Scale = network.Compiled.Scale, CapTerm = network.Compiled.CapTerm,
            AxialA1 = network.Compiled.AxialA1, AxialB1 = network.Compiled.AxialB1, AxialA2 = network.Compiled.AxialA2,
            AxialB2 = network.Compiled.AxialB2, EndFactor = network.Compiled.EndFactor, EndProduct = network.Compiled.EndProduct,
        });
        Assert.All(plan.Runs, run => Assert.True(run.FirstCell + run.CellCount <= 160));
        Assert.Contains(160, plan.ScalarCells);
        Assert.Contains(199, plan.ScalarCells);
    }

    /// <summary>The E/I benchmark model at a small size (every constant shared: broadcast, C = 1).</summary>
    internal static NetworkDefinition BenchmarkModel(int cells, double duration = 100)
    {
        int excitatory = cells * 4 / 5;
        double p = Math.Min(1.0, 100.0 / excitatory);
        var rs = new CellDefinition(
            "RS",
            [new("diam", 10), new("L", 10), new("cm", 31.831)],
            "Izhi2007b",
            [new("C", 1), new("k", 0.7), new("vr", -60), new("vt", -40), new("vpeak", 35), new("a", 0.03), new("b", -2), new("c", -50), new("d", 100), new("celltype", 1)]);
        return new NetworkDefinition(
            "EiBenchmark",
            [rs],
            [new("E", "RS", excitatory), new("I", "RS", cells - excitatory)],
            [new("exc", 1, 5, 0), new("inh", 2, 10, -70)],
            [new NetStimSource("bkg", Rate: 100, Interval: null, Noise: 0.5)],
            [new StimTargetDefinition("bkg", CellSelector.All, Weight: 0.01, Delay: 5, Synapse: "exc")],
            [
                new ConnectionDefinition("E->all", CellSelector.Population("E"), CellSelector.All, ConnectionRuleKind.Probability, p, 0.001, 5, "exc"),
                new ConnectionDefinition("I->all", CellSelector.Population("I"), CellSelector.All, ConnectionRuleKind.Probability, p, 0.004, 3, "inh"),
            ],
            new SimulationSettings(Duration: duration, Dt: 0.025, RecordStep: 1) { AggregateSynapses = true },
            [],
            []);
    }
}
