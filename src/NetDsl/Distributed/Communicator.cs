namespace NetDsl.Distributed;

/// <summary>
/// The processes (ranks) of a distributed run and the few collective operations it needs: the per-window spike
/// exchange (counts, then the packed spikes of every rank), gathering results to rank 0, and aborting the job.
/// Every rank must call the same collectives in the same order.
/// </summary>
public abstract class Communicator : IDisposable
{
    /// <summary>This process's index, 0 .. <see cref="Size"/> - 1.</summary>
    public abstract int Rank { get; }

    /// <summary>Number of ranks.</summary>
    public abstract int Size { get; }

    /// <summary>What carries the messages, for the run summary (e.g. "MPI, Open MPI (libmpi.so.40)").</summary>
    public abstract string Description { get; }

    /// <summary>Every rank's <paramref name="value"/>, in rank order, into <paramref name="all"/> (Size entries).</summary>
    public abstract void AllgatherCounts(int value, int[] all);

    /// <summary>
    /// Every rank's <paramref name="mine"/> concatenated in rank order into <paramref name="all"/>; rank r's entries
    /// are [offsets[r], offsets[r] + counts[r]) (counts as <see cref="AllgatherCounts"/> gave them).
    /// </summary>
    public abstract void AllgatherVariable(ReadOnlySpan<long> mine, long[] all, int[] counts, int[] offsets);

    /// <summary>Rank 0 gets every rank's bytes, in rank order (its own first); the other ranks get null.</summary>
    public abstract byte[][]? GatherToRoot(byte[] mine);

    /// <summary>Ends the whole job after a failure on this rank (MPI_Abort): the other ranks never wait for it.</summary>
    public abstract void Abort(int errorCode, string message);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>A distributed run was asked for, but no MPI library could be loaded or started.</summary>
public sealed class MpiUnavailableException(string message) : Exception(message);

/// <summary>Another rank failed; this rank's part of the run was abandoned (in-process ranks only).</summary>
public sealed class RankAbortedException(string message) : Exception(message);
