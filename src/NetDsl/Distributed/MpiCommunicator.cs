using System.Runtime.InteropServices;

namespace NetDsl.Distributed;

/// <summary>
/// MPI_COMM_WORLD through a thin binding of our own: the library is found at run time (<see cref="Candidates"/>),
/// its functions called through unmanaged function pointers, its handles resolved by <see cref="MpiHandles"/>.
/// One per process: MPI can be initialized once; <see cref="Dispose"/> finalizes it.
/// </summary>
public sealed unsafe class MpiCommunicator : Communicator
{
    /// <summary>
    /// Libraries tried in order: <c>NETDSL_MPI_LIB</c> (a path or name), then Open MPI 4/5 and MPICH 3/4 — MPICH's
    /// first when MPICH's launcher started the process (<see cref="MpiLaunch.Launcher"/>) — then the development link.
    /// <c>NETDSL_MPI_LIB=none</c> tries none (MPI off).
    /// </summary>
    public static IReadOnlyList<string> Candidates(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var names = new List<string>();
        string? explicitLibrary = environment("NETDSL_MPI_LIB");
        if (explicitLibrary == "none") return names;
        if (explicitLibrary is { Length: > 0 }) names.Add(explicitLibrary);
        string[] openMpi = ["libmpi.so.40"], mpich = ["libmpi.so.12", "libmpich.so.12"];
        if (MpiLaunch.Launcher(environment) == MpiFamily.Mpich) names.AddRange([.. mpich, .. openMpi]);
        else names.AddRange([.. openMpi, .. mpich]);
        names.Add("libmpi.so");
        return names;
    }

    /// <summary>What to install when no library loads (the text of the usage error).</summary>
    public const string InstallHint =
        "install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev; Fedora: dnf install openmpi) or MPICH " +
        "(apt-get install mpich), or set NETDSL_MPI_LIB to the path of libmpi.so";

    private static MpiCommunicator? _instance;
    private static readonly object Gate = new();

    private readonly nint _library;
    private readonly MpiHandles _handles;
    private readonly string _libraryName;
    private bool _finalized;

    private readonly delegate* unmanaged<int*, int> _initialized;
    private readonly delegate* unmanaged<int*, byte***, int> _init;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<nint, int*, int> _commRank;
    private readonly delegate* unmanaged<nint, int*, int> _commSize;
    private readonly delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> _allgather;
    private readonly delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int> _allgatherv;
    private readonly delegate* unmanaged<void*, int, nint, void*, int, nint, int, nint, int> _gather;
    private readonly delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, int, nint, int> _gatherv;
    private readonly delegate* unmanaged<nint, int, int> _abort;

    private MpiCommunicator(nint library, string libraryName)
    {
        _library = library;
        _libraryName = libraryName;
        _handles = MpiHandles.Resolve(library);
        _initialized = (delegate* unmanaged<int*, int>)Function("MPI_Initialized");
        _init = (delegate* unmanaged<int*, byte***, int>)Function("MPI_Init");
        _finalize = (delegate* unmanaged<int>)Function("MPI_Finalize");
        _commRank = (delegate* unmanaged<nint, int*, int>)Function("MPI_Comm_rank");
        _commSize = (delegate* unmanaged<nint, int*, int>)Function("MPI_Comm_size");
        _allgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)Function("MPI_Allgather");
        _allgatherv = (delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int>)Function("MPI_Allgatherv");
        _gather = (delegate* unmanaged<void*, int, nint, void*, int, nint, int, nint, int>)Function("MPI_Gather");
        _gatherv = (delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, int, nint, int>)Function("MPI_Gatherv");
        _abort = (delegate* unmanaged<nint, int, int>)Function("MPI_Abort");

        int flag = 0;
        Check(_initialized(&flag), "MPI_Initialized");
        if (flag == 0) Check(_init(null, null), "MPI_Init");
        int rank, size;
        Check(_commRank(_handles.CommWorld, &rank), "MPI_Comm_rank");
        Check(_commSize(_handles.CommWorld, &size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
        // A library of another MPI than the launcher's initializes every process as a job of its own: N copies of
        // the whole run writing the same outputs. Refuse before anything runs.
        if (MpiLaunch.LaunchedSize() is > 1 and int launched && launched != size)
        {
            _finalize();
            _finalized = true;
            throw new MpiUnavailableException(
                $"the launcher started {launched} ranks but {libraryName} ({_handles.Implementation}) sees a job of {size}: the library is not the " +
                "launcher's MPI. Run with the mpirun of the same MPI, or set NETDSL_MPI_LIB to its library (MPICH: libmpich.so.12, Open MPI: libmpi.so.40)");
        }
    }

    /// <summary>Loads MPI and initializes it (once per process; later calls return the same communicator).</summary>
    /// <exception cref="MpiUnavailableException">No MPI library could be loaded or MPI_Init failed; the message says what to install.</exception>
    public static MpiCommunicator Open()
    {
        lock (Gate)
        {
            if (_instance is { _finalized: false } open) return open;
            if (_instance is not null) throw new MpiUnavailableException("MPI was finalized in this process and cannot be started again.");
            // UCX reads its settings when the library is loaded, not in MPI_Init.
            PrepareEnvironment();
            var tried = new List<string>();
            foreach (string name in Candidates())
            {
                if (!NativeLibrary.TryLoad(name, out nint library))
                {
                    tried.Add(name);
                    continue;
                }
                return _instance = new MpiCommunicator(library, name);
            }
            throw new MpiUnavailableException(tried.Count == 0
                ? $"a distributed run needs an MPI library, and NETDSL_MPI_LIB=none turns MPI off: {InstallHint}."
                : $"a distributed run needs an MPI library, and none was found (tried {string.Join(", ", tried)}): {InstallHint}.");
        }
    }

    /// <summary>Whether some MPI library can be loaded (without initializing it).</summary>
    public static bool IsAvailable()
    {
        foreach (string name in Candidates())
        {
            if (NativeLibrary.TryLoad(name, out nint library))
            {
                NativeLibrary.Free(library);
                return true;
            }
        }
        return false;
    }

    public override int Rank { get; }
    public override int Size { get; }
    public override string Description => $"MPI, {_handles.Implementation} ({_libraryName})";

    public override void AllgatherCounts(int value, int[] all)
    {
        if (all.Length < Size) throw new ArgumentException("One entry per rank is needed.", nameof(all));
        fixed (int* receive = all) Check(_allgather(&value, 1, _handles.Int, receive, 1, _handles.Int, _handles.CommWorld), "MPI_Allgather");
    }

    public override void AllgatherVariable(ReadOnlySpan<long> mine, long[] all, int[] counts, int[] offsets)
    {
        fixed (long* send = mine)
        fixed (long* receive = all)
        fixed (int* countsAt = counts)
        fixed (int* offsetsAt = offsets)
        {
            // An empty span has no address; MPI still wants a valid pointer for a zero count.
            long none = 0;
            Check(_allgatherv(send == null ? &none : send, mine.Length, _handles.LongLong, receive == null ? &none : receive, countsAt, offsetsAt,
                _handles.LongLong, _handles.CommWorld), "MPI_Allgatherv");
        }
    }

    public override byte[][]? GatherToRoot(byte[] mine)
    {
        var counts = new int[Size];
        int length = mine.Length;
        fixed (int* countsAt = counts) Check(_gather(&length, 1, _handles.Int, countsAt, 1, _handles.Int, 0, _handles.CommWorld), "MPI_Gather");
        var offsets = new int[Size];
        long total = 0;
        for (int r = 0; r < Size; r++)
        {
            offsets[r] = (int)Math.Min(int.MaxValue, total);
            total += counts[r];
        }
        if (Rank == 0 && total > int.MaxValue) Abort(2, $"the results to gather on rank 0 hold {total} bytes; MPI_Gatherv takes at most {int.MaxValue}");
        var all = new byte[Rank == 0 ? total : 0];
        byte none = 0;
        fixed (byte* send = mine)
        fixed (byte* receive = all)
        fixed (int* countsAt = counts)
        fixed (int* offsetsAt = offsets)
        {
            Check(_gatherv(send == null ? &none : send, length, _handles.Byte, receive == null ? &none : receive, countsAt, offsetsAt, _handles.Byte, 0,
                _handles.CommWorld), "MPI_Gatherv");
        }
        if (Rank != 0) return null;
        var parts = new byte[Size][];
        for (int r = 0; r < Size; r++) parts[r] = all.AsSpan(offsets[r], counts[r]).ToArray();
        return parts;
    }

    /// <summary>How long a failing rank waits between printing its error and aborting the job.</summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(250);

    public override void Abort(int errorCode, string message)
    {
        Console.Error.WriteLine($"netdsl: rank {Rank} of {Size}: {message}");
        Console.Error.Flush();
        // The launcher forwards a rank's output through its own process, which the abort stops (MPICH's proxy lost
        // the message in one CI run out of several): give it a moment to pass the line on first.
        Thread.Sleep(AbortGrace);
        _abort(_handles.CommWorld, errorCode);
        // MPI_Abort does not return on a working MPI; make sure this rank never waits for the others.
        Environment.Exit(errorCode);
    }

    public override void Dispose()
    {
        lock (Gate)
        {
            if (!_finalized)
            {
                _finalized = true;
                _finalize();
            }
        }
        base.Dispose();
    }

    private void* Function(string name) =>
        NativeLibrary.TryGetExport(_library, name, out nint address)
            ? (void*)address
            : throw new MpiUnavailableException($"{_libraryName} has no '{name}': it is not an MPI library.");

    private void Check(int code, string function)
    {
        // MPI's default error handler aborts the job before returning an error; this is for handlers that return.
        if (code != 0) throw new InvalidOperationException($"{function} failed with MPI error {code}.");
    }

    /// <summary>
    /// Before the library is loaded: UCX (MPICH, Open MPI on InfiniBand) and Open MPI install SIGSEGV handlers that turn .NET's
    /// null-reference handling into a crash of the process; switch them off unless the user set them.
    /// </summary>
    private static void PrepareEnvironment()
    {
        SetIfUnset("UCX_ERROR_SIGNALS", "");
        SetIfUnset("OMPI_MCA_opal_signal", "");
    }

    private static void SetIfUnset(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is not null) return;
        // The native environment, which the MPI library reads (Environment.SetEnvironmentVariable does not reach it on Unix).
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = setenv(name, value, 0);
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);
}
