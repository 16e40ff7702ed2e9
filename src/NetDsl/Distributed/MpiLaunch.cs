namespace NetDsl.Distributed;

/// <summary>Whether this process was started by an MPI launcher (mpirun, mpiexec, srun) as one of several ranks.</summary>
public static class MpiLaunch
{
    // Open MPI sets OMPI_COMM_WORLD_SIZE; MPICH's Hydra and Slurm's PMI set PMI_SIZE; MVAPICH sets MV2_COMM_WORLD_SIZE.
    private static readonly string[] SizeVariables = ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MV2_COMM_WORLD_SIZE"];

    /// <summary>The number of ranks the launcher started, or null when no launcher variable is set.</summary>
    public static int? LaunchedSize(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        foreach (string name in SizeVariables)
        {
            if (int.TryParse(environment(name), out int size) && size > 0) return size;
        }
        return null;
    }

    /// <summary>True when a launcher started more than one rank: the run is then distributed without being asked.</summary>
    public static bool IsMultiRankLaunch(Func<string, string?>? environment = null) => LaunchedSize(environment) > 1;
}
