namespace NetDsl.Distributed;

/// <summary>
/// The cells one rank owns: the consecutive gids [From, To). Blocks rather than NetPyNE's round-robin (gid % size)
/// keep a rank's cells side by side, as the vector kernels (4 or 8 neighbouring cells per vector) and the thread
/// ranges inside a rank need; the spikes do not depend on the split. Block boundaries are multiples of
/// <see cref="Alignment"/> cells, so a rank of fewer cells than that can own none.
/// </summary>
public readonly record struct RankCells(int Rank, int Size, int From, int To)
{
    /// <summary>Block boundaries fall on multiples of this many gids (one 8-float vector).</summary>
    public const int Alignment = 8;

    public int Count => To - From;

    public bool Owns(int gid) => gid >= From && gid < To;

    /// <summary>The block of <paramref name="rank"/> among <paramref name="size"/> ranks for <paramref name="cells"/> cells.</summary>
    public static RankCells Of(int rank, int size, int cells)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, size);
        return new RankCells(rank, size, Boundary(rank, size, cells), Boundary(rank + 1, size, cells));
    }

    /// <summary>The whole network on one process.</summary>
    public static RankCells All(int cells) => new(0, 1, 0, cells);

    private static int Boundary(int rank, int size, int cells) =>
        rank == size ? cells : (int)Math.Min(cells, (long)cells * rank / size / Alignment * Alignment);
}
