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

    /// <summary>
    /// The MPI family whose launcher started this process, from the variables only that launcher sets: a library of
    /// the other family would initialize as a job of one rank in each process, so its library is tried first.
    /// </summary>
    public static MpiFamily Launcher(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("OMPI_COMM_WORLD_SIZE") is not null) return MpiFamily.OpenMpi;
        // Hydra (MPICH, Intel MPI) sets PMI_SIZE and HYDI_CONTROL_FD; MVAPICH sets MV2_COMM_WORLD_SIZE.
        if (environment("HYDI_CONTROL_FD") is not null || environment("MV2_COMM_WORLD_SIZE") is not null || environment("PMI_SIZE") is not null)
            return MpiFamily.Mpich;
        return MpiFamily.Unknown;
    }
}

/// <summary>The two families of MPI libraries, which differ in their handles and launchers.</summary>
public enum MpiFamily
{
    /// <summary>No launcher variables: not started by mpirun, or by a launcher that says nothing.</summary>
    Unknown,
    OpenMpi,
    /// <summary>MPICH and its derivatives (Intel MPI, MVAPICH).</summary>
    Mpich,
}
