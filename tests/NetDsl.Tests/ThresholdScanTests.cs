using NetDsl.Kernels.Simd;

namespace NetDsl.Tests;

/// <summary>
/// The quiet checks that spare quiet cells the exact threshold and WATCH tests: the eight-cell skip against each cell's
/// single line gives the answer of the four-cell check (two differences compared with zero), including NaN and
/// infinite voltages and lines, and stops where a group is not quiet.
/// </summary>
public class ThresholdScanTests
{
    private static readonly double[] Special = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, 10.0, 35.0, 1e308, -1e308];

    /// <summary>A voltage, line or u: one time in four a special value (NaN, infinities, zeros, the tiniest, huge), else in [-50, 50).</summary>
    private static double Value(System.Random random) => random.Next(4) == 0 ? Special[random.Next(Special.Length)] : random.NextDouble() * 100 - 50;

    [Fact]
    public void TheEightCellCheckAgreesWithTheFourCellCheck()
    {
        var random = new System.Random(11);
        double Pick() => Value(random);
        int quiet = 0, loud = 0;
        for (int trial = 0; trial < 100_000; trial++)
        {
            var v = new double[8]; var threshold = new double[8]; var vpeak = new double[8];
            for (int i = 0; i < 8; i++) { v[i] = Pick(); threshold[i] = Pick(); vpeak[i] = Pick(); }
            // Mostly quiet groups (v below both lines), as in a network at rest, and some with a crossing.
            if (trial % 2 == 0)
                for (int i = 0; i < 8; i++) v[i] = Math.Min(v[i], Math.Min(threshold[i], vpeak[i]) - 1);
            var above = new bool[8]; var watch = new bool[8];
            bool four = ThresholdScan.IsQuiet(v, threshold, vpeak, above, watch, 0) && ThresholdScan.IsQuiet(v, threshold, vpeak, above, watch, 4);
            bool eight = ThresholdScan.SkipQuietOctets(v, ThresholdScan.QuietLines(threshold, vpeak), above, watch, [true], 0, 8) == 8;
            Assert.Equal(four, eight);
            if (four) quiet++; else loud++;
        }
        Assert.True(quiet > 10_000 && loud > 10_000, $"{quiet} quiet, {loud} not");
    }

    /// <summary>
    /// The lanes reported as changed are exactly the cells whose scalar conditions (Izhi2007b.Conditions with a plain
    /// WATCH, slope 0) differ from their stored flags, for NaN and infinite v, u and lines too.
    /// </summary>
    [Fact]
    public void ChangedLanesAreTheCellsWhoseScalarConditionsDifferFromTheirFlags()
    {
        var random = new System.Random(5);
        double Pick() => Value(random);
        int changed = 0, unchanged = 0;
        for (int trial = 0; trial < 100_000; trial++)
        {
            var v = new double[6]; var u = new double[6]; var threshold = new double[6]; var vpeak = new double[6];
            var above = new bool[6]; var watch = new bool[6];
            for (int i = 0; i < 6; i++)
            {
                v[i] = Pick(); u[i] = Pick(); threshold[i] = Pick(); vpeak[i] = Pick();
                above[i] = random.Next(2) == 0; watch[i] = random.Next(2) == 0;
            }
            int cell = trial % 3;
            uint expected = 0;
            for (int lane = 0; lane < 4; lane++)
            {
                var (isAbove, isWatch) = NetDsl.Kernels.Izhi2007b.Conditions(v[cell + lane], u[cell + lane], threshold[cell + lane], vpeak[cell + lane], 0.0);
                if (isAbove != above[cell + lane] || isWatch != watch[cell + lane]) expected |= 1u << lane;
            }
            Assert.Equal(expected, ThresholdScan.ChangedLanes(v, u, threshold, vpeak, above, watch, cell));
            changed += System.Numerics.BitOperations.PopCount(expected);
            unchanged += 4 - System.Numerics.BitOperations.PopCount(expected);
        }
        Assert.True(changed > 50_000 && unchanged > 50_000, $"{changed} changed, {unchanged} not");
    }

    [Fact]
    public void TheSkipStopsAtTheFirstGroupWithACrossingASetFlagOrAnotherWatch()
    {
        var v = new double[40]; var lines = new double[40];
        Array.Fill(v, -70.0); Array.Fill(lines, 10.0);
        var above = new bool[40]; var watch = new bool[40];
        bool[] plain = [true, true, true, true, true];
        Assert.Equal(40, ThresholdScan.SkipQuietOctets(v, lines, above, watch, plain, 0, 40));
        // The last cells outside a whole group are left to the caller.
        Assert.Equal(32, ThresholdScan.SkipQuietOctets(v, lines, above, watch, plain, 0, 39));
        watch[23] = true;
        Assert.Equal(16, ThresholdScan.SkipQuietOctets(v, lines, above, watch, plain, 0, 40));
        above[9] = true;
        Assert.Equal(8, ThresholdScan.SkipQuietOctets(v, lines, above, watch, plain, 0, 40));
        v[3] = 10.5;
        Assert.Equal(0, ThresholdScan.SkipQuietOctets(v, lines, above, watch, plain, 0, 40));
        v[3] = -70; above[9] = false; watch[23] = false; plain[3] = false;
        Assert.Equal(24, ThresholdScan.SkipQuietOctets(v, lines, above, watch, plain, 0, 40));
    }
}
