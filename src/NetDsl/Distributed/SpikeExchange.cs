using System.Diagnostics;

namespace NetDsl.Distributed;

/// <summary>
/// The once-per-window exchange of a distributed run: every rank sends its window's spikes as packed keys
/// (step and gid in one long, sorted by the engine) and receives every rank's, sorted by (step, gid) as one process
/// would have found them. Two collectives per window: MPI_Allgather of the counts, MPI_Allgatherv of the keys.
/// A stop request (Ctrl-C on some rank) travels in the count, so that every rank stops after the same window.
/// Buffers are reused; they grow (doubling) only when a window brings more spikes than ever before.
/// </summary>
internal sealed class SpikeExchange
{
    private readonly Communicator _communicator;
    private readonly int[] _counts;
    private readonly int[] _offsets;
    private long[] _received;
    private long _lastReturn;

    public SpikeExchange(Communicator communicator, int cellCount)
    {
        _communicator = communicator;
        _counts = new int[communicator.Size];
        _offsets = new int[communicator.Size];
        _received = new long[Math.Max(4096, Math.Min(1 << 20, cellCount))];
    }

    public Communicator Communicator => _communicator;
    public int Rank => _communicator.Rank;
    public int Size => _communicator.Size;

    /// <summary>Set by the engine before an exchange; true once any rank asked to stop.</summary>
    public bool StopRequested { get; set; }
    public bool StopAgreed { get; private set; }

    // Per-rank costs, in Stopwatch ticks: between exchanges (the rank's own work), in the counts' Allgather (waiting
    // for the slowest rank) and in the keys' Allgatherv plus the merge (moving the spikes).
    private long _computeTicks, _waitTicks, _exchangeTicks;
    public long Windows { get; private set; }
    public long SpikesSent { get; private set; }
    public long SpikesReceived { get; private set; }
    public double ComputeSeconds => _computeTicks / (double)Stopwatch.Frequency;
    public double WaitSeconds => _waitTicks / (double)Stopwatch.Frequency;
    public double ExchangeSeconds => _exchangeTicks / (double)Stopwatch.Frequency;

    /// <summary>
    /// The window every rank uses: the shortest of the ranks' own (each knows only the delays onto its cells), so
    /// that no spike of any rank is due before the exchange that brings it.
    /// </summary>
    public int AgreeOnWindow(int localWindow)
    {
        _communicator.AllgatherCounts(localWindow, _counts);
        return _counts.Min();
    }

    /// <summary>Starts the clock of the first window (after the build, when stepping begins).</summary>
    public void Start()
    {
        _lastReturn = Stopwatch.GetTimestamp();
        _computeTicks = _waitTicks = _exchangeTicks = 0;
        Windows = SpikesSent = SpikesReceived = 0;
        StopAgreed = false;
    }

    /// <summary>
    /// Sends this rank's keys (ascending) and returns every rank's keys, ascending; the span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<long> Exchange(ReadOnlySpan<long> mine)
    {
        long entered = Stopwatch.GetTimestamp();
        _computeTicks += entered - _lastReturn;
        // A stop request is the count's complement: -1 - count.
        _communicator.AllgatherCounts(StopRequested ? -1 - mine.Length : mine.Length, _counts);
        long counted = Stopwatch.GetTimestamp();
        int total = 0;
        for (int r = 0; r < _counts.Length; r++)
        {
            if (_counts[r] < 0)
            {
                StopAgreed = true;
                _counts[r] = -1 - _counts[r];
            }
            _offsets[r] = total;
            total += _counts[r];
        }
        if (total > _received.Length) _received = new long[Math.Max(total, 2 * _received.Length)];
        _communicator.AllgatherVariable(mine, _received, _counts, _offsets);
        // Each rank's run is sorted; ranks own consecutive gids, but a window spans several steps: sort the whole.
        var all = _received.AsSpan(0, total);
        if (Size > 1) all.Sort();
        long done = Stopwatch.GetTimestamp();
        _waitTicks += counted - entered;
        _exchangeTicks += done - counted;
        _lastReturn = done;
        Windows++;
        SpikesSent += mine.Length;
        SpikesReceived += total;
        return all;
    }
}
