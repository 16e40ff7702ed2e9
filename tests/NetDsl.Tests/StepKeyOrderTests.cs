using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// <see cref="StepKeyOrder.Sort"/> merges the partitions' step * N + gid keys of a window step by step: the result
/// must be the plain sort of all keys, whether the partitions' runs are sorted or not and whether their gids are
/// consecutive ranges (what the engines give it) or interleave.
/// </summary>
public class StepKeyOrderTests
{
    private const long Cells = 1000;

    /// <summary>
    /// Events of <paramref name="partitions"/> partitions over 120 steps, each partition's gids in
    /// <paramref name="gidOf"/>(partition, index), listed step by step; a partition's last few events of a step
    /// come first when <paramref name="scalarLast"/> is false (as scalar cells listed after vector cells would).
    /// </summary>
    private static (long[] Keys, int[] RunStart) Window(int seed, int partitions, Func<int, int, long> gidOf, bool shuffled)
    {
        var random = new System.Random(seed);
        var keys = new List<long>();
        var runStart = new List<int> { 0 };
        for (int p = 0; p < partitions; p++)
        {
            var run = new List<long>();
            for (long step = 0; step < 120; step++)
            {
                // Some steps without events, some with many; a cell at most once per step.
                int events = random.Next(4) == 0 ? 0 : random.Next(1, 12);
                var gids = new SortedSet<long>();
                while (gids.Count < events) gids.Add(gidOf(p, random.Next((int)(Cells / partitions))));
                var inStep = gids.Select(g => step * Cells + g).ToList();
                if (shuffled && inStep.Count > 2) (inStep[0], inStep[^1]) = (inStep[^1], inStep[0]);
                run.AddRange(inStep);
            }
            keys.AddRange(run);
            runStart.Add(keys.Count);
        }
        return ([.. keys], [.. runStart]);
    }

    private static long Consecutive(int partitions, int p, int index) => p * (Cells / partitions) + index;

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(7, true)]
    public void ConsecutiveRangesMergeToThePlainSort(int partitions, bool shuffled)
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var (keys, runStart) = Window(seed, partitions, (p, i) => Consecutive(partitions, p, i), shuffled);
            var expected = keys.Order().ToArray();
            var merged = new long[keys.Length];
            var sorted = StepKeyOrder.Sort(keys, runStart, Cells, merged).ToArray();
            Assert.Equal(expected, sorted);
        }
    }

    [Fact]
    public void InterleavedGidsStillComeOutSorted()
    {
        // Partition p holding gids p, p + 4, p + 8, ...: one step's keys of two runs interleave.
        var (keys, runStart) = Window(seed: 5, partitions: 4, (p, i) => p + 4L * i, shuffled: false);
        var expected = keys.Order().ToArray();
        var sorted = StepKeyOrder.Sort(keys, runStart, Cells, new long[keys.Length]).ToArray();
        Assert.Equal(expected, sorted);
    }

    [Fact]
    public void RunsWithoutEventsAndNoEventsAtAll()
    {
        long[] keys = [3 * Cells + 10, 3 * Cells + 700, 5 * Cells + 5];
        // Partitions 0 and 2 found nothing; partition 1 holds gids 0..499, partition 3 gids 500..999.
        Assert.Equal([3 * Cells + 10, 3 * Cells + 700, 5 * Cells + 5],
            StepKeyOrder.Sort([3 * Cells + 10, 5 * Cells + 5, 3 * Cells + 700], [0, 0, 2, 2, 3], Cells, new long[3]).ToArray());
        Assert.Empty(StepKeyOrder.Sort([], [0, 0, 0], Cells, []).ToArray());
        Assert.Equal(keys, StepKeyOrder.Sort(keys, [0, 3], Cells, []).ToArray());
    }
}
