using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The exact engine's slot blocks (eight cells' synapse slots side by side, <see cref="Exp2SynBlocks"/>) against each
/// cell's own slot passes, bit for bit: spikes, resets and every trace sample (v, u and each synapse kind's
/// conductance, which reads the slots where the blocks keep them), at both vector widths and on 1 and 2 threads.
/// </summary>
public class SlotBlockTests
{
    public static TheoryData<string> Models => ["B_network", "C_inhib", "test network", "mixed cell types", "per-connection benchmark", "aggregated benchmark"];

    private static NetworkDefinition Model(string name)
    {
        var definition = name switch
        {
            "test network" => TestModels.Network(150, 38, duration: 200),
            "mixed cell types" => SmallNetworkStepTests.MixedTypes(),
            // 600 cells with about 126 slots each: more slots than the flat pass takes, so blocks are the default.
            "per-connection benchmark" => SimdEngineTests.BenchmarkModel(600, duration: 60) is var model
                ? model with { Simulation = model.Simulation with { AggregateSynapses = false } }
                : throw new InvalidOperationException(),
            // Every cell with the same two slots (exc, inh): same-pattern runs, which read their slots in the blocks.
            "aggregated benchmark" => SimdEngineTests.BenchmarkModel(1000, duration: 100),
            _ => ReferenceCases.Get(name),
        };
        return TestModels.RecordingEveryStep(definition, CellSelector.ForGids(0, 5, 13, 17));
    }

    private static SimulationResult Run(string name, bool blocks, VectorWidth width, int threads = 1)
    {
        var simulator = NetworkBuilder.Build(Model(name)).CreateSimulator();
        simulator.UseFlatSlots = false;
        simulator.UseSlotBlocks = blocks;
        Assert.Equal(blocks && Exp2SynBlocks.IsSupported, simulator.UseSlotBlocks);
        return simulator.Run(new RunOptions { Threads = threads, VectorWidth = width });
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void BlocksGiveEachCellsOwnSlotPassesBits(string name)
    {
        var perCell = Run(name, blocks: false, VectorWidth.W256);
        Assert.NotEmpty(perCell.SpikeTimes);
        Assert.Contains(perCell.Traces, trace => trace.Name.StartsWith("g_", StringComparison.Ordinal) && trace.Values.Any(g => g != 0));
        ResultAssert.Identical(perCell, Run(name, blocks: true, VectorWidth.W256));
        ResultAssert.Identical(perCell, Run(name, blocks: true, VectorWidth.W512));
        ResultAssert.Identical(perCell, Run(name, blocks: true, VectorWidth.W512, threads: 2));
    }

    [Fact]
    public void SameSlotPatternsRunInWholeBlocks()
    {
        var simulator = NetworkBuilder.Build(Model("aggregated benchmark")).CreateSimulator();
        Assert.True(simulator.UseSlotBlocks);
        // All 1,000 cells in runs that read their slots in the blocks (none left to the blocks' own kernel).
        Assert.Equal(1000, simulator.VectorizedCellCount);
        simulator.UseSlotBlocks = false;
        Assert.Equal(1000, simulator.VectorizedCellCount);
    }

    [Fact]
    public void LargeNetworksWithManySlotsPerCellUseBlocksByDefault()
    {
        var many = NetworkBuilder.Build(Model("per-connection benchmark")).CreateSimulator();
        Assert.Equal(Exp2SynBlocks.IsSupported, many.UseSlotBlocks);
        // Small networks keep the flat slot pass.
        Assert.False(NetworkBuilder.Build(Model("C_inhib")).CreateSimulator().UseSlotBlocks);
    }

    [Fact]
    public void SwitchingBlocksMidRunMovesTheState()
    {
        var definition = Model("test network");
        var straight = NetworkBuilder.Build(definition).CreateSimulator();
        straight.UseFlatSlots = false;
        var switched = NetworkBuilder.Build(definition).CreateSimulator();
        switched.UseFlatSlots = false;
        straight.Initialize();
        switched.Initialize();
        for (int stretch = 0; stretch < 6; stretch++)
        {
            switched.UseSlotBlocks = stretch % 2 == 0;
            straight.Advance(1000);
            switched.Advance(1000);
            Assert.Equal(straight.Conductance(3, "exc"), switched.Conductance(3, "exc"));
        }
        Assert.Equal(straight.SpikeTimes.ToArray(), switched.SpikeTimes.ToArray());
        Assert.Equal(straight.SpikeGids.ToArray(), switched.SpikeGids.ToArray());
        Assert.Equal(straight.Voltage(7), switched.Voltage(7));
    }
}
