using NetDsl.Definition;

namespace NetDsl.Simulation;

/// <summary>A built network: cells with their drawn parameters, connections and stimuli, ready to simulate.</summary>
public sealed class Network
{
    internal Network(
        NetworkDefinition definition,
        IReadOnlyList<PopulationInfo> populations,
        IReadOnlyList<CellInfo> cells,
        IReadOnlyList<ConnectionInfo> connections,
        IReadOnlyList<StimInfo> stims,
        CompiledNetwork compiled,
        BuildTiming timing)
    {
        Definition = definition;
        Populations = populations;
        Cells = cells;
        Connections = connections;
        Stims = stims;
        Compiled = compiled;
        Timing = timing;
    }

    public NetworkDefinition Definition { get; }
    public IReadOnlyList<PopulationInfo> Populations { get; }
    public IReadOnlyList<CellInfo> Cells { get; }
    /// <summary>Cell-to-cell connections in NetPyNE's order: per post cell, in rule order.</summary>
    public IReadOnlyList<ConnectionInfo> Connections { get; }
    /// <summary>Stimuli per cell in creation order (event times are filled in a <see cref="SimulationResult"/>).</summary>
    public IReadOnlyList<StimInfo> Stims { get; }

    /// <summary>What the build accepted, as NetPyNE would, but reports (e.g. weights below zero), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The cells this network simulates: all of them, or one rank's share (<see cref="NetworkBuilder.Build(NetworkDefinition, Distributed.Communicator)"/>).</summary>
    public Distributed.RankCells Ownership
    {
        get => _ownership.Size == 0 ? Distributed.RankCells.All(Compiled.GidCount) : _ownership;
        init => _ownership = value;
    }

    private readonly Distributed.RankCells _ownership;

    internal CompiledNetwork Compiled { get; }
    internal BuildTiming Timing { get; }

    public Simulator CreateSimulator() => new(this);

    /// <summary>Runs the definition's duration with a new simulator (or the fast engine, see <see cref="SimulationPrecision"/>).</summary>
    public SimulationResult Run(RunOptions? options = null)
    {
        options = RunOptions.Resolve(options, Definition.Simulation);
        if (options.Distributed is { } communicator) return Distributed.DistributedRun.Run(this, communicator, options);
        return FastRun.TryRun(this, options) ?? CreateSimulator().Run(options);
    }
}
