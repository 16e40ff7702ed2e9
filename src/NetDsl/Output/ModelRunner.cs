using NetDsl.Simulation;

namespace NetDsl.Output;

/// <summary>A run with what it cost beyond the result's own timing.</summary>
public sealed record MeasuredRun(SimulationResult Result, long BuildAllocatedBytes);

/// <summary>Builds a model's network and runs it: the one path every tool (CLI, examples, sweeps) takes.</summary>
public static class ModelRunner
{
    /// <exception cref="NetDslModelException">The model's values describe an invalid network.</exception>
    /// <exception cref="SimulationDivergedException">A state variable became NaN or infinite.</exception>
    public static SimulationResult Run(INetworkModel model, RunOptions? options = null) =>
        NetworkBuilder.Build(model.ToDefinition()).Run(options);

    /// <summary>Like <see cref="Run"/>, also counting the bytes allocated while the network was built.</summary>
    public static MeasuredRun RunMeasured(INetworkModel model, RunOptions? options = null)
    {
        var definition = model.ToDefinition();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var network = NetworkBuilder.Build(definition);
        long built = GC.GetAllocatedBytesForCurrentThread() - before;
        return new MeasuredRun(network.Run(options), built);
    }
}
