namespace NetDsl.Simulation;

/// <summary>Progress of a run, reported between blocks of steps (never from the hot loop itself).</summary>
public readonly record struct RunProgress(double SimulatedMs, double DurationMs, double ElapsedSeconds);

/// <summary>Options for <c>Simulator.Run</c>.</summary>
public sealed record RunOptions
{
    /// <summary>Cancelling stops the run at the next block boundary; the result is then marked partial.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Called about every <see cref="ProgressInterval"/> of wall-clock time.</summary>
    public Action<RunProgress>? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Worker threads; spikes are identical for every count. 0 (the default) takes the definition's
    /// <see cref="Definition.SimulationSettings.Threads"/> (<c>sim threads=</c>, 1 unless set).
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Overrides the definition's <see cref="Definition.SimulationSettings.Precision"/> when set.</summary>
    public Definition.SimulationPrecision? Precision { get; init; }

    /// <summary>
    /// Runs the network on the ranks of this communicator (<see cref="Distributed.MpiCommunicator.Open"/> under mpirun,
    /// or <see cref="Distributed.InProcessCommunicator"/>): each rank simulates its own cells and the ranks exchange
    /// spikes once per window of the shortest delay; rank 0's result holds the whole run. Null: one process.
    /// A network built whole is rebuilt for the rank first; <see cref="NetworkBuilder.Build(Definition.NetworkDefinition, Distributed.Communicator)"/>
    /// builds only the rank's share.
    /// </summary>
    public Distributed.Communicator? Distributed { get; init; }

    /// <summary>
    /// The soma kernels' vector width (tests and benchmarks force one; <see cref="Kernels.VectorWidth.Auto"/> reads
    /// NETDSL_VECTOR_WIDTH, else takes 512 bits where the CPU has AVX-512). Results do not depend on it.
    /// </summary>
    internal Kernels.VectorWidth VectorWidth { get; init; }

    /// <summary>The options a run uses: the defaults, with the definition's thread count where none was asked for.</summary>
    internal static RunOptions Resolve(RunOptions? options, Definition.SimulationSettings settings)
    {
        options ??= new RunOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Threads, "options.Threads");
        return options.Threads == 0 ? options with { Threads = Math.Max(1, settings.Threads) } : options;
    }
}
