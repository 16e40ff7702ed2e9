using NetDsl.Simulation;

namespace NetDsl.Tests;

public class AllocationTests
{
    [Fact]
    public void StepsAllocateNothingAfterWarmUp()
    {
        var network = NetworkBuilder.Build(TestModels.Network(800, 200, duration: 200));
        var sim = network.CreateSimulator();
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
}
