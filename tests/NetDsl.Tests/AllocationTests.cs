using NetDsl.Simulation;

namespace NetDsl.Tests;

public class AllocationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StepsAllocateNothingAfterWarmUp(bool aggregate)
    {
        var definition = TestModels.Network(800, 200, duration: 200);
        definition = definition with { Simulation = definition.Simulation with { AggregateSynapses = aggregate } };
        var network = NetworkBuilder.Build(definition);
        Assert.Equal(1000, network.Cells.Count);
        var sim = network.CreateSimulator();
        // 1,000 Izhikevich cells: their synapse slots in blocks (Exp2SynBlocks), stepped by the blocks' kernel and, where
        // the cells' slot patterns repeat, by same-pattern runs.
        Assert.Equal(NetDsl.Kernels.Exp2SynBlocks.IsSupported, sim.UseSlotBlocks);
        sim.Initialize();
        sim.EnsureSpikeCapacity(1_000_000);
        sim.Advance(3000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sim.Advance(1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(sim.SpikeTimes.Length > 0, "the network should be active");
        Assert.Equal(4000, sim.StepCount);
    }

    /// <summary>hh cells, ExpSyn and Exp2Syn, Izhi2007b cells and traces of m: the exact step allocates nothing either.</summary>
    [Fact]
    public void MixedModelStepsAllocateNothing()
    {
        var definition = ReferenceCases.Get("H_tut2");
        definition = definition with { Records = [.. definition.Records, new NetDsl.Definition.RecordDefinition("m", NetDsl.Definition.RecordVariable.M, null, NetDsl.Definition.CellSelector.ForGids(1))] };
        var sim = NetworkBuilder.Build(definition).CreateSimulator();
        sim.Initialize();
        sim.EnsureSpikeCapacity(100_000);
        sim.Advance(3000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sim.Advance(4000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sim.SpikeTimes.Length > 0, "the network should be active");
    }
}
