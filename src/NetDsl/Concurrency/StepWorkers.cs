using System.Diagnostics;

namespace NetDsl.Concurrency;

/// <summary>
/// A fixed team of threads that runs a set of work items (cell chunks) many times per simulated millisecond.
/// Each thread owns a consecutive share of the items (so a chunk's state stays in one core's cache) and claims
/// them one at a time; a thread that is done takes unclaimed items of the others, so a thread that the operating
/// system holds back delays the step by at most the item it has claimed. Idle workers wait by spinning (then
/// yielding, never sleeping) on a generation counter; nothing is allocated. It also keeps the time each thread spent
/// on items and the time the runs took (<see cref="Load"/>), so that a run can say what its threads waited for.
/// </summary>
internal sealed class StepWorkers : IDisposable
{
    private readonly Action<int> _work;
    private readonly Func<bool>? _idle;
    private readonly int _items;
    private readonly Thread[] _threads;
    private readonly long[] _allocated;
    private long _generation;
    // Per thread: next unclaimed item of its share (padded apart: one cache line each) and the share's end.
    private const int Padding = 16;
    private readonly int[] _cursor;
    private readonly int[] _shareEnd;
    private int _completed;
    // Per thread (padded like the cursors): Stopwatch ticks spent on items; and the ticks the runs took in all.
    private readonly long[] _workTicks;
    private long _runTicks;
    private long _runs;
    private volatile bool _stopping;
    private Exception? _failure;

    /// <param name="threads">Threads taking part, including the caller's.</param>
    /// <param name="items">Work items per <see cref="Run"/>.</param>
    /// <param name="work">Called with the item index; reads what to do from its owner's state.</param>
    /// <param name="idle">
    /// Called by a thread that waits (for the others to finish, or for the next run), again and again while it
    /// returns true: a short piece of work that a later item would otherwise do itself, or false when there is none.
    /// </param>
    public StepWorkers(int threads, int items, Action<int> work, Func<bool>? idle = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        _work = work;
        _idle = idle;
        _items = items;
        _threads = new Thread[threads - 1];
        _allocated = new long[threads];
        _cursor = new int[threads * Padding];
        _workTicks = new long[threads * Padding];
        _shareEnd = new int[threads];
        for (int t = 0; t < threads; t++) _shareEnd[t] = (int)((long)items * (t + 1) / threads);
        for (int t = 1; t < threads; t++)
        {
            int index = t;
            _threads[t - 1] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"NetDsl step worker {index}" };
            _threads[t - 1].Start();
        }
    }

    public int Threads => _threads.Length + 1;

    /// <summary>Bytes allocated so far by the worker threads (the caller's thread is not included).</summary>
    public long WorkerAllocatedBytes
    {
        get
        {
            long total = 0;
            for (int t = 1; t < _allocated.Length; t++) total += Volatile.Read(ref _allocated[t]);
            return total;
        }
    }

    /// <summary>Runs every item once and returns when all are done.</summary>
    public void Run()
    {
        long started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _completed, 0);
        for (int t = 0; t < _shareEnd.Length; t++) Volatile.Write(ref _cursor[t * Padding], t == 0 ? 0 : _shareEnd[t - 1]);
        Interlocked.Increment(ref _generation);
        Drain(0);
        int spins = 0;
        while (Volatile.Read(ref _completed) != _items)
        {
            if (!WorkWhileIdle()) Pause(ref spins);
        }
        _runTicks += Stopwatch.GetTimestamp() - started;
        _runs++;
        if (_failure is { } failure)
        {
            _failure = null;
            throw new AggregateException("A simulation worker thread failed.", failure);
        }
    }

    /// <summary>Own share first, then whatever the other threads have not claimed yet.</summary>
    private void Drain(int self)
    {
        int threads = _shareEnd.Length;
        for (int k = 0; k < threads; k++)
        {
            int share = (self + k) % threads;
            int item;
            while ((item = Interlocked.Increment(ref _cursor[share * Padding]) - 1) < _shareEnd[share])
            {
                long started = Stopwatch.GetTimestamp();
                try
                {
                    _work(item);
                }
                catch (Exception e)
                {
                    _failure ??= e;
                }
                // Before the item counts as done (a full fence): the caller sees it once every item is.
                _workTicks[self * Padding] += Stopwatch.GetTimestamp() - started;
                Interlocked.Increment(ref _completed);
            }
        }
    }

    private void Loop(int thread)
    {
        long seen = 0;
        while (true)
        {
            int spins = 0;
            long generation;
            while ((generation = Volatile.Read(ref _generation)) == seen)
            {
                if (_stopping) return;
                if (WorkWhileIdle()) spins = 0;
                else Pause(ref spins);
            }
            seen = generation;
            if (_stopping) return;
            Drain(thread);
            Volatile.Write(ref _allocated[thread], GC.GetAllocatedBytesForCurrentThread());
        }
    }

    /// <summary>One piece of the idle work, if there is any; a failure is the next run's.</summary>
    private bool WorkWhileIdle()
    {
        if (_idle is not { } idle) return false;
        try
        {
            return idle();
        }
        catch (Exception e)
        {
            _failure ??= e;
            return false;
        }
    }

    /// <summary>
    /// Busy-waits with pause instructions for the first ~50 microseconds (a step's hand-off is shorter), then
    /// yields the processor between checks so that a long wait does not starve other work.
    /// </summary>
    private static void Pause(ref int spins)
    {
        if (spins < 2000)
        {
            spins++;
            Thread.SpinWait(30);
        }
        else
        {
            Thread.Yield();
        }
    }

    /// <summary>The time each thread spent on items and the time the runs took, since the team started.</summary>
    public ThreadLoad Load()
    {
        var work = new double[_shareEnd.Length];
        for (int t = 0; t < work.Length; t++) work[t] = _workTicks[t * Padding] / (double)Stopwatch.Frequency;
        return new ThreadLoad(work, _runTicks / (double)Stopwatch.Frequency, _runs);
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var thread in _threads) thread.Join();
    }
}

/// <summary>
/// How a run's threads spent its parallel parts: each thread's time on its items (the caller's first) and the time
/// the parallel parts took, from the first thread starting to the last finishing; a thread waits for the rest.
/// </summary>
/// <param name="WorkSeconds">Per thread: seconds spent on items.</param>
/// <param name="ParallelSeconds">Seconds the parallel parts took in all.</param>
/// <param name="Parts">How many parallel parts ran.</param>
public sealed record ThreadLoad(IReadOnlyList<double> WorkSeconds, double ParallelSeconds, long Parts);
