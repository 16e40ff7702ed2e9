using NetDsl.Definition;
using NetDsl.Kernels.Fast;

namespace NetDsl.Simulation;

/// <summary>Sends a run to the fast engine when it asks for <c>fast</c> or <c>single</c> precision.</summary>
internal static class FastRun
{
    /// <summary>
    /// The result of the fast engine, or null when the run is NEURON-exact (asked so, or no 256-bit vector hardware).
    /// <paramref name="options"/> must be resolved (<see cref="RunOptions.Resolve"/>).
    /// </summary>
    public static SimulationResult? TryRun(Network network, RunOptions options) => TryRun(network, options, null);

    /// <param name="exchange">The spike exchange of a distributed run (the network is then one rank's share), or null.</param>
    internal static SimulationResult? TryRun(Network network, RunOptions options, Distributed.SpikeExchange? exchange)
    {
        // NetPyNE's STDP mechanism runs on the exact engine only (the result's Precision then says Exact; docs/plasticity.md).
        if (!FastPlasticity.Supports(network.Compiled.Plasticity)) return null;
        var precision = options.Precision ?? network.Definition.Simulation.Precision;
        if (precision == SimulationPrecision.Fast && FastSomaKernel<double>.IsSupported) return new FastSimulator<double>(network, exchange).Run(options);
        if (precision == SimulationPrecision.Single && FastSomaKernel<float>.IsSupported) return new FastSimulator<float>(network, exchange).Run(options);
        return null;
    }
}
