using NetDsl.Kernels.Simd;

namespace NetDsl.Tests;

/// <summary>
/// The vector soma kernel against a scalar transcription of the engine's step (same operations, one cell at a
/// time): every v0/v1/v2/u/A/B bit must agree over many steps of random, realistic states.
/// </summary>
public class SimdSomaTests
{
    private const int Cells = 68;   // eight-cell groups plus one group of four
    private const int SlotsPerCell = 2;
    private static readonly double[] KindE = [0, -70];
    private static readonly double[] DecayA = [1 - Math.Exp(0.025 * (-1.0 / 1)), 1 - Math.Exp(0.025 * (-1.0 / 2))];
    private static readonly double[] DecayB = [1 - Math.Exp(0.025 * (-1.0 / 5)), 1 - Math.Exp(0.025 * (-1.0 / 10))];

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    [InlineData(true, true, false)]
    public void VectorStepIsBitIdenticalToTheScalarStep(bool uniform, bool fuseDecay, bool divideByC)
    {
        var random = new System.Random(uniform ? 17 : 23);
        var parameters = Parameters(random, uniform);
        if (!divideByC) Assert.All(parameters.C, c => Assert.Equal(1.0, c));
        else if (!uniform) Assert.Contains(parameters.C, c => c != 1.0);
        var vector = RandomState(new System.Random(5));
        var scalar = RandomState(new System.Random(5));
        int[] slotKind = new int[Cells * SlotsPerCell];
        for (int s = 0; s < slotKind.Length; s++) slotKind[s] = 1 - s % 2;   // [inh, exc] per cell, as aggregated slots
        var run = new VectorRun
        {
            FirstCell = 0, CellCount = Cells, FirstSlot = 0, SlotsPerCell = SlotsPerCell, SlotKinds = [1, 0], UniformParameters = uniform, DivideByC = divideByC,
        };

        double t = 0;
        int spikes = 0;
        const double dt = 0.025;
        for (int step = 0; step < 2000; step++)
        {
            // Kick a few synapses now and then, as event delivery would.
            if (step % 37 == 0)
            {
                int s = random.Next(slotKind.Length);
                double inc = random.NextDouble() * 0.02;
                vector.SynA[s] += inc; vector.SynB[s] += inc;
                scalar.SynA[s] += inc; scalar.SynB[s] += inc;
            }
            double tmid = t + 0.5 * dt;
            double vectorCheck = SomaVectorKernel.IntegrateRun(run, parameters, vector, KindE, tmid, fuseDecay ? DecayA : null, fuseDecay ? DecayB : null);
            if (!fuseDecay) Decay(vector, slotKind);
            double scalarCheck = ScalarStep(parameters, scalar, slotKind, tmid);
            Decay(scalar, slotKind);
            t = tmid + 0.5 * dt;

            AssertSameBits(scalar.V0, vector.V0, "v0", step);
            AssertSameBits(scalar.V1, vector.V1, "v1", step);
            AssertSameBits(scalar.V2, vector.V2, "v2", step);
            AssertSameBits(scalar.U, vector.U, "u", step);
            AssertSameBits(scalar.SynA, vector.SynA, "A", step);
            AssertSameBits(scalar.SynB, vector.SynB, "B", step);
            Assert.True(double.IsFinite(vectorCheck) && double.IsFinite(scalarCheck));
            spikes += Reset(vector) + Reset(scalar);
        }
        // The states moved through spikes and resets: the comparison was not between resting constants.
        Assert.True(spikes > 20, $"only {spikes} resets");
    }

    [Fact]
    public void PlanGroupsWholeVectorsOfEqualSlotPatternsAndLeavesTheRestScalar()
    {
        // Cells 0-4: 2 slots [1,0]; cell 5: 1 slot; cells 6-13: 2 slots [1,0]; cell 9 ineligible (e.g. an IClamp).
        int[] counts = [2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2];
        var slotStart = new int[counts.Length + 1];
        var kinds = new List<int>();
        for (int i = 0; i < counts.Length; i++)
        {
            slotStart[i] = kinds.Count;
            if (counts[i] == 2) kinds.AddRange([1, 0]);
            else kinds.Add(0);
        }
        slotStart[counts.Length] = kinds.Count;
        var parameters = Parameters(new System.Random(1), uniform: true, cells: counts.Length);
        var plan = VectorRunPlan.Create(counts.Length, slotStart, kinds.ToArray(), i => i != 9, parameters);

        Assert.Equal(2, plan.Runs.Length);
        Assert.Equal((0, 4, 0), (plan.Runs[0].FirstCell, plan.Runs[0].CellCount, plan.Runs[0].FirstSlot));
        Assert.Equal((10, 4, slotStart[10]), (plan.Runs[1].FirstCell, plan.Runs[1].CellCount, plan.Runs[1].FirstSlot));
        Assert.Equal([4, 5, 6, 7, 8, 9], plan.ScalarCells);
        Assert.True(plan.Runs[0].UniformParameters);
        Assert.Equal([1, 0], plan.Runs[0].SlotKinds);
    }

    [Fact]
    public void ParametersThatDifferInOneCellAreNotBroadcast()
    {
        var parameters = Parameters(new System.Random(1), uniform: true, cells: 8);
        Assert.True(parameters.AreUniform(0, 8));
        parameters.K[6] = 0.71;
        Assert.False(parameters.AreUniform(0, 8));
        Assert.True(parameters.AreUniform(0, 6));
    }

    private static void AssertSameBits(double[] expected, double[] actual, string name, int step)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{name}[{i}] differs at step {step}: scalar {expected[i]:R}, vector {actual[i]:R}");
        }
    }

    private static SomaParameters Parameters(System.Random random, bool uniform, int cells = Cells)
    {
        double[] Fill(double value, double spread)
        {
            var values = new double[cells];
            for (int i = 0; i < cells; i++) values[i] = uniform ? value : value + spread * (random.NextDouble() - 0.5);
            return values;
        }
        double dt = 0.025;
        var diam = Fill(10, 4);
        int n = cells;
        var p = new SomaParameters
        {
            K = Fill(0.7, 0.1), Vr = Fill(-60, 2), Vt = Fill(-40, 2), A = Fill(0.03, 0.01), B = Fill(-2, 0.5), C = Fill(1, 0.4),
            Iin = Fill(0, 0), Scale = new double[n], CapTerm = new double[n], AxialA1 = new double[n], AxialB1 = new double[n],
            AxialA2 = new double[n], AxialB2 = new double[n], EndFactor = new double[n], EndProduct = new double[n],
        };
        for (int i = 0; i < n; i++)
        {
            // The builder's geometry arithmetic for an nseg=1 cylinder, L 10, cm 31.831, Ra 35.4.
            double length = 10, cm = 31.831, ra = 35.4;
            double area = Math.PI * diam[i] * length;
            double rLeft = 1e-2 * ra * (length / 2) / (Math.PI * diam[i] * diam[i] / 4.0);
            double rinv = 1.0 / (rLeft + 0.0);
            p.AxialA1[i] = -1e2 * 1.0 * rinv / 1e2;
            p.AxialB1[i] = -1e2 * rinv / area;
            p.AxialA2[i] = -1e2 * rinv / area;
            p.AxialB2[i] = -1e2 * rinv / 1e2;
            p.EndFactor[i] = p.AxialA2[i] / (0.0 - p.AxialB2[i]);
            p.EndProduct[i] = p.EndFactor[i] * p.AxialB2[i];
            p.Scale[i] = 1e2 / area;
            p.CapTerm[i] = 0.001 * (1.0 / dt) * cm;
        }
        return p;
    }

    private static SomaState RandomState(System.Random random)
    {
        var state = new SomaState
        {
            V0 = new double[Cells], V1 = new double[Cells], V2 = new double[Cells], U = new double[Cells], T0 = new double[Cells],
            SynA = new double[Cells * SlotsPerCell], SynB = new double[Cells * SlotsPerCell],
        };
        for (int i = 0; i < Cells; i++)
        {
            state.V1[i] = -75 + 50 * random.NextDouble();
            state.V0[i] = -65;
            state.V2[i] = -65;
            state.U[i] = -20 + 60 * random.NextDouble();
        }
        for (int s = 0; s < state.SynA.Length; s++)
        {
            state.SynB[s] = 0.02 * random.NextDouble();
            state.SynA[s] = state.SynB[s] * random.NextDouble();
        }
        return state;
    }

    /// <summary>The WATCH reset of an RS cell (v = c, u += d), as the threshold phase applies it.</summary>
    private static int Reset(SomaState s)
    {
        int count = 0;
        for (int i = 0; i < Cells; i++)
        {
            if (s.V1[i] - 35 > 0)
            {
                s.V1[i] = -50;
                s.U[i] = s.U[i] + 100;
                count++;
            }
        }
        return count;
    }

    private static void Decay(SomaState s, int[] slotKind)
    {
        for (int j = 0; j < s.SynA.Length; j++)
        {
            int kind = slotKind[j];
            double x = s.SynA[j];
            s.SynA[j] = x + DecayA[kind] * (0.0 - x);
            double y = s.SynB[j];
            s.SynB[j] = y + DecayB[kind] * (0.0 - y);
        }
    }

    /// <summary>The engine's per-cell arithmetic (linear recovery, no IClamp), one cell at a time.</summary>
    private static double ScalarStep(SomaParameters p, SomaState st, int[] slotKind, double tmid)
    {
        double check = 0;
        for (int i = 0; i < Cells; i++)
        {
            double v = st.V1[i];
            double sc = p.Scale[i];
            double rhs = 0.0, diag = 0.0;
            for (int s = i * SlotsPerCell; s < (i + 1) * SlotsPerCell; s++)
            {
                double g = st.SynB[s] - st.SynA[s];
                double e = KindE[slotKind[s]];
                double iPlus = g * ((v + 0.001) - e);
                double iNow = g * (v - e);
                double gSlope = (iPlus - iNow) / 0.001;
                rhs -= iNow * sc;
                diag += gSlope * sc;
            }
            double vp = v + 0.001;
            double ui = st.U[i];
            double delta = tmid - st.T0[i];
            ui = ui + delta * p.A[i] * (p.B[i] * (vp - p.Vr[i]) - ui);
            st.T0[i] = tmid;
            st.U[i] = ui;
            double iIzhPlus = -(p.K[i] * (vp - p.Vr[i]) * (vp - p.Vt[i]) - ui + p.Iin[i]) / p.C[i] / 1000;
            double iIzh = -(p.K[i] * (v - p.Vr[i]) * (v - p.Vt[i]) - ui + p.Iin[i]) / p.C[i] / 1000;
            double gIzh = (iIzhPlus - iIzh) / 0.001;
            rhs -= iIzh * sc;
            diag += gIzh * sc;
            diag += p.CapTerm[i];
            double r0 = st.V0[i], r2 = st.V2[i];
            double a1 = p.AxialA1[i], b1 = p.AxialB1[i], a2 = p.AxialA2[i], b2 = p.AxialB2[i];
            double dv1 = r0 - v;
            rhs -= b1 * dv1;
            double rhs0 = 0.0 + a1 * dv1;
            double dv2 = v - r2;
            double rhs2 = 0.0 - b2 * dv2;
            rhs += a2 * dv2;
            diag -= b1;
            double d0 = 0.0 - a1;
            double d2 = 0.0 - b2;
            diag -= a2;
            double f = p.EndFactor[i];
            diag -= p.EndProduct[i];
            rhs -= f * rhs2;
            f = a1 / diag;
            d0 -= f * b1;
            rhs0 -= f * rhs;
            rhs0 /= d0;
            rhs -= b1 * rhs0;
            rhs /= diag;
            rhs2 -= b2 * rhs;
            rhs2 /= d2;
            st.V0[i] = r0 + rhs0;
            double vNew = v + rhs;
            st.V1[i] = vNew;
            st.V2[i] = r2 + rhs2;
            check += vNew + ui;
        }
        return check;
    }
}
