namespace NetDsl.Models;

/// <summary>
/// The cells of one population: gids <see cref="FirstGid"/> to <see cref="EndGid"/> - 1 (NetPyNE numbers populations
/// in file order). Generated models hand these out as typed handles (<c>model.Populations.IZH_exc</c>), sized by the
/// current parameters, and results carry the range of the run (<see cref="PopulationResult.Cells"/>).
/// </summary>
public readonly record struct Population(string Name, int FirstGid, int Count)
{
    /// <summary>One past the last gid.</summary>
    public int EndGid => FirstGid + Count;

    /// <summary>Whether the cell with this gid belongs to the population.</summary>
    public bool Contains(int gid) => gid >= FirstGid && gid < FirstGid + Count;

    /// <summary>The gid of the cell at <paramref name="index"/> within the population.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index outside 0 to Count - 1.</exception>
    public int Gid(int index) =>
        index >= 0 && index < Count ? FirstGid + index : throw new ArgumentOutOfRangeException(nameof(index), index, Name + " has " + Count + " cells");

    /// <summary>Every gid of the population, in order.</summary>
    public IEnumerable<int> Gids => Enumerable.Range(FirstGid, Count);
}
