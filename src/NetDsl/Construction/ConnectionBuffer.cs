using System.Runtime.CompilerServices;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// The connections as the rules append them (rule by rule, each in its own order), as parallel arrays:
/// pre and post gid per connection, and weight and delay only when some rule draws them per connection
/// (otherwise a connection's rule gives both). <see cref="RuleEnd"/> marks where each rule's run ends.
/// </summary>
internal sealed class ConnectionBuffer
{
    private int[] _pre = [];
    private int[] _post = [];
    private double[] _weight = [];
    private double[] _delay = [];
    private readonly List<int> _ruleEnd = [];

    // Post cells whose connections are kept: a rank of a distributed run keeps only those onto its own cells
    // (every rule still draws all its pairs, so the kept ones are the single-process network's).
    private readonly int _keptFrom;
    private readonly uint _keptCount;
    private readonly double _keptFraction;

    public ConnectionBuffer(bool storesValues) : this(storesValues, 0, int.MaxValue, 1.0) { }

    /// <param name="keptFrom">First post gid kept.</param>
    /// <param name="keptTo">End (exclusive) of the post gids kept; connections onto other cells are dropped as they come.</param>
    /// <param name="keptFraction">Share of all cells kept, which scales the rules' size hints.</param>
    public ConnectionBuffer(bool storesValues, int keptFrom, int keptTo, double keptFraction)
    {
        StoresValues = storesValues;
        _keptFrom = keptFrom;
        _keptCount = (uint)Math.Max(0, keptTo - keptFrom);
        _keptFraction = keptFraction;
    }

    /// <summary>Share of all cells whose connections are kept (1 unless the buffer holds one rank's share).</summary>
    public double KeptFraction => _keptFraction;

    /// <summary>Whether weight and delay are kept per connection (some rule draws them).</summary>
    public bool StoresValues { get; }

    public int Count { get; private set; }

    public int[] Pre => _pre;
    public int[] Post => _post;
    /// <summary>Per connection when <see cref="StoresValues"/>, else empty.</summary>
    public double[] Weight => _weight;
    /// <summary>Per connection when <see cref="StoresValues"/>, else empty.</summary>
    public double[] Delay => _delay;
    /// <summary>End (exclusive) of each finished rule's connections, in rule order.</summary>
    public IReadOnlyList<int> RuleEnd => _ruleEnd;

    /// <summary>Makes room for <paramref name="additional"/> more connections (a rule that can estimate its count).</summary>
    public void Reserve(long additional)
    {
        // Only a hint: growing past the largest array fails later, with the real count.
        long needed = Math.Min(Array.MaxLength, Count + Math.Max(0, (long)(additional * _keptFraction)));
        if (needed > _pre.Length) Resize((int)needed);
    }

    /// <summary>Whether connections onto <paramref name="post"/> are kept (all, unless the buffer holds one rank's share).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Keeps(int post) => (uint)(post - _keptFrom) < _keptCount;

    /// <summary>Appends one connection; weight and delay are kept only when <see cref="StoresValues"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int pre, int post, double weight, double delay)
    {
        if ((uint)(post - _keptFrom) >= _keptCount) return;
        int i = Count;
        if (i == _pre.Length) Grow();
        _pre[i] = pre;
        _post[i] = post;
        if (StoresValues)
        {
            _weight[i] = weight;
            _delay[i] = delay;
        }
        Count = i + 1;
    }

    /// <summary>
    /// Appends <paramref name="count"/> connections of weight <paramref name="weight"/> and delay
    /// <paramref name="delay"/> whose gids the caller then writes into <see cref="Pre"/> and <see cref="Post"/> from the
    /// returned index on; all must be onto cells the buffer <see cref="Keeps"/>.
    /// </summary>
    public int AddUnwritten(int count, double weight, double delay)
    {
        int first = Count;
        long needed = (long)first + count;
        if (needed > Array.MaxLength) throw new NetDslModelException("connections", $"The network would have more than {Array.MaxLength} connections.");
        if (needed > _pre.Length) Resize((int)needed);
        if (StoresValues)
        {
            _weight.AsSpan(first, count).Fill(weight);
            _delay.AsSpan(first, count).Fill(delay);
        }
        Count = (int)needed;
        return first;
    }

    public void EndRule() => _ruleEnd.Add(Count);

    private void Grow()
    {
        long next = Math.Max(1024, 2L * _pre.Length);
        if (_pre.Length == Array.MaxLength) throw new NetDslModelException("connections", $"The network would have more than {Array.MaxLength} connections.");
        Resize((int)Math.Min(next, Array.MaxLength));
    }

    private void Resize(int capacity)
    {
        Array.Resize(ref _pre, capacity);
        Array.Resize(ref _post, capacity);
        if (!StoresValues) return;
        Array.Resize(ref _weight, capacity);
        Array.Resize(ref _delay, capacity);
    }
}
