using NetDsl.Definition;
using NetDsl.Kernels.Fast;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The fast engine's vector kernel on its own: constants broadcast or loaded per cell give the same bits (a thread
/// split can turn one into the other), and it reports exactly the vectors of cells whose conditions changed.
/// </summary>
public class FastSomaKernelTests
{
    private const int Cells = 256;

    /// <summary>RS cells WATCH v &gt; vpeak (slope 0), LTS cells v &gt; vpeak - 0.1 u: both linear-recovery vector paths.</summary>
    public static TheoryData<int, double> CellTypes => new() { { 1, 0.0 }, { 4, -0.1 } };

    [Theory]
    [MemberData(nameof(CellTypes))]
    public void BroadcastAndPerCellConstantsGiveTheSameBits(int celltype, double watchSlope)
    {
        var parameters = Parameters(celltype);
        Assert.Equal(watchSlope, parameters.WatchSlope[0]);
        Assert.True(parameters.Uniform(0, Cells));
        var epochs = Epochs();
        var broadcast = ActiveState(parameters, seed: 5);
        var perCell = ActiveState(parameters, seed: 5);
        var (changedBroadcast, conditionsBroadcast) = (new int[Cells / 4], new uint[Cells / 4]);
        var (changedPerCell, conditionsPerCell) = (new int[Cells / 4], new uint[Cells / 4]);
        int reports = 0;
        for (int step = 0; step < 40; step++)
        {
            double delta = step == 0 ? 0.0125 : 0.025;
            int a = FastSomaKernel<double>.Step(parameters, broadcast, 0, Cells, uniform: true, delta, epochs.Decay(step), changedBroadcast, conditionsBroadcast);
            int b = FastSomaKernel<double>.Step(parameters, perCell, 0, Cells, uniform: false, delta, epochs.Decay(step), changedPerCell, conditionsPerCell);
            Assert.Equal(changedBroadcast.AsSpan(0, a).ToArray(), changedPerCell.AsSpan(0, b).ToArray());
            Assert.Equal(conditionsBroadcast.AsSpan(0, a).ToArray(), conditionsPerCell.AsSpan(0, b).ToArray());
            reports += a;
            Store(broadcast, changedBroadcast, conditionsBroadcast, a);
            Store(perCell, changedPerCell, conditionsPerCell, b);
        }
        Assert.Equal(broadcast.V.AsSpan().ToArray(), perCell.V.AsSpan().ToArray());
        Assert.Equal(broadcast.U.AsSpan().ToArray(), perCell.U.AsSpan().ToArray());
        Assert.True(reports > 0, "some cells should cross a line");
    }

    [Theory]
    [MemberData(nameof(CellTypes))]
    public void ReportsExactlyTheVectorsWhoseConditionsChanged(int celltype, double watchSlope)
    {
        var parameters = Parameters(celltype);
        Assert.Equal(watchSlope, parameters.WatchSlope[0]);
        var epochs = Epochs();
        var state = ActiveState(parameters, seed: 11);
        var changed = new int[Cells / 4];
        var conditions = new uint[Cells / 4];
        var reported = new HashSet<int>();
        for (int step = 0; step < 40; step++)
        {
            int count = FastSomaKernel<double>.Step(parameters, state, 0, Cells, uniform: true, 0.025, epochs.Decay(step), changed, conditions);
            for (int first = 0; first < Cells; first += 4)
            {
                uint expected = 0;
                for (int lane = 0; lane < 4; lane++)
                {
                    double v = state.V[first + lane];
                    if (v > parameters.Threshold[first + lane]) expected |= 1u << lane;
                    if (v > Math.FusedMultiplyAdd(parameters.WatchSlope[first + lane], state.U[first + lane], parameters.Vpeak[first + lane])) expected |= 1u << (4 + lane);
                }
                int at = Array.IndexOf(changed, first, 0, count);
                if (expected == state.Conditions[first / 4])
                {
                    Assert.True(at < 0, $"step {step}: vector {first} reported without a change");
                    continue;
                }
                Assert.True(at >= 0, $"step {step}: vector {first} changed unreported");
                Assert.Equal(expected, conditions[at]);
                for (uint lanes = state.ChangedLanes(first / 4, expected); lanes != 0; lanes &= lanes - 1)
                    reported.Add(first + System.Numerics.BitOperations.TrailingZeroCount(lanes));
            }
            Store(state, changed, conditions, count);
        }
        // The three resting cells with an out-of-date condition or voltage, and some of the cells drawn at random.
        Assert.Contains(2 * 32 + 6, reported);
        Assert.Contains(3 * 32 + 17, reported);
        Assert.Contains(4 * 32 + 29, reported);
        Assert.Contains(reported, cell => cell >= 5 * 32);
        Assert.DoesNotContain(reported, cell => cell < 2 * 32);
    }

    /// <summary>Stores the reported conditions, as the engine's checks do (without the resets).</summary>
    private static void Store(FastCellState<double> state, int[] changed, uint[] conditions, int count)
    {
        for (int c = 0; c < count; c++) state.Conditions[changed[c] / 4] = conditions[c];
    }

    private static FastCellParameters<double> Parameters(int celltype)
    {
        var cell = TestModels.Rs() with
        {
            Parameters = [.. TestModels.Rs().Parameters.Where(p => p.Name is not ("k" or "celltype")), new NamedValue("k", 0.7), new NamedValue("celltype", celltype)],
        };
        var definition = TestModels.Network(Cells, 0, duration: 1) with
        {
            Cells = [cell],
            Populations = [new PopulationDefinition("E", "RS", Cells)],
            StimSources = [], StimTargets = [], Connections = [], Records = [],
        };
        return FastCellParameters<double>.From(NetworkBuilder.Build(definition).Compiled);
    }

    /// <summary>The decay factors of the test network's exc and inh synapses.</summary>
    private static SynapseEpochs<double> Epochs() =>
        new(NetworkBuilder.Build(TestModels.Network(8, 2, duration: 1)).Compiled, kindStride: 2);

    /// <summary>
    /// Groups of 32 cells: two at rest; three at rest but for one cell whose stored threshold condition, stored
    /// WATCH condition or voltage (above threshold) is out of date; three with v between -80 and 40 mV, u and the
    /// conductances and stored conditions drawn at random.
    /// </summary>
    private static FastCellState<double> ActiveState(FastCellParameters<double> parameters, int seed)
    {
        var random = new System.Random(seed);
        var state = new FastCellState<double>(Cells, kinds: 2);
        const int chunk = 32;
        for (int i = 0; i < Cells; i++)
        {
            state.V[i] = parameters.Vr[i];
            state.SetConditions(i, false, false);
        }
        state.SetConditions(2 * chunk + 6, above: true, watch: false);
        state.SetConditions(3 * chunk + 17, above: false, watch: true);
        state.V[4 * chunk + 29] = 20;
        for (int i = 5 * chunk; i < Cells; i++)
        {
            state.V[i] = -80 + 120 * random.NextDouble();
            state.U[i] = -20 + 220 * random.NextDouble();
            state.SetConditions(i, random.Next(4) == 0, random.Next(4) == 0);
        }
        for (int i = 5 * chunk * 4; i < state.Synapses.Length; i++) state.Synapses[i] = 0.05 * random.NextDouble();
        return state;
    }
}
