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
        Build(model.ToDefinition(), options).Run(options);

    /// <summary>The network, or in a distributed run (<see cref="RunOptions.Distributed"/>) this rank's share of it.</summary>
    private static Network Build(Definition.NetworkDefinition definition, RunOptions? options) =>
        options?.Distributed is { } communicator ? NetworkBuilder.Build(definition, communicator) : NetworkBuilder.Build(definition);

    /// <summary>Like <see cref="Run"/>, also counting the bytes allocated while the network was built.</summary>
    public static MeasuredRun RunMeasured(INetworkModel model, RunOptions? options = null)
    {
        var definition = model.ToDefinition();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var network = Build(definition, options);
        long built = GC.GetAllocatedBytesForCurrentThread() - before;
        return new MeasuredRun(network.Run(options), built);
    }
}
