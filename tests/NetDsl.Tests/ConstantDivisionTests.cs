using System.Runtime.Intrinsics;
using NetDsl.Kernels.Simd;

namespace NetDsl.Tests;

/// <summary>
/// Division by a constant as a product with two fused corrections (<see cref="ConstantDivision"/>) against the
/// division, bit for bit: NEURON's divisors and others that qualify, x over the whole range of doubles (random bit
/// patterns, values near powers of two and near the guard's limits, zeros, subnormals, infinities, NaN), scalar and
/// at both vector widths.
/// </summary>
public class ConstantDivisionTests
{
    private static IEnumerable<double> Numerators(int seed, int count)
    {
        var random = new System.Random(seed);
        double[] special =
        [
            0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, -double.MaxValue, double.PositiveInfinity, double.NegativeInfinity,
            double.NaN, 1e-270, -1e-270, 1e270, 9.99e-271, 1.0001e270, 1.0, -1.0, 0.001, 1000.0, 2.2250738585072014E-308,
        ];
        foreach (double x in special) yield return x;
        for (int i = 0; i < count; i++)
        {
            // Random bit patterns cover every exponent (subnormals, infinities and NaNs among them) ...
            yield return BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            // ... values of a simulation's magnitudes ...
            yield return (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            // ... and neighbours of powers of two, where the quotient's binade changes.
            double power = Math.ScaleB(1.0, random.Next(-1000, 1000));
            yield return random.Next(2) == 0 ? Math.BitIncrement(power) : Math.BitDecrement(power);
        }
    }

    public static TheoryData<double> Divisors => [1000.0, 0.001, 2.0, -0.5, -70.0, 31.831, 100.0];

    [Theory]
    [MemberData(nameof(Divisors))]
    public void GivesTheDivisionsBitsForEveryNumerator(double divisor)
    {
        Assert.True(ConstantDivision.Qualifies(divisor));
        double reciprocal = ConstantDivision.Reciprocal(divisor);
        var numerators = Numerators(divisor.GetHashCode(), 200_000).ToArray();
        foreach (double x in numerators)
            Assert.Equal(BitConverter.DoubleToInt64Bits(x / divisor), BitConverter.DoubleToInt64Bits(ConstantDivision.Divide(x, divisor, reciprocal)));

        var d4 = Vector256.Create(divisor); var y4 = Vector256.Create(reciprocal);
        var d8 = Vector512.Create(divisor); var y8 = Vector512.Create(reciprocal);
        for (int i = 0; i + 8 <= numerators.Length; i += 8)
        {
            var x8 = Vector512.Create(numerators.AsSpan(i, 8));
            var q8 = ConstantDivision.Divide(x8, d8, y8);
            var q4 = Vector512.Create(ConstantDivision.Divide(x8.GetLower(), d4, y4), ConstantDivision.Divide(x8.GetUpper(), d4, y4));
            Assert.Equal((x8 / d8).AsInt64(), q8.AsInt64());
            Assert.Equal((x8 / d8).AsInt64(), q4.AsInt64());
        }
        // Vectors whose lanes are all inside the guard's range take the fused path: compare those too.
        var inside = numerators.Where(x => Math.Abs(x) is >= 1e-270 and <= 1e270).ToArray();
        Assert.True(inside.Length > numerators.Length / 2);
        for (int i = 0; i + 8 <= inside.Length; i += 8)
        {
            var x8 = Vector512.Create(inside.AsSpan(i, 8));
            Assert.Equal((x8 / d8).AsInt64(), ConstantDivision.Divide(x8, d8, y8).AsInt64());
            Assert.Equal((x8.GetLower() / d4).AsInt64(), ConstantDivision.Divide(x8.GetLower(), d4, y4).AsInt64());
        }
    }

    [Fact]
    public void TheSomaStepWithThePivotAsAProductGivesTheDivisionsBits()
    {
        // The E/I benchmark's cells: uniform constants, so the end node's pivot is one constant; it qualifies.
        var net = NetDsl.Simulation.NetworkBuilder.Build(SimdEngineTests.BenchmarkModel(64)).Compiled;
        Assert.True(ConstantDivision.Qualifies(0.0 - net.AxialB2[0]));
        var parameters = new SomaParameters
        {
            K = net.K, Vr = net.Vr, Vt = net.Vt, A = net.A, B = net.B, C = net.C, Iin = net.Iin, Scale = net.Scale, CapTerm = net.CapTerm,
            AxialA1 = net.AxialA1, AxialB1 = net.AxialB1, AxialA2 = net.AxialA2, AxialB2 = net.AxialB2, EndFactor = net.EndFactor, EndProduct = net.EndProduct,
        };
        var results = new List<double[]>();
        foreach (bool product in new[] { true, false })
        {
            foreach (var width in new[] { NetDsl.Kernels.VectorWidth.W256, NetDsl.Kernels.VectorWidth.W512 })
            {
                var state = new SomaState { V0 = new double[64], V1 = (double[])net.Vr.Clone(), V2 = new double[64], U = new double[64], T0 = new double[64], SynA = [], SynB = [] };
                var run = new VectorRun
                {
                    FirstCell = 0, CellCount = 64, FirstSlot = 0, SlotsPerCell = 0, SlotKinds = [], UniformParameters = true, DivideByC = false,
                    PresummedCurrents = true, PivotByProduct = product,
                };
                var random = new System.Random(7);
                var rhs = new double[64];
                var diag = new double[64];
                for (int k = 0; k < 4000; k++)
                {
                    // Synaptic drive of different sizes per cell, so that cells spike and pass through every range of v.
                    for (int c = 0; c < 64; c++) { rhs[c] = random.NextDouble() * 0.02 * c; diag[c] = random.NextDouble() * 0.01; }
                    SomaVectorKernel.IntegratePresummedRun(run, parameters, state, rhs, diag, 0.0125 + 0.025 * k, width);
                    for (int c = 0; c < 64; c++)
                    {
                        if (state.V1[c] > 35) { state.V1[c] = -50; state.U[c] += 100; }
                    }
                }
                results.Add([.. state.V0, .. state.V1, .. state.V2, .. state.U]);
            }
        }
        Assert.Contains(results[0], v => v > 0);
        foreach (var result in results.Skip(1)) Assert.Equal(results[0], result);
    }

    [Fact]
    public void NeuronsDivisorsQualifyAndOthersAreChecked()
    {
        Assert.True(ConstantDivision.Qualifies(1000.0));
        Assert.True(ConstantDivision.Qualifies(0.001));
        Assert.True(ConstantDivision.Qualifies(2.0));
        // d·RN(1/d) − 1 is ±2^-54 for these: not below the limit, so they keep the division.
        Assert.False(ConstantDivision.Qualifies(3.0));
        Assert.False(ConstantDivision.Qualifies(10.0));
        Assert.False(ConstantDivision.Qualifies(0.025));
        Assert.False(ConstantDivision.Qualifies(0.0));
        Assert.False(ConstantDivision.Qualifies(double.NaN));
        Assert.False(ConstantDivision.Qualifies(1e300));
    }
}
