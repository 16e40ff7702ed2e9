using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// <see cref="TimeGrid.DeliveryStep"/> puts an event on NEURON's accumulated grid: the first step m with
/// te ≤ t_m + dt/2. It decides from the nominal m*dt where te is clearly on one side and reads the table otherwise;
/// <see cref="TimeGrid.DeliveryStepFromTable"/> reads the two entries around the nominal step.
/// </summary>
public class TimeGridTests
{
    public static TheoryData<double, int> Grids => new() { { 0.025, 2_000_000 }, { 0.1, 1_000_000 }, { 0.01, 1_000_000 }, { 1.0 / 3.0, 200_000 } };

    /// <summary>The answer by bisection over the table (t_m + dt/2 never decreases with m).</summary>
    private static long Bisect(double te, double[] times, long lowest, double dt)
    {
        double half = 0.5 * dt;
        long low = lowest, high = times.Length;
        while (low < high)
        {
            long mid = (low + high) / 2;
            if (te <= times[mid] + half) high = mid;
            else low = mid + 1;
        }
        return low == times.Length ? long.MaxValue : low;
    }

    /// <summary>Times at and next to each kind of boundary: t_m + dt/2 as the table has it and as m*dt gives it, t_m itself.</summary>
    private static IEnumerable<double> Probes(double[] times, double dt, System.Random random)
    {
        double half = 0.5 * dt;
        for (int i = 0; i < 20_000; i++)
        {
            int m = random.Next(times.Length);
            foreach (double edge in new[] { times[m] + half, m * dt + half, times[m] })
            {
                double below = edge, above = edge;
                yield return edge;
                for (int ulps = 0; ulps < 3; ulps++)
                {
                    below = Math.BitDecrement(below);
                    above = Math.BitIncrement(above);
                    yield return below;
                    yield return above;
                }
            }
            yield return random.NextDouble() * times[^1];
        }
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void MatchesTheTable_AtEveryKindOfBoundary(double dt, int steps)
    {
        var times = TimeGrid.Times(steps, dt);
        var random = new System.Random(steps);
        int checkedTimes = 0;
        foreach (double te in Probes(times, dt, random))
        {
            long lowest = random.Next(4) == 0 ? random.Next(steps) : 0;
            Assert.Equal(Bisect(te, times, lowest, dt), TimeGrid.DeliveryStep(te, times, 0, lowest, dt));
            checkedTimes++;
        }
        Assert.True(checkedTimes > 100_000);
    }

    /// <summary>The answer from two table entries (the stimulus chunks' way) is the search's at and next to every boundary too.</summary>
    [Theory]
    [MemberData(nameof(Grids))]
    public void FromTheTable_MatchesTheTable_AtEveryKindOfBoundary(double dt, int steps)
    {
        var times = TimeGrid.Times(steps, dt);
        var random = new System.Random(steps + 1);
        foreach (double te in Probes(times, dt, random).Concat([0, -1, 0.5 * dt, times[^1] + dt]))
            Assert.Equal(Bisect(te, times, 0, dt), TimeGrid.DeliveryStepFromTable(te, times, dt, 1.0 / dt));
    }

    [Fact]
    public void WithATableThatStartsLater_IndexesFromItsBase()
    {
        const double dt = 0.025;
        var whole = TimeGrid.Times(300_000, dt);
        const long timeBase = 123_456;
        var chunk = whole.AsSpan((int)timeBase).ToArray();
        var random = new System.Random(7);
        foreach (double te in Probes(whole, dt, random))
        {
            if (te < whole[timeBase] - 0.5 * dt) continue;
            Assert.Equal(Bisect(te, whole, timeBase, dt), TimeGrid.DeliveryStep(te, chunk, timeBase, timeBase, dt));
        }
    }

    /// <summary>
    /// Away from the boundaries the answer comes from m*dt alone: a table of NaN (which fails every comparison)
    /// gives the same steps as the real one for times more than a hundredth of a step from t_m + dt/2 (the margin
    /// grows with m; at 2,000,000 steps it is under 0.002 steps).
    /// </summary>
    [Fact]
    public void AwayFromTheBoundaries_TheTableIsNotRead()
    {
        const double dt = 0.025;
        const int steps = 2_000_000;
        var times = TimeGrid.Times(steps, dt);
        var unread = new double[steps];
        Array.Fill(unread, double.NaN);
        var random = new System.Random(3);
        int decided = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double te = random.NextDouble() * times[^2];
            long m = Bisect(te, times, 0, dt);
            if (Math.Abs(te - (times[m] + 0.5 * dt)) < 1e-2 * dt || (m > 0 && Math.Abs(te - (times[m - 1] + 0.5 * dt)) < 1e-2 * dt)) continue;
            Assert.Equal(m, TimeGrid.DeliveryStep(te, unread, 0, 0, dt));
            decided++;
        }
        Assert.True(decided > 95_000);
    }

    [Fact]
    public void BeyondTheTable_IsNever()
    {
        var times = TimeGrid.Times(1000, 0.025);
        Assert.Equal(long.MaxValue, TimeGrid.DeliveryStep(times[^1] + 0.02, times, 0, 0, 0.025));
        Assert.Equal(999, TimeGrid.DeliveryStep(times[^1] + 0.0125, times, 0, 0, 0.025));
    }
}
