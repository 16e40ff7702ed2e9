using NetDsl.Kernels;

namespace NetDsl.Tests;

/// <summary>The per-connection Exp2Syn step gives the bits of NEURON's slot-by-slot loop, whatever the kinds.</summary>
public class Exp2SynSlotsTests
{
    [Theory]
    [InlineData(0, 13, 1)]   // one kind: the broadcast path and a tail
    [InlineData(3, 40, 2)]   // kinds mixed within vectors
    [InlineData(5, 6, 3)]    // shorter than a vector
    public void VectorStepEqualsTheScalarLoopBitForBit(int from, int to, int kinds)
    {
        var random = new System.Random(from * 31 + to);
        int n = 2 * to + 5;  // room for a second cell's slots [to, n)
        var a = new double[n]; var b = new double[n]; var slotKind = new int[n];
        for (int s = 0; s < n; s++)
        {
            a[s] = random.NextDouble() * 0.01;
            b[s] = a[s] + random.NextDouble() * 0.01;
            slotKind[s] = kinds == 1 ? 0 : random.Next(kinds);
        }
        double[] kindE = [0, -70, 10], decayA = [1 - Math.Exp(-0.025), 1 - Math.Exp(-0.0125), 0.3], decayB = [1 - Math.Exp(-0.005), 1 - Math.Exp(-0.0025), 0.1];
        double v = -61.234567, scale = 0.3183098861837907;

        // NEURON's loop: each slot's current and slope added in order, then the cnexp decay.
        var expectedA = (double[])a.Clone(); var expectedB = (double[])b.Clone();
        double expectedRhs = 0.5, expectedDiag = 2.5;
        for (int s = from; s < to; s++)
        {
            int kind = slotKind[s];
            double g = expectedB[s] - expectedA[s];
            double iPlus = g * ((v + 0.001) - kindE[kind]);
            double iNow = g * (v - kindE[kind]);
            expectedRhs -= iNow * scale;
            expectedDiag += (iPlus - iNow) / 0.001 * scale;
            expectedA[s] += decayA[kind] * (0.0 - expectedA[s]);
            expectedB[s] += decayB[kind] * (0.0 - expectedB[s]);
        }

        var single = new Exp2SynSlots.Slots((double[])a.Clone(), (double[])b.Clone(), slotKind, kindE, decayA, decayB);
        double rhs = 0.5, diag = 2.5;
        Exp2SynSlots.Step(single, from, to, v, scale, ref rhs, ref diag);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expectedRhs), BitConverter.DoubleToInt64Bits(rhs));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expectedDiag), BitConverter.DoubleToInt64Bits(diag));
        Assert.Equal(expectedA, single.A);
        Assert.Equal(expectedB, single.B);

        // Side by side with another cell (slots [to, n), another v): the same bits for this one.
        var paired = new Exp2SynSlots.Slots((double[])a.Clone(), (double[])b.Clone(), slotKind, kindE, decayA, decayB);
        double rhsA = 0.5, diagA = 2.5, rhsB = 0, diagB = 0;
        Exp2SynSlots.StepPair(paired, from, to, v, scale, ref rhsA, ref diagA, to, n, -50.5, 0.9, ref rhsB, ref diagB);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expectedRhs), BitConverter.DoubleToInt64Bits(rhsA));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expectedDiag), BitConverter.DoubleToInt64Bits(diagA));
        Assert.Equal(expectedA.AsSpan(from, to - from).ToArray(), paired.A.AsSpan(from, to - from).ToArray());
        Assert.Equal(expectedB.AsSpan(from, to - from).ToArray(), paired.B.AsSpan(from, to - from).ToArray());
    }
}
