using NetDsl.Definition;
using NetDsl.Kernels.Fast;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// The fast engine's vector kernel on its own: constants broadcast or loaded per cell give the same bits (a thread
/// split can turn one into the other), and no chunk whose conditions changed goes unreported.
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
        var flaggedBroadcast = new int[Cells];
        var flaggedPerCell = new int[Cells];
        int flaggedSteps = 0;
        for (int step = 0; step < 40; step++)
        {
            double delta = step == 0 ? 0.0125 : 0.025;
            int a = FastSomaKernel<double>.Step(parameters, broadcast, 0, Cells, uniform: true, delta, epochs.Decay(step), flaggedBroadcast);
            int b = FastSomaKernel<double>.Step(parameters, perCell, 0, Cells, uniform: false, delta, epochs.Decay(step), flaggedPerCell);
            Assert.Equal(flaggedBroadcast.AsSpan(0, a).ToArray(), flaggedPerCell.AsSpan(0, b).ToArray());
            if (a > 0) flaggedSteps++;
        }
        Assert.Equal(broadcast.V, perCell.V);
        Assert.Equal(broadcast.U, perCell.U);
        Assert.True(flaggedSteps > 0, "some cells should cross a line");
    }

    [Theory]
    [MemberData(nameof(CellTypes))]
    public void EveryChunkWithAChangedConditionIsReported(int celltype, double watchSlope)
    {
        var parameters = Parameters(celltype);
        Assert.Equal(watchSlope, parameters.WatchSlope[0]);
        var epochs = Epochs();
        var state = ActiveState(parameters, seed: 11);
        var flagged = new int[Cells];
        var changed = new int[Cells];
        int chunk = FastSomaKernel<double>.ChunkCells;
        int quietChunks = 0, changedChunks = 0;
        for (int step = 0; step < 40; step++)
        {
            int count = FastSomaKernel<double>.Step(parameters, state, 0, Cells, uniform: true, 0.025, epochs.Decay(step), flagged);
            var reported = flagged.AsSpan(0, count).ToArray();
            for (int from = 0; from < Cells; from += chunk)
            {
                bool changes = FastSomaKernel<double>.ChangedCells(parameters, state, from, from + chunk, changed) > 0;
                if (changes) changedChunks++;
                if (changes) Assert.Contains(from, reported);
                if (!reported.Contains(from)) quietChunks++;
            }
            // Store the conditions found, as the engine's checks do.
            for (int i = 0; i < Cells; i++)
            {
                double v = state.V[i];
                state.SetConditions(i, v > parameters.Threshold[i], v > Math.FusedMultiplyAdd(parameters.WatchSlope[i], state.U[i], parameters.Vpeak[i]));
            }
        }
        Assert.True(changedChunks > 0, "some conditions should change");
        Assert.True(quietChunks > 0, "chunks of resting cells should not be reported");
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
    /// Chunks of 32 cells: two at rest; three at rest but for one cell whose stored threshold condition, stored
    /// WATCH condition or voltage (above threshold) is out of date; three with v between -80 and 40 mV, u and the
    /// conductances and stored conditions drawn at random.
    /// </summary>
    private static FastCellState<double> ActiveState(FastCellParameters<double> parameters, int seed)
    {
        var random = new System.Random(seed);
        var state = new FastCellState<double>(Cells, kinds: 2);
        int chunk = FastSomaKernel<double>.ChunkCells;
        Assert.Equal(32, chunk);
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
