using System.Numerics;
using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Kernels.Fast;
using NetDsl.Simulation;
using Xunit.Abstractions;

namespace NetDsl.Tests;

/// <summary>
/// The fast engine's soma kernel at 256 and 512 bits (<see cref="VectorWidth"/>): the same operations per lane,
/// so the same spikes, resets and traces bit for bit. Where the CPU has no AVX-512 a forced W512 runs at 256 bits
/// (and the run says so through its width): the comparisons then still run, and still hold.
/// </summary>
public class VectorWidthTests(ITestOutputHelper output)
{
    public static TheoryData<string, SimulationPrecision> Models()
    {
        var data = new TheoryData<string, SimulationPrecision>();
        foreach (var name in new[] { "A_single", "B_network", "C_inhib", "benchmark" })
        {
            data.Add(name, SimulationPrecision.Fast);
            data.Add(name, SimulationPrecision.Single);
        }
        return data;
    }

    private static NetworkDefinition Model(string name)
    {
        // The tutorial models with traces of v, u and the conductances of every cell; the E/I benchmark (2,000
        // cells, 200 ms) with those of a few cells.
        var definition = name == "benchmark" ? SimdEngineTests.BenchmarkModel(2000, duration: 200) : ReferenceCases.Get(name);
        var cells = name == "benchmark" ? CellSelector.ForGids(0, 1, 5, 1599, 1600, 1999) : CellSelector.All;
        return definition with
        {
            Records =
            [
                .. definition.Records,
                new RecordDefinition("v_all", RecordVariable.V, null, cells),
                new RecordDefinition("u_all", RecordVariable.U, null, cells),
                .. definition.Synapses.Select(synapse => new RecordDefinition("g_" + synapse.Name, RecordVariable.G, synapse.Name, cells)),
            ],
        };
    }

    private static (SimulationResult Result, VectorWidth Width) Run(Network network, SimulationPrecision precision, VectorWidth width)
    {
        var options = new RunOptions { Precision = precision, Threads = 1, VectorWidth = width };
        if (precision == SimulationPrecision.Single)
        {
            var single = new FastSimulator<float>(network);
            return (single.Run(options), single.Width);
        }
        var fast = new FastSimulator<double>(network);
        return (fast.Run(options), fast.Width);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void BothWidthsGiveTheSameSpikesAndTraces(string name, SimulationPrecision precision)
    {
        var network = NetworkBuilder.Build(Model(name));
        var (narrow, narrowWidth) = Run(network, precision, VectorWidth.W256);
        var (wide, wideWidth) = Run(network, precision, VectorWidth.W512);
        Assert.Equal(VectorWidth.W256, narrowWidth);
        Assert.Equal(VectorWidths.Supports512 ? VectorWidth.W512 : VectorWidth.W256, wideWidth);
        if (wideWidth != VectorWidth.W512) output.WriteLine("No AVX-512 here: the forced 512-bit run fell back to 256 bits.");

        Assert.True(narrow.SpikeTimes.Length > 0, "the model should fire");
        Assert.Equal(narrow.SpikeGids, wide.SpikeGids);
        Assert.Equal(Bits(narrow.SpikeTimes), Bits(wide.SpikeTimes));
        Assert.Equal(narrow.ResetGids, wide.ResetGids);
        Assert.Equal(Bits(narrow.ResetTimes), Bits(wide.ResetTimes));
        Assert.Equal(narrow.Traces.Count, wide.Traces.Count);
        Assert.True(narrow.Traces.Count > 0, "the model should record traces");
        for (int t = 0; t < narrow.Traces.Count; t++)
        {
            Assert.Equal(narrow.Traces[t].Name, wide.Traces[t].Name);
            Assert.Equal(narrow.Traces[t].Gid, wide.Traces[t].Gid);
            Assert.Equal(Bits(narrow.Traces[t].Values), Bits(wide.Traces[t].Values));
        }
        output.WriteLine($"{name} {precision}: {narrow.SpikeTimes.Length} spikes, {narrow.Traces.Count} traces, widths {narrowWidth} and {wideWidth}");
    }

    public static TheoryData<string> ExactModels => new("A_single", "B_network", "C_inhib", "benchmark");

    /// <summary>The exact engine's vector step at four and eight lanes: NEURON's bits either way, so the same results.</summary>
    [Theory]
    [MemberData(nameof(ExactModels))]
    public void ExactEngineGivesTheSameBitsAtBothWidths(string name)
    {
        var definition = Model(name);
        if (name == "benchmark") definition = definition with { Simulation = definition.Simulation with { Duration = 100 } };
        var network = NetworkBuilder.Build(definition);
        var narrow = network.Run(new RunOptions { Precision = SimulationPrecision.Exact, Threads = 1, VectorWidth = VectorWidth.W256 });
        var wide = network.Run(new RunOptions { Precision = SimulationPrecision.Exact, Threads = 1, VectorWidth = VectorWidth.W512 });
        Assert.Equal(SimulationPrecision.Exact, wide.Precision);
        Assert.True(narrow.SpikeTimes.Length > 0, "the model should fire");
        Assert.Equal(narrow.SpikeGids, wide.SpikeGids);
        Assert.Equal(Bits(narrow.SpikeTimes), Bits(wide.SpikeTimes));
        Assert.Equal(narrow.Traces.Count, wide.Traces.Count);
        for (int t = 0; t < narrow.Traces.Count; t++) Assert.Equal(Bits(narrow.Traces[t].Values), Bits(wide.Traces[t].Values));
        if (!VectorWidths.Supports512) output.WriteLine("No AVX-512 here: the forced 512-bit run fell back to four lanes.");
    }

    [Fact]
    public void ForcedWidthsResolveToWhatTheHardwareRuns()
    {
        Assert.Equal(VectorWidth.W256, VectorWidths.Resolve(VectorWidth.W256));
        Assert.Equal(VectorWidths.Supports512 ? VectorWidth.W512 : VectorWidth.W256, VectorWidths.Resolve(VectorWidth.W512));
        Assert.NotEqual(VectorWidth.Auto, VectorWidths.Resolve(VectorWidth.Auto));
        output.WriteLine($"AVX-512: {VectorWidths.Supports512}; Auto runs at {VectorWidths.Resolve(VectorWidth.Auto)}");
    }

    /// <summary>
    /// The 512-bit loop's masks over a pair of vectors become the two vectors' entries as the 256-bit loop and
    /// <see cref="FastCellState{T}.Conditions"/> hold them: bit lane for the threshold, bit Lanes + lane for the WATCH.
    /// </summary>
    [Fact]
    public void PairConditionsAreEachVectorsEntry()
    {
        // The 512-bit loop runs only with BMI2 (every AVX-512 CPU has it).
        if (!System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported)
        {
            output.WriteLine("No BMI2 here: the 512-bit loop does not run.");
            return;
        }
        PairConditions<double>();
        PairConditions<float>();
    }

    private static void PairConditions<T>() where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = FastSomaKernel<T>.Lanes;
        var random = new System.Random(11);
        for (int round = 0; round < 1000; round++)
        {
            ulong above = (ulong)random.NextInt64() & ((1ul << (2 * lanes)) - 1);
            ulong watch = (ulong)random.NextInt64() & ((1ul << (2 * lanes)) - 1);
            var entries = new uint[2];
            for (int cell = 0; cell < 2 * lanes; cell++)
            {
                int lane = cell % lanes;
                if ((above >> cell & 1) != 0) entries[cell / lanes] |= 1u << lane;
                if ((watch >> cell & 1) != 0) entries[cell / lanes] |= 1u << (lanes + lane);
            }
            Assert.Equal(entries[0] | (ulong)entries[1] << 32, FastSomaKernel<T>.PairConditionBits(above, watch));
        }
    }

    public static TheoryData<int, bool, int> KernelCases()
    {
        var data = new TheoryData<int, bool, int>();
        foreach (int kinds in new[] { 1, 2, 3 })
        {
            foreach (bool uniform in new[] { true, false })
            {
                // An even and an odd number of 256-bit vectors (the odd last one runs at 256 bits in a 512-bit run).
                data.Add(kinds, uniform, 0);
                data.Add(kinds, uniform, 1);
            }
        }
        return data;
    }

    /// <summary>
    /// The kernel alone on active cells (per-cell or shared constants, 1 to 3 kinds): the same bits and reports at
    /// 256 bits on a state grouped by 256-bit vectors, at 512 bits on one grouped by 512-bit vectors, and at 256 bits
    /// on one grouped by 512-bit vectors (a run forced to 256 bits on a machine with AVX-512).
    /// </summary>
    [Theory]
    [MemberData(nameof(KernelCases))]
    public void KernelGivesTheSameBitsAtBothWidths(int kinds, bool uniform, int odd)
    {
        KernelAtBothWidths<double>(kinds, uniform, odd);
        KernelAtBothWidths<float>(kinds, uniform, odd);
    }

    private static void KernelAtBothWidths<T>(int kinds, bool uniform, int odd) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = FastSomaKernel<T>.Lanes;
        int cells = 64 * lanes;
        // A range from the second vector (inside a 512-bit group), ending an odd or even number of vectors later.
        int from = lanes, to = cells - (odd == 1 ? 2 * lanes : lanes);
        var parameters = Parameters<T>(cells, kinds, uniform, seed: 3);
        var wideWidth = VectorWidths.Resolve(VectorWidth.W512);
        var runs = new (FastCellState<T> State, VectorWidth Width)[]
        {
            (State<T>(parameters, kinds, seed: 7, lanes), VectorWidth.W256),
            (State<T>(parameters, kinds, seed: 7, FastCellState<T>.GroupLanesFor(wideWidth)), wideWidth),
            (State<T>(parameters, kinds, seed: 7, 2 * lanes), VectorWidth.W256),
        };
        var random = new System.Random(9);
        var decay = new T[2 * runs[0].State.KindStride];
        int vectors = cells / lanes;
        var changed = runs.Select(_ => new int[vectors]).ToArray();
        var conditions = runs.Select(_ => new uint[vectors]).ToArray();
        int reports = 0;
        for (int step = 0; step < 60; step++)
        {
            for (int k = 0; k < decay.Length; k += 2)
            {
                decay[k] = T.CreateTruncating(0.5 + 0.4 * random.NextDouble());
                decay[k + 1] = T.CreateTruncating(0.9 + 0.1 * random.NextDouble());
            }
            T delta = T.CreateTruncating(step == 0 ? 0.0125 : 0.025);
            var counts = new int[runs.Length];
            for (int r = 0; r < runs.Length; r++)
            {
                var (state, width) = runs[r];
                counts[r] = FastSomaKernel<T>.Step(parameters, state, from, to, uniform, delta, decay, changed[r], conditions[r], width);
                for (int c = 0; c < counts[r]; c++) state.Conditions[changed[r][c] / lanes] = conditions[r][c];
            }
            for (int r = 1; r < runs.Length; r++)
            {
                Assert.Equal(changed[0].AsSpan(0, counts[0]).ToArray(), changed[r].AsSpan(0, counts[r]).ToArray());
                Assert.Equal(conditions[0].AsSpan(0, counts[0]).ToArray(), conditions[r].AsSpan(0, counts[r]).ToArray());
                Assert.Equal(runs[0].State.V.AsSpan().ToArray(), runs[r].State.V.AsSpan().ToArray());
                Assert.Equal(runs[0].State.U.AsSpan().ToArray(), runs[r].State.U.AsSpan().ToArray());
            }
            reports += counts[0];
        }
        Assert.True(reports > 0, "some cells should cross a line");
    }

    /// <summary>The end of a decay epoch scales every synapse value of the range alike in both groupings.</summary>
    [Fact]
    public void RescalingGivesTheSameValuesInBothGroupings()
    {
        const int kinds = 3;
        int lanes = FastSomaKernel<double>.Lanes;
        int cells = 16 * lanes + 1;
        var parameters = Parameters<double>(cells, kinds, uniform: true, seed: 3);
        var narrow = State<double>(parameters, kinds, seed: 5, lanes);
        var wide = State<double>(parameters, kinds, seed: 5, 2 * lanes);
        var decay = Enumerable.Range(0, 2 * narrow.KindStride).Select(k => 0.5 + 0.01 * k).ToArray();
        // From the second group to the end: the first group's values stay as they were.
        FastSomaKernel<double>.Rescale(narrow, 2 * lanes, cells, decay);
        FastSomaKernel<double>.Rescale(wide, 2 * lanes, cells, decay);
        int changedValues = 0;
        for (int cell = 0; cell < cells; cell++)
        {
            for (int kind = 0; kind < kinds; kind++)
            {
                int a = narrow.IndexOfA(kind, cell), b = wide.IndexOfA(kind, cell);
                Assert.Equal(narrow.Synapses[a], wide.Synapses[b]);
                Assert.Equal(narrow.Synapses[a + narrow.GroupLanes], wide.Synapses[b + wide.GroupLanes]);
                Assert.Equal(narrow.Conductance(kind, cell, decay), wide.Conductance(kind, cell, decay));
                if (cell >= 2 * lanes) changedValues++;
            }
        }
        var untouched = State<double>(parameters, kinds, seed: 5, lanes);
        Assert.Equal(untouched.Synapses[untouched.IndexOfA(1, 3)], narrow.Synapses[narrow.IndexOfA(1, 3)]);
        Assert.NotEqual(untouched.Synapses[untouched.IndexOfA(1, 2 * lanes)], narrow.Synapses[narrow.IndexOfA(1, 2 * lanes)]);
        Assert.True(changedValues > 0);
    }

    private static FastCellParameters<T> Parameters<T>(int cells, int kinds, bool uniform, int seed) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        T[] Values(double value, double spread)
        {
            var values = new T[cells];
            for (int i = 0; i < cells; i++) values[i] = T.CreateTruncating(uniform ? value : value * (1 + spread * (random.NextDouble() - 0.5)));
            return values;
        }
        double c = 1, k = 0.7, vr = -60, vt = -40, area = Math.PI * 10 * 10;
        double pd = 1 / (1000 * c);
        double watchSlope = uniform ? 0 : -0.1;
        return new FastCellParameters<T>
        {
            Vr = Values(vr, 0.1), Linear = Values(-k * pd * (vr + vt), 0.1), KP = Values(k * pd, 0.2), P = Values(pd, 0.2),
            Constant = Values(k * pd * vr * vt, 0.2), DiagConstant = Values(31.831 / 40.0 * area / 100 - 0.001 * k * pd, 0.2),
            UOffset = Values(0.001 - vr, 0.1), A = Values(0.03, 0.3), B = Values(-2, 0.3),
            Threshold = Values(0, 0), Vpeak = Values(35, 0.1), WatchSlope = Values(watchSlope, 0.5),
            KindE = [.. new[] { 0.0, -70, -90 }.Take(kinds).Select(T.CreateTruncating)],
        };
    }

    private static FastCellState<T> State<T>(FastCellParameters<T> parameters, int kinds, int seed, int groupLanes) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        var state = new FastCellState<T>(parameters.CellCount, kinds, groupLanes);
        for (int i = 0; i < state.CellCount; i++)
        {
            state.V[i] = T.CreateTruncating(-80 + 120 * random.NextDouble());
            state.U[i] = T.CreateTruncating(-20 + 220 * random.NextDouble());
            state.SetConditions(i, random.Next(4) == 0, random.Next(4) == 0);
        }
        // Per cell and kind, whatever the grouping.
        for (int i = 0; i < state.CellCount; i++)
        {
            for (int kind = 0; kind < kinds; kind++)
            {
                int at = state.IndexOfA(kind, i);
                state.Synapses[at] = T.CreateTruncating(0.05 * random.NextDouble());
                state.Synapses[at + state.GroupLanes] = T.CreateTruncating(0.05 * random.NextDouble());
            }
        }
        return state;
    }

    private static long[] Bits(IReadOnlyList<double> values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
