using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The exact engine's paths for small networks against its general ones, bit for bit: the flat slot pass (every
/// slot of the scalar cells in one vector pass, then each cell's sums in slot order) against each cell's own
/// slot loop, the soma of cells with different slot patterns in the vector kernel (presummed runs), and the narrow
/// step (128-bit, held compiled in a ReadyToRun image) against the wide one. Spikes, resets and every trace sample.
/// </summary>
public class SmallNetworkStepTests
{
    public static TheoryData<string> Models =>
    [
        "A_single", "B_network", "C_inhib", "type2_IB", "type4_LTS", "type5_FS", "type6_TC", "type7_RTN_threshold-10", "test network", "mixed cell types",
    ];

    private static NetworkDefinition Model(string name) => name switch
    {
        "test network" => TestModels.Network(150, 38, duration: 200),
        // FS and LTS cells (other recovery and reset kinds) among RS cells, IClamps on some: solo cells beside the runs.
        "mixed cell types" => MixedTypes(),
        _ => ReferenceCases.Get(name),
    };

    /// <summary>FS and LTS cells (other recovery and reset kinds) among RS cells, IClamps on the I cells.</summary>
    internal static NetworkDefinition MixedTypes()
    {
        var network = TestModels.Network(37, 11, duration: 300);
        var fs = ReferenceCases.Get("type5_FS").Cells[0] with { Name = "FS" };
        var lts = ReferenceCases.Get("type4_LTS").Cells[0] with { Name = "LTS" };
        var inhibitory = network.Populations[1];
        return network with
        {
            Cells = [.. network.Cells, fs, lts],
            Populations = [network.Populations[0], inhibitory with { CellType = "FS" }, inhibitory with { Name = "LTSpop", CellType = "LTS", Count = 5 }],
        };
    }

    private static SimulationResult Run(string name, Action<Simulator> configure)
    {
        var network = NetworkBuilder.Build(Model(name));
        var simulator = network.CreateSimulator();
        configure(simulator);
        return simulator.Run(new RunOptions { Threads = 1 });
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void FlatSlotPassGivesEachCellsOwnSlotLoopsBits(string name)
    {
        var flat = Run(name, s => Assert.True(s.UseFlatSlots));
        var perCell = Run(name, s => s.UseFlatSlots = false);
        Assert.NotEmpty(flat.SpikeTimes);
        ResultAssert.Identical(perCell, flat);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void NarrowStepGivesTheWideStepsBits(string name)
    {
        bool narrowRan = false;
        var narrow = Run(name, s =>
        {
            s.NarrowStep = true;
            narrowRan = s.UsesNarrowStep;
        });
        var wide = Run(name, s => s.NarrowStep = false);
        Assert.True(narrowRan, "the narrow step should apply to this network");
        ResultAssert.Identical(wide, narrow);
    }

    [Fact]
    public void VectorKernelOffStillGivesTheSameBits()
    {
        var vector = Run("C_inhib", _ => { });
        var scalar = Run("C_inhib", s => s.UseVectorKernel = false);
        ResultAssert.Identical(scalar, vector);
    }

    [Fact]
    public void NarrowStepsAllocateNothing()
    {
        var network = NetworkBuilder.Build(ReferenceCases.Get("C_inhib"));
        var simulator = network.CreateSimulator();
        simulator.NarrowStep = true;
        Assert.True(simulator.UsesNarrowStep);
        simulator.EnsureSpikeCapacity(100_000);
        simulator.Initialize();
        simulator.Advance(2000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        simulator.Advance(4000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TwoThreadsLeaveTheNarrowStepAndKeepTheSpikes()
    {
        var definition = TestModels.Network(300, 75, duration: 100);
        var one = NetworkBuilder.Build(definition).Run(new RunOptions { Threads = 1 });
        var simulator = NetworkBuilder.Build(definition).CreateSimulator();
        simulator.NarrowStep = true;
        var two = simulator.Run(new RunOptions { Threads = 2 });
        ResultAssert.Identical(one, two);
    }
}
