using NetDsl.Kernels.Simd;

namespace NetDsl.Tests;

/// <summary>
/// The quiet checks that spare quiet cells the exact threshold and WATCH tests: the eight-cell check against each
/// cell's single line gives the answer of the four-cell check (two differences compared with zero), including NaN and
/// infinite voltages and lines.
/// </summary>
public class ThresholdScanTests
{
    [Fact]
    public void TheEightCellCheckAgreesWithTheFourCellCheck()
    {
        var random = new System.Random(11);
        double[] special = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, 10.0, 35.0, 1e308, -1e308];
        double Pick() => random.Next(4) == 0 ? special[random.Next(special.Length)] : random.NextDouble() * 100 - 50;
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
            bool eight = ThresholdScan.IsQuiet8(v, ThresholdScan.QuietLines(threshold, vpeak), above, watch, 0);
            Assert.Equal(four, eight);
            if (four) quiet++; else loud++;
        }
        Assert.True(quiet > 10_000 && loud > 10_000, $"{quiet} quiet, {loud} not");
    }

    [Fact]
    public void ASetFlagIsNeverQuiet()
    {
        var v = new double[8]; var lines = new double[8];
        Array.Fill(v, -70.0); Array.Fill(lines, 10.0);
        var above = new bool[8]; var watch = new bool[8];
        Assert.True(ThresholdScan.IsQuiet8(v, lines, above, watch, 0));
        watch[7] = true;
        Assert.False(ThresholdScan.IsQuiet8(v, lines, above, watch, 0));
        watch[7] = false; above[0] = true;
        Assert.False(ThresholdScan.IsQuiet8(v, lines, above, watch, 0));
    }
}
