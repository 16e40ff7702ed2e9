using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using NetDsl.Kernels;
using NetDsl.Kernels.Fast;
using NetDsl.Kernels.Simd;
using NetDsl.Simulation;

namespace NetDsl.Benchmarks;

/// <summary>
/// `kernel N STEPS`: the fast engine's soma kernel alone (no events, no network) on N resting benchmark cells, in
/// double and single precision, in blocks of 256 cells (as the engine runs it) and over all cells at once.
/// Separates the arithmetic of a neuron-step from everything else the engine does per step.
/// </summary>
internal static class KernelProbe
{
    public static void Run(int cells, int steps)
    {
        var network = NetworkBuilder.Build(EiBenchmarkModel.Create(cells, fastConnectivity: true, durationMs: 1));
        Console.WriteLine($"# {ScalingRun.Machine()}");
        // NETDSL_VECTOR_WIDTH=256|512 picks the width (as in a run); unset: 512 bits where the CPU has AVX-512.
        Console.WriteLine($"# vector width: {VectorWidths.Resolve(VectorWidth.Auto)}");
        Console.WriteLine("| precision | cells per call | ns / neuron-step |");
        Console.WriteLine("|---|---|---|");
        Measure<double>(network, cells, steps);
        Measure<float>(network, cells, steps);
    }

    private static void Measure<T>(Network network, int cells, int steps) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var parameters = FastCellParameters<T>.From(network.Compiled);
        var width = VectorWidths.Resolve(VectorWidth.Auto);
        var state = new FastCellState<T>(cells, network.Compiled.KindE.Length, FastCellState<T>.GroupLanesFor(width));
        var epochs = new SynapseEpochs<T>(network.Compiled, state.KindStride);
        var changed = new int[cells];
        var conditions = new uint[cells];
        T dt = T.CreateTruncating(network.Definition.Simulation.Dt);
        int lanes = FastSomaKernel<T>.Lanes;
        foreach (int block in new[] { 256, cells })
        {
            for (int i = 0; i < cells; i++) state.V[i] = parameters.Vr[i];
            var clock = Stopwatch.StartNew();
            for (int from = 0; from < cells; from += block)
            {
                int to = Math.Min(cells, from + block) / lanes * lanes;
                if (to <= from) continue;
                for (int k = 0; k < steps; k++)
                {
                    // As the engine runs it: a rescaling pass at the start of every decay epoch.
                    int epochStep = k % epochs.Steps;
                    if (epochStep == 0 && k > 0) FastSomaKernel<T>.Rescale(state, from, to, epochs.Decay(epochs.Steps));
                    FastSomaKernel<T>.Step(parameters, state, from, to, true, dt, epochs.Decay(epochStep), changed, conditions, width);
                }
            }
            double ns = clock.Elapsed.TotalSeconds * 1e9 / ((double)cells * steps);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {typeof(T).Name} | {block:N0} | {ns:F2} |"));
        }
        if (!double.IsFinite(FastSomaKernel<T>.SumOfStates(state, 0, cells))) throw new InvalidOperationException("The kernel diverged.");
    }
}

/// <summary>
/// `exact-kernel N STEPS ROUNDS`: the exact engine's vector soma step (a presummed run over all N cells of the E/I
/// benchmark, currents fixed at 0) with the division by the end node's pivot as an exact product and as a division,
/// alternated ROUNDS times in one process; ns per neuron-step, fastest and median of each.
/// </summary>
internal static class ExactKernelProbe
{
    public static void Run(int cells, int steps, int rounds)
    {
        var net = NetworkBuilder.Build(EiBenchmarkModel.Create(cells, fastConnectivity: true, durationMs: 1)).Compiled;
        var parameters = new SomaParameters
        {
            K = net.K, Vr = net.Vr, Vt = net.Vt, A = net.A, B = net.B, C = net.C, Iin = net.Iin, Scale = net.Scale, CapTerm = net.CapTerm,
            AxialA1 = net.AxialA1, AxialB1 = net.AxialB1, AxialA2 = net.AxialA2, AxialB2 = net.AxialB2, EndFactor = net.EndFactor, EndProduct = net.EndProduct,
        };
        int count = cells / 8 * 8;
        var state = new SomaState
        {
            V0 = new double[cells], V1 = (double[])net.Vr.Clone(), V2 = new double[cells], U = new double[cells], T0 = new double[cells],
            SynA = [], SynB = [],
        };
        var rhs = new double[cells];
        var diag = new double[cells];
        var width = VectorWidths.Resolve(VectorWidth.Auto);
        VectorRun Run(bool products) => new()
        {
            FirstCell = 0, CellCount = count, FirstSlot = 0, SlotsPerCell = 0, SlotKinds = [], UniformParameters = parameters.AreUniform(0, count),
            DivideByC = false, PresummedCurrents = true, PivotByProduct = products,
        };
        var runs = new[] { Run(true), Run(false) };
        var times = new[] { new List<double>(), new List<double>() };
        double tmid = 0;
        for (int round = 0; round < rounds; round++)
        {
            for (int variant = 0; variant < 2; variant++)
            {
                var clock = Stopwatch.StartNew();
                for (int k = 0; k < steps; k++) SomaVectorKernel.IntegratePresummedRun(runs[variant], parameters, state, rhs, diag, tmid += 0.025, width);
                times[variant].Add(clock.Elapsed.TotalSeconds * 1e9 / ((double)count * steps));
            }
        }
        Console.WriteLine($"# {ScalingRun.Machine()}");
        double pivot = 0.0 - net.AxialB2[0];
        Console.WriteLine($"# vector width: {width}; uniform constants: {runs[0].UniformParameters}; end pivot {pivot:R} (d·RN(1/d) − 1 = {Math.FusedMultiplyAdd(pivot, 1.0 / pivot, -1.0):R})");
        Console.WriteLine("| end pivot | fastest ns / neuron-step | median |");
        Console.WriteLine("|---|---|---|");
        string[] names = ["exact product", "division"];
        for (int variant = 0; variant < 2; variant++)
        {
            var sorted = times[variant].Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {names[variant]} | {sorted[0]:F2} | {sorted[sorted.Length / 2]:F2} |"));
        }
    }
}
