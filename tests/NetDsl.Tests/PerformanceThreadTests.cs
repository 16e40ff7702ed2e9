using NetDsl.Concurrency;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>Threads split the cells; spikes, resets and traces must be bit-identical for every thread count.</summary>
public class PerformanceThreadTests
{
    [Theory]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(2, false)]
    public void SpikesAndTracesAreIdenticalForEveryThreadCount(int threads, bool aggregate)
    {
        var plain = TestModels.Network(400, 100, duration: 300);
        var definition = plain with
        {
            Simulation = plain.Simulation with { AggregateSynapses = aggregate },
            Records = [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.ForGids(0, 257, 499))],
        };
        var network = NetworkBuilder.Build(definition);
        var one = network.Run(new RunOptions { Threads = 1 });
        var many = network.Run(new RunOptions { Threads = threads });

        Assert.True(one.SpikeTimes.Length > 100, "the network should be active");
        ResultAssert.Identical(one, many);
    }

    [Fact]
    public void ThreadsComeFromTheDefinitionUnlessTheRunSaysOtherwise()
    {
        var plain = TestModels.Network(400, 100, duration: 100);
        var network = NetworkBuilder.Build(plain with { Simulation = plain.Simulation with { Threads = 2 } });
        var fromDefinition = network.Run();
        var one = network.Run(new RunOptions { Threads = 1 });
        Assert.Equal(2, fromDefinition.Threads);
        Assert.Equal(1, one.Threads);
        ResultAssert.Identical(one, fromDefinition);
        Assert.Equal(2, network.Run(new RunOptions { Precision = SimulationPrecision.Fast }).Threads);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Run(new RunOptions { Threads = -1 }));
        var invalid = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(plain with { Simulation = plain.Simulation with { Threads = 0 } }));
        Assert.Equal("threads", invalid.Parameter);
    }

    [Fact]
    public void BenchmarkModelSpikesAreIdenticalOnOneAndTwoThreads()
    {
        var network = NetworkBuilder.Build(SimdEngineTests.BenchmarkModel(2000, duration: 200));
        var one = network.Run(new RunOptions { Threads = 1 });
        var two = network.Run(new RunOptions { Threads = 2 });
        Assert.True(one.SpikeTimes.Length > 1000);
        Assert.Equal(one.SpikeTimes, two.SpikeTimes);
        Assert.Equal(one.SpikeGids, two.SpikeGids);
    }

    [Fact]
    public void ThreadedStepsAllocateNothingOnAnyThread()
    {
        var network = NetworkBuilder.Build(TestModels.Network(800, 200, duration: 200));
        var simulator = network.CreateSimulator();
        simulator.SetThreads(2);
        try
        {
            simulator.Initialize();
            simulator.EnsureSpikeCapacity(1_000_000);
            simulator.Advance(3000);
            long workers = simulator.WorkerAllocatedBytes;
            long caller = GC.GetAllocatedBytesForCurrentThread();
            simulator.Advance(1000);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - caller);
            Assert.Equal(0, simulator.WorkerAllocatedBytes - workers);
            Assert.Equal(2, simulator.ThreadCount);
            Assert.True(simulator.SpikeTimes.Length > 0, "the network should be active");
        }
        finally
        {
            simulator.SetThreads(1);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 40)]
    public void EveryItemRunsExactlyOncePerRound(int threads, int items)
    {
        var counts = new int[items];
        using var workers = new StepWorkers(threads, items, item => Interlocked.Increment(ref counts[item]));
        for (int round = 1; round <= 500; round++)
        {
            workers.Run();
            Assert.All(counts, count => Assert.Equal(round, count));
        }
    }

    [Fact]
    public void TheLoadCountsEveryItemsTimeWithinTheParallelParts()
    {
        const double ItemSeconds = 0.002;
        using var workers = new StepWorkers(2, 4, _ =>
        {
            long end = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(ItemSeconds * System.Diagnostics.Stopwatch.Frequency);
            while (System.Diagnostics.Stopwatch.GetTimestamp() < end) Thread.SpinWait(10);
        });
        for (int round = 0; round < 5; round++) workers.Run();
        var load = workers.Load();
        Assert.Equal(5, load.Parts);
        Assert.Equal(2, load.WorkSeconds.Count);
        // Twenty items of at least 2 ms each, every one inside a parallel part, which no thread outlasts.
        Assert.True(load.WorkSeconds.Sum() >= 20 * ItemSeconds, $"work {load.WorkSeconds.Sum()} s");
        Assert.All(load.WorkSeconds, work => Assert.InRange(work, 0, load.ParallelSeconds));
        Assert.True(load.ParallelSeconds >= load.WorkSeconds.Sum() / 2);
    }

    [Fact]
    public void AFailingItemIsReportedToTheCallerAndTheTeamKeepsWorking()
    {
        int failures = 1;
        var counts = new int[8];
        using var workers = new StepWorkers(2, 8, item =>
        {
            if (item == 5 && Interlocked.Exchange(ref failures, 0) == 1) throw new InvalidOperationException("item 5");
            Interlocked.Increment(ref counts[item]);
        });
        var error = Assert.Throws<AggregateException>(workers.Run);
        Assert.Equal("item 5", error.InnerException!.Message);
        workers.Run();
        Assert.Equal([2, 2, 2, 2, 2, 1, 2, 2], counts);
    }
}
