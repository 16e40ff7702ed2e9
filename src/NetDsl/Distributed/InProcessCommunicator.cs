namespace NetDsl.Distributed;

/// <summary>
/// Ranks as threads of one process, for tests and for trying a distributed run without MPI: the same collectives,
/// with the same results, through shared memory. A rank that aborts (or throws) stops the others with a
/// <see cref="RankAbortedException"/> instead of leaving them waiting.
/// </summary>
public sealed class InProcessCommunicator : Communicator
{
    private readonly Shared _shared;

    private InProcessCommunicator(Shared shared, int rank)
    {
        _shared = shared;
        Rank = rank;
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="size"/> ranks (one thread each) and returns each rank's value.</summary>
    /// <exception cref="AggregateException">A rank failed; it holds the first failure (the others only stopped).</exception>
    public static TResult[] Run<TResult>(int size, Func<Communicator, TResult> body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var shared = new Shared(size);
        var results = new TResult[size];
        var threads = new Thread[size];
        for (int r = 0; r < size; r++)
        {
            int rank = r;
            threads[r] = new Thread(() =>
            {
                using var communicator = new InProcessCommunicator(shared, rank);
                try
                {
                    results[rank] = body(communicator);
                }
                catch (Exception e)
                {
                    shared.Fail(e);
                }
            }, 16 << 20) { IsBackground = true, Name = $"NetDsl rank {rank}" };
            threads[r].Start();
        }
        foreach (var thread in threads) thread.Join();
        if (shared.Failure is { } failure) throw new AggregateException($"Rank failed: {failure.Message}", failure);
        return results;
    }

    public override int Rank { get; }
    public override int Size => _shared.Size;
    public override string Description => "in-process ranks (threads)";

    public override void AllgatherCounts(int value, int[] all)
    {
        _shared.Counts[Rank] = value;
        _shared.Meet();
        Array.Copy(_shared.Counts, all, Size);
        _shared.Meet();
    }

    public override void AllgatherVariable(ReadOnlySpan<long> mine, long[] all, int[] counts, int[] offsets)
    {
        // Each rank publishes a copy (a span cannot be shared between threads); tests only, so the copy is fine.
        _shared.Longs[Rank] = mine.ToArray();
        _shared.Meet();
        for (int r = 0; r < Size; r++) Array.Copy(_shared.Longs[r], 0, all, offsets[r], counts[r]);
        _shared.Meet();
    }

    public override byte[][]? GatherToRoot(byte[] mine)
    {
        _shared.Bytes[Rank] = mine;
        _shared.Meet();
        byte[][]? parts = Rank == 0 ? (byte[][])_shared.Bytes.Clone() : null;
        _shared.Meet();
        return parts;
    }

    public override void Abort(int errorCode, string message)
    {
        var failure = new RankAbortedException($"rank {Rank} of {Size}: {message}");
        _shared.Fail(failure);
        throw failure;
    }

    private sealed class Shared(int size)
    {
        private readonly Barrier _barrier = new(size);
        private readonly CancellationTokenSource _failed = new();

        public int Size { get; } = size;
        public int[] Counts { get; } = new int[size];
        public long[][] Longs { get; } = new long[size][];
        public byte[][] Bytes { get; } = new byte[size][];
        public Exception? Failure { get; private set; }

        public void Meet()
        {
            try
            {
                _barrier.SignalAndWait(_failed.Token);
            }
            catch (OperationCanceledException)
            {
                throw new RankAbortedException($"another rank failed: {Failure?.Message}");
            }
        }

        public void Fail(Exception e)
        {
            lock (this)
            {
                if (Failure is null || (Failure is RankAbortedException && e is not RankAbortedException)) Failure = e;
            }
            _failed.Cancel();
        }
    }
}
