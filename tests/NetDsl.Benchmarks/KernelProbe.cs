using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using NetDsl.Kernels;
using NetDsl.Kernels.Fast;
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
        var state = new FastCellState<T>(cells, network.Compiled.KindE.Length);
        var epochs = new SynapseEpochs<T>(network.Compiled, state.KindStride);
        var changed = new int[cells];
        var conditions = new uint[cells];
        T dt = T.CreateTruncating(network.Definition.Simulation.Dt);
        int lanes = FastSomaKernel<T>.Lanes;
        var width = VectorWidths.Resolve(VectorWidth.Auto);
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
