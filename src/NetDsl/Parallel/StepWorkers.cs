namespace NetDsl.Parallel;

/// <summary>
/// A fixed team of threads that runs one piece of work per partition, many times per simulated millisecond.
/// The caller's thread takes partition 0; the others wait by spinning (yielding, never sleeping) on a
/// generation counter, so a hand-off costs about a microsecond and allocates nothing.
/// </summary>
internal sealed class StepWorkers : IDisposable
{
    private readonly Action<int> _work;
    private readonly Thread[] _threads;
    private long _generation;
    private int _pending;
    private volatile bool _stopping;
    private Exception? _failure;
    private readonly long[] _allocated;

    /// <param name="partitions">Number of partitions (threads including the caller's).</param>
    /// <param name="work">Called with the partition index; reads what to do from its owner's state.</param>
    public StepWorkers(int partitions, Action<int> work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _work = work;
        _threads = new Thread[partitions - 1];
        _allocated = new long[partitions];
        for (int p = 1; p < partitions; p++)
        {
            int partition = p;
            _threads[p - 1] = new Thread(() => Loop(partition)) { IsBackground = true, Name = $"NetDsl step worker {partition}" };
            _threads[p - 1].Start();
        }
    }

    public int Partitions => _threads.Length + 1;

    /// <summary>Bytes allocated so far by the worker threads (the caller's thread is not included).</summary>
    public long WorkerAllocatedBytes
    {
        get
        {
            long total = 0;
            for (int p = 1; p < _allocated.Length; p++) total += Volatile.Read(ref _allocated[p]);
            return total;
        }
    }

    /// <summary>Runs the work for every partition and returns when all are done.</summary>
    public void Run()
    {
        Volatile.Write(ref _pending, _threads.Length);
        Interlocked.Increment(ref _generation);
        _work(0);
        var spinner = new SpinWait();
        while (Volatile.Read(ref _pending) != 0) spinner.SpinOnce(sleep1Threshold: -1);
        if (_failure is { } failure)
        {
            _failure = null;
            throw new AggregateException("A simulation worker thread failed.", failure);
        }
    }

    private void Loop(int partition)
    {
        long seen = 0;
        while (true)
        {
            var spinner = new SpinWait();
            long generation;
            while ((generation = Volatile.Read(ref _generation)) == seen)
            {
                if (_stopping) return;
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            seen = generation;
            if (_stopping) return;
            try
            {
                _work(partition);
            }
            catch (Exception e)
            {
                _failure ??= e;
            }
            Volatile.Write(ref _allocated[partition], GC.GetAllocatedBytesForCurrentThread());
            Interlocked.Decrement(ref _pending);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var thread in _threads) thread.Join();
    }
}
